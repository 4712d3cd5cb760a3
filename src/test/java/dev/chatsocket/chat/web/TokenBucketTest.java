package dev.chatsocket.chat.web;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token bucket on a fake clock: a full burst, then the refill rate, never above capacity. */
class TokenBucketTest {
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);

    private boolean takeIfThere(TokenBucket bucket, long n) {
        if (bucket.has(n)) {
            bucket.take(n);
            return true;
        }
        return false;
    }

    @Test
    void startsFullThenRefillsAtItsRate() {
        TokenBucket bucket = new TokenBucket(3, 2, clock::get);
        assertTrue(takeIfThere(bucket, 1));
        assertTrue(takeIfThere(bucket, 2));
        assertFalse(takeIfThere(bucket, 1), "empty after the burst");
        clock.addAndGet(499_000_000L);
        assertFalse(takeIfThere(bucket, 1), "2 a second: not one token after 499 ms");
        clock.addAndGet(1_000_000L);
        assertTrue(takeIfThere(bucket, 1), "one token after 500 ms");
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(3, 100, clock::get);
        clock.addAndGet(3_600_000_000_000L);
        assertFalse(bucket.has(4), "an hour of quiet still buys only a burst of 3");
        assertTrue(bucket.has(3));
    }

    @Test
    void hasTakesNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, clock::get);
        assertTrue(bucket.has(1));
        assertTrue(bucket.has(1));
        bucket.take(1);
        assertFalse(bucket.has(1));
    }

    @Test
    void capacityAndRateAreAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, clock::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, clock::get));
    }

    @Test
    void fullOnlyOnceEveryTokenTakenIsBack() {
        TokenBucket bucket = new TokenBucket(4, 2, clock::get);
        assertTrue(bucket.isFull(), "it starts full");
        bucket.take(3);
        assertFalse(bucket.isFull());
        clock.addAndGet(1_000_000_000L);
        assertFalse(bucket.isFull(), "2 of 3 back after a second");
        clock.addAndGet(500_000_000L);
        assertTrue(bucket.isFull());
    }
}
