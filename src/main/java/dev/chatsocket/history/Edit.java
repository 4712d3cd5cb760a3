package dev.chatsocket.history;

/**
 * Message {@code target} got new text. {@code text} is {@code null} once the target has been deleted:
 * deleting a message takes every version of its text out of the store.
 *
 * @param uid who edited it (its author)
 */
public record Edit(long id, long target, String uid, String text, long ts) implements Entry {
}
