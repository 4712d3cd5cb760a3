package dev.chatsocket.history;

/**
 * What became of an edit or a delete.
 *
 * @param <R> what a refusal of the caller's {@link ChangeRule} says
 */
public sealed interface Changed<R> {

    /** Stored as {@code entry}, an {@link Edit} or a {@link Deletion} with the room's next id. */
    record Stored<R>(Entry entry) implements Changed<R> {
    }

    /** The sender's ref was stored already (by a message, an edit or a delete) as {@code id}: nothing was stored. */
    record Duplicate<R>(long id) implements Changed<R> {
    }

    /** No such message (never, or not a message: an edit's id), or it was deleted already: nothing was stored. */
    record NotFound<R>() implements Changed<R> {
    }

    /** The caller's rule refused it: nothing was stored. */
    record Refused<R>(R reason) implements Changed<R> {
    }
}
