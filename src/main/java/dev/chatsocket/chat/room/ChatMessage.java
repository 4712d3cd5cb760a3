package dev.chatsocket.chat.room;

/**
 * One chat message as a room's history has it now: as posted, or with its latest edit, or deleted.
 *
 * @param id      a per-room number that only grows; edits and deletes take ids of the same sequence
 * @param ts      when the server accepted it, epoch milliseconds
 * @param text    its current text; {@code null} once deleted (the text is gone from the store)
 * @param edited  when it was last edited, epoch milliseconds; 0 when never
 * @param deleted whether it was deleted
 * @param bot     whether it was posted through the HTTP API by an API key (whose name is the uid)
 */
public record ChatMessage(long id, String room, String uid, String nick, String text, long ts,
                          long edited, boolean deleted, boolean bot) {

    /** A message as a member posted it: never edited, not deleted. */
    public ChatMessage(long id, String room, String uid, String nick, String text, long ts) {
        this(id, room, uid, nick, text, ts, 0, false, false);
    }

    /** This message with {@code text} as its current text, edited at {@code atMillis}. */
    public ChatMessage edited(String text, long atMillis) {
        return new ChatMessage(id, room, uid, nick, text, ts, atMillis, deleted, bot);
    }

    /** This message deleted: its place kept, its text gone. */
    public ChatMessage asDeleted() {
        return new ChatMessage(id, room, uid, nick, null, ts, edited, true, bot);
    }
}
