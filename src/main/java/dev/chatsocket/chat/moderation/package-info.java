/**
 * The rules of running a room (issue 16), as pure decisions with no I/O: who may moderate whom,
 * who may edit or delete which message and until when, how long a ban or mute holds, and how often
 * a typing notice is passed on. The room and the HTTP API ask these; where sanctions are kept (one
 * node's memory, Redis for a cluster) is the backends' business.
 */
package dev.chatsocket.chat.moderation;
