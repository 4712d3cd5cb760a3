package dev.chatsocket.chat.moderation;

import java.time.Duration;

/**
 * Who may edit or delete a message, and until when: one's own messages may be edited within the
 * edit window and deleted at any time; moderators may delete anyone's. A deleted message can be
 * neither edited nor deleted again.
 */
public final class MessageChanges {
    /** What was decided; each refusal is an {@code error} code of the protocol. */
    public enum Verdict {
        ALLOWED(null), FORBIDDEN("forbidden"), NOT_FOUND("not-found"), TOO_LATE("too-late");

        private final String errorCode;

        Verdict(String errorCode) {
            this.errorCode = errorCode;
        }

        /** The protocol's error code; {@code null} for {@link #ALLOWED}. */
        public String errorCode() {
            return errorCode;
        }
    }

    /**
     * The message as the store has it now.
     *
     * @param author   the uid that posted it
     * @param postedAt when, epoch milliseconds
     * @param deleted  whether it was deleted already
     */
    public record Target(String author, long postedAt, boolean deleted) {
    }

    private final long editWindowMillis;

    public MessageChanges(Duration editWindow) {
        if (editWindow.isNegative() || editWindow.isZero()) {
            throw new IllegalArgumentException("the edit window must be positive");
        }
        this.editWindowMillis = editWindow.toMillis();
    }

    /** @param target {@code null} when there is no such message (never posted, or trimmed away) */
    public Verdict edit(Target target, String editor, long nowMillis) {
        if (target == null || target.deleted()) {
            return Verdict.NOT_FOUND;
        }
        if (!target.author().equals(editor)) {
            return Verdict.FORBIDDEN;
        }
        return nowMillis - target.postedAt() > editWindowMillis ? Verdict.TOO_LATE : Verdict.ALLOWED;
    }

    /** @param moderator whether the deleter may moderate this room ({@link Authority#mayModerate}) */
    public Verdict delete(Target target, String deleter, boolean moderator) {
        if (target == null || target.deleted()) {
            return Verdict.NOT_FOUND;
        }
        return target.author().equals(deleter) || moderator ? Verdict.ALLOWED : Verdict.FORBIDDEN;
    }
}
