package dev.chatsocket.chat.web;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code capacity} tokens, refills at {@code perSecond} tokens a
 * second from the injected clock, and an action goes ahead only when it can take its tokens. So a
 * client may burst up to the capacity and keep up the refill rate for ever, nothing more. Not
 * thread-safe: one connection's messages arrive on one reading thread at a time; a bucket shared
 * by several connections ({@link PeopleOnThisNode}), or by the requests of one API key
 * ({@code api.web.KeyRates}), is used under a lock.
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double capacity;
    private final double perNano;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastRefillNanos;

    /** Starts full, so that a client's first burst is not held against it. */
    public TokenBucket(long capacity, long perSecond, LongSupplier nanoClock) {
        if (capacity < 1 || perSecond < 1) {
            throw new IllegalArgumentException("a token bucket needs a capacity and a rate of at least 1");
        }
        this.capacity = capacity;
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.lastRefillNanos = nanoClock.getAsLong();
    }

    /** Whether {@code n} tokens are there now (refilling first); takes none. */
    public boolean has(long n) {
        refill();
        return tokens >= n;
    }

    /** Whether it holds its whole capacity again (refilling first): it is then as good as a new one. */
    public boolean isFull() {
        refill();
        return tokens >= capacity;
    }

    /** Takes {@code n} tokens, which {@link #has} must just have confirmed. */
    public void take(long n) {
        tokens -= n;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - lastRefillNanos) * perNano);
        lastRefillNanos = now;
    }
}
