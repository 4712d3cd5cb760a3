package dev.chatsocket.identity;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds that count per person (uid) rather than per connection, for the room layer.
 *
 * @param presenceGrace         how long a person's last connection may be gone before they
 *                              {@code leave}: a reconnect inside it is neither a leave nor a join
 * @param dedupeWindow          how long a {@code (uid, ref)} is remembered, so that a resent message
 *                              is acked with its first id instead of being stored again
 * @param dedupeMaxPerUser      refs remembered per person within the window (the oldest go first)
 * @param maxConnectionsPerUser connections one uid may hold at once, on one node
 * @param messagesPerSecond     messages a second one person may send, summed over their connections
 * @param messageBurst          messages at once after a quiet spell, likewise summed
 * @param maxIdleBuckets        people with no connection left on a node whose message bucket it
 *                              keeps until it refills (so that reconnecting earns no fresh burst);
 *                              beyond it the longest idle are forgotten
 */
public record PeopleSettings(Duration presenceGrace, Duration dedupeWindow, int dedupeMaxPerUser,
                             int maxConnectionsPerUser, int messagesPerSecond, int messageBurst,
                             int maxIdleBuckets) {
    public static final int DEFAULT_MAX_IDLE_BUCKETS = 10_000;
    public static final PeopleSettings DEFAULTS = new PeopleSettings(Duration.ofSeconds(5), Duration.ofMinutes(10),
            1000, 20, 10, 30, DEFAULT_MAX_IDLE_BUCKETS);

    public PeopleSettings {
        Objects.requireNonNull(presenceGrace, "presenceGrace");
        Objects.requireNonNull(dedupeWindow, "dedupeWindow");
        if (presenceGrace.isNegative() || dedupeWindow.isNegative() || dedupeWindow.isZero()) {
            throw new IllegalArgumentException("the presence grace cannot be negative, the dedupe window must be positive");
        }
        if (dedupeMaxPerUser < 1 || maxConnectionsPerUser < 1 || messagesPerSecond < 1 || messageBurst < 1
                || maxIdleBuckets < 1) {
            throw new IllegalArgumentException("per-person limits must be at least 1");
        }
    }

    /** With the default {@code maxIdleBuckets}. */
    public PeopleSettings(Duration presenceGrace, Duration dedupeWindow, int dedupeMaxPerUser,
                          int maxConnectionsPerUser, int messagesPerSecond, int messageBurst) {
        this(presenceGrace, dedupeWindow, dedupeMaxPerUser, maxConnectionsPerUser, messagesPerSecond, messageBurst,
                DEFAULT_MAX_IDLE_BUCKETS);
    }
}
