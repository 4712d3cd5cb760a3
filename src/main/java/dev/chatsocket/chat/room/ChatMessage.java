package dev.chatsocket.chat.room;

/**
 * One chat message as stored in a room's history.
 *
 * @param id a per-room number that only grows
 * @param ts when the server accepted it, epoch milliseconds
 */
public record ChatMessage(long id, String room, String uid, String nick, String text, long ts) {
}
