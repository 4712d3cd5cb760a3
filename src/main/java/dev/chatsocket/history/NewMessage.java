package dev.chatsocket.history;

/**
 * A message to append; the store gives it its id.
 *
 * @param ts  when the room accepted it, epoch milliseconds
 * @param ref the sender's reference, or {@code null}: the same {@code (uid, ref)} again within the
 *            {@link DedupeWindow} is answered with the first message's id and stores nothing
 * @param bot whether an API key posted it (docs/api.md)
 */
public record NewMessage(String uid, String nick, String text, long ts, String ref, boolean bot) {
    public NewMessage {
        Values.require("uid", uid, Values.UID_LENGTH);
        Values.require("nick", nick, Values.NICK_LENGTH);
        Values.require("text", text, Values.TEXT_LENGTH);
        Values.optional("ref", ref, Values.REF_LENGTH);
    }

    /** A member's message (not a bot's). */
    public NewMessage(String uid, String nick, String text, long ts, String ref) {
        this(uid, nick, text, ts, ref, false);
    }
}
