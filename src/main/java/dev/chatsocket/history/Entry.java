package dev.chatsocket.history;

/**
 * One entry of a room's sequence: a message, or an edit or delete of one. They share the room's ids,
 * which only grow, so a client that resumes after id N gets every entry above N in order.
 */
public sealed interface Entry permits Message, Edit, Deletion {
    long id();
}
