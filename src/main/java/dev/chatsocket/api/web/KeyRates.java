package dev.chatsocket.api.web;

import dev.chatsocket.chat.web.TokenBucket;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Each API key's request rate: a token bucket per key name, one token a request. Bounded by the
 * keys configured (a request reaches here only once its key matched one), so the map never grows
 * with what callers send.
 */
final class KeyRates {
    private final int perSecond;
    private final int burst;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new HashMap<>();

    KeyRates(int perSecond, int burst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** Takes a token for one request of {@code key}; {@code false} when it is over its rate. */
    synchronized boolean take(String key) {
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(burst, perSecond, nanoClock));
        if (!bucket.has(1)) {
            return false;
        }
        bucket.take(1);
        return true;
    }
}
