package dev.chatsocket.history;

import java.util.OptionalLong;

/**
 * A message as the store holds it now: with its latest text and when it was last edited, or
 * deleted, in which case its text is gone ({@code null}) and it keeps only its place. {@code bot}
 * marks a message an API key posted.
 */
public record Message(long id, String uid, String nick, String text, long ts, OptionalLong edited, boolean deleted,
                      boolean bot)
        implements Entry {

    /** A member's message (not a bot's). */
    public Message(long id, String uid, String nick, String text, long ts, OptionalLong edited, boolean deleted) {
        this(id, uid, nick, text, ts, edited, deleted, false);
    }

    /** A member's message as it was posted: what the archive takes. */
    public static Message posted(long id, String uid, String nick, String text, long ts) {
        return posted(id, uid, nick, text, ts, false);
    }

    /** A message as it was posted, by a member or ({@code bot}) an API key: what the archive takes. */
    public static Message posted(long id, String uid, String nick, String text, long ts, boolean bot) {
        return new Message(id, uid, nick, text, ts, OptionalLong.empty(), false, bot);
    }
}
