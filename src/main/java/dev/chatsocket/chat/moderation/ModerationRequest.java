package dev.chatsocket.chat.moderation;

import java.util.Objects;

/**
 * What a moderator asks for, from a chat frame or the HTTP API alike.
 *
 * @param action          what to do
 * @param uid             to whom
 * @param durationSeconds how long a ban or mute holds, 0 until lifted; 0 for the other actions
 * @param reason          shown to the person and logged; may be empty
 */
public record ModerationRequest(Action action, String uid, long durationSeconds, String reason) {

    public enum Action {
        KICK("kick"), BAN("ban"), UNBAN("unban"), MUTE("mute"), UNMUTE("unmute");

        private final String wire;

        Action(String wire) {
            this.wire = wire;
        }

        /** The name in the protocol, the API's path and the log line. */
        public String wire() {
            return wire;
        }

        /** Whether it takes a duration (and its end is a sanction's). */
        public boolean isTimed() {
            return this == BAN || this == MUTE;
        }
    }

    public ModerationRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(reason, "reason");
        if (durationSeconds < 0 || (!action.isTimed() && durationSeconds != 0)) {
            throw new IllegalArgumentException("only a ban or a mute has a duration, of 0 or more seconds");
        }
    }
}
