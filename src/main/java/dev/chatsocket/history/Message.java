package dev.chatsocket.history;

import java.util.OptionalLong;

/**
 * A message as the store holds it now: with its latest text and when it was last edited, or
 * deleted, in which case its text is gone ({@code null}) and it keeps only its place.
 */
public record Message(long id, String uid, String nick, String text, long ts, OptionalLong edited, boolean deleted)
        implements Entry {

    /** A message as it was posted: what the archive takes. */
    public static Message posted(long id, String uid, String nick, String text, long ts) {
        return new Message(id, uid, nick, text, ts, OptionalLong.empty(), false);
    }
}
