package dev.chatsocket.chat.moderation;

import dev.chatsocket.identity.Role;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A ban or a mute of one person in one room.
 *
 * @param kind        ban (no handshake to the room) or mute (reads, cannot post)
 * @param uid         whom it holds against
 * @param untilMillis when it ends, epoch milliseconds; {@link #UNTIL_LIFTED} when it holds until lifted
 * @param reason      what the moderator gave, shown to the person; may be empty
 * @param by          the uid of the moderator who set it
 * @param byAdmin     whether that moderator was an admin: only an admin's sanction holds against an admin
 */
public record Sanction(Kind kind, String uid, long untilMillis, String reason, String by, boolean byAdmin) {
    public static final long UNTIL_LIFTED = Long.MAX_VALUE;
    /** A reason is shown to people and written to logs: one line, bounded. */
    public static final int MAX_REASON_LENGTH = 200;

    public enum Kind {
        BAN("ban"), MUTE("mute");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** The name in the protocol, the log line and the stores. */
        public String wire() {
            return wire;
        }
    }

    public Sanction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(by, "by");
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("a reason is at most " + MAX_REASON_LENGTH + " characters");
        }
    }

    /**
     * A sanction for {@code durationSeconds} from {@code nowMillis}; 0 holds until lifted, as the
     * protocol has it. Durations so long that the end would overflow also hold until lifted.
     */
    public static Sanction of(Kind kind, String uid, long durationSeconds, String reason, String by,
                              Set<Role> byRoles, long nowMillis) {
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("a duration is 0 (until lifted) or more seconds");
        }
        long until = durationSeconds == 0 || durationSeconds > (UNTIL_LIFTED - nowMillis) / 1000
                ? UNTIL_LIFTED : nowMillis + durationSeconds * 1000;
        return new Sanction(kind, uid, until, reason, by, byRoles.contains(Role.ADMIN));
    }

    public boolean isActive(long nowMillis) {
        return nowMillis < untilMillis;
    }

    /** Whether it binds someone holding {@code roles} now: an admin is bound only by an admin's sanction. */
    public boolean holdsAgainst(Set<Role> roles, long nowMillis) {
        return isActive(nowMillis) && (byAdmin || !roles.contains(Role.ADMIN));
    }

    /** What the person is told (an {@code error muted}, a refused handshake, a close): what, until when, why. */
    public String notice() {
        String what = kind == Kind.BAN ? "you are banned from this room" : "you are muted in this room";
        String until = untilMillis == UNTIL_LIFTED ? "until lifted" : "until " + Instant.ofEpochMilli(untilMillis);
        return what + " " + until + (reason.isEmpty() ? "" : ": " + reason);
    }

    /** Milliseconds left, for a store's expiry; {@code -1} when it holds until lifted. */
    public long remainingMillis(long nowMillis) {
        return untilMillis == UNTIL_LIFTED ? -1 : Math.max(0, untilMillis - nowMillis);
    }
}
