package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.MessageChanges;

/** What became of a post, an edit or a delete the log was asked to append. */
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

    /** An edit or delete its rules refused, against the target as the log has it: nothing was appended. */
    record Refused(MessageChanges.Verdict verdict) implements PostOutcome {
    }
}
