package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.MessageChanges;

/**
 * An edit or a delete of message {@code target}, asked of a room's log by {@code uid}. Like a post,
 * it is idempotent per {@code (uid, ref)} when {@code ref} is not {@code null}.
 */
public sealed interface MessageChange {

    String uid();

    long target();

    String ref();

    /**
     * What {@code rules} say of this change against the target as a log has it ({@code null} when
     * the log has no such message), at {@code nowMillis}.
     */
    default MessageChanges.Verdict judge(MessageChanges rules, ChatMessage target, long nowMillis) {
        MessageChanges.Target as = target == null ? null : new MessageChanges.Target(target.uid(), target.ts(), target.deleted());
        if (this instanceof Delete delete) {
            return rules.delete(as, delete.uid(), delete.moderator());
        }
        return rules.edit(as, uid(), nowMillis);
    }

    /** This change as the log entry {@code id}, made at {@code nowMillis}. */
    default Entry entry(long id, long nowMillis) {
        if (this instanceof Edit edit) {
            return new Entry.Edited(Position.ofMessage(id), edit.target(), edit.uid(), edit.text(), nowMillis, edit.ref());
        }
        return new Entry.Deleted(Position.ofMessage(id), target(), uid(), nowMillis, ref());
    }

    /** {@code uid} replaces the text of its own message {@code target}. */
    record Edit(String uid, long target, String text, String ref) implements MessageChange {
    }

    /**
     * {@code uid} deletes message {@code target}: its own, or anyone's when {@code moderator} (a
     * moderator who may act on the author, or an API key).
     */
    record Delete(String uid, long target, boolean moderator, String ref) implements MessageChange {
    }
}
