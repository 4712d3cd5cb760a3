package dev.chatsocket.history;

import java.time.Duration;

/**
 * How long a sender's {@code (uid, ref)} is remembered, bounded in time and in count: a repeat is
 * recognised while the first message is younger than {@code age} and among the room's last
 * {@code count} ids. Past either bound, the same ref is a new message.
 */
public record DedupeWindow(Duration age, long count) {
    public DedupeWindow {
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("the dedupe window must be positive");
        }
        Values.positive("the dedupe count", count);
    }

    /** Whether message {@code id}, posted at {@code ts}, still answers a repeat of its ref. */
    boolean covers(long id, long ts, long lastId, long nowMillis) {
        return nowMillis - ts <= age.toMillis() && lastId - id < count;
    }
}
