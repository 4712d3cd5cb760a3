package dev.chatsocket.chat.room;

/** What became of a post the log was asked to append. */
public sealed interface PostOutcome {

    /** Appended: the log delivers it, with the sender's ack, like every other entry. */
    record Stored(long id) implements PostOutcome {
    }

    /** That sender's ref was stored already, as message {@code id}: nothing was appended. */
    record Duplicate(long id) implements PostOutcome {
    }

    /** The room's history is not the one the node serves (lost or replaced): nothing was appended. */
    record EpochLost() implements PostOutcome {
    }
}
