package dev.chatsocket.history;

import java.time.Duration;

/**
 * How long a sender's {@code (uid, ref)} is remembered, bounded in time and in count, like the
 * memory and Redis backends' ({@code CHATSOCKET_DEDUPE_WINDOW}, {@code CHATSOCKET_DEDUPE_MAX_PER_USER}):
 * a repeat is recognised while the first message is younger than {@code age} and among the
 * sender's last {@code maxPerUser} messages with a ref in the room. Past either bound, the same ref is a new
 * message.
 */
public record DedupeWindow(Duration age, long maxPerUser) {
    public DedupeWindow {
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("the dedupe window must be positive");
        }
        Values.positive("the dedupe count per user", maxPerUser);
    }

    /** Whether a message posted at {@code ts} is young enough to answer a repeat of its ref. */
    boolean coversAge(long ts, long nowMillis) {
        return nowMillis - ts <= age.toMillis();
    }

    /** Whether a message the sender followed with {@code laterBySender} more with a ref still answers a repeat of its ref. */
    boolean coversCount(long laterBySender) {
        return laterBySender < maxPerUser;
    }
}
