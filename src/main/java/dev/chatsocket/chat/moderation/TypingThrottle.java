package dev.chatsocket.chat.moderation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passes on at most one typing notice a person per interval (3 s in the protocol): a keyboard
 * sends one per key press, the others need to know only that someone is typing. Bounded: it
 * remembers at most {@code capacity} people, the one heard from least recently first to go (forgetting one only
 * lets its next notice through early). Callers synchronise.
 */
public final class TypingThrottle {
    private final long intervalNanos;
    private final int capacity;
    /** uid to when its last notice was passed on, in access order: least recently heard from first. */
    private final LinkedHashMap<String, Long> lastPassed;

    public TypingThrottle(long intervalNanos, int capacity) {
        if (intervalNanos <= 0 || capacity < 1) {
            throw new IllegalArgumentException("a typing throttle needs a positive interval and capacity");
        }
        this.intervalNanos = intervalNanos;
        this.capacity = capacity;
        this.lastPassed = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > TypingThrottle.this.capacity;
            }
        };
    }

    /** Whether this notice from {@code uid} is passed on; {@code nowNanos} from a monotonic clock. */
    public boolean admit(String uid, long nowNanos) {
        Long last = lastPassed.get(uid);
        if (last != null && nowNanos - last < intervalNanos) {
            return false;
        }
        lastPassed.put(uid, nowNanos);
        return true;
    }

    public int size() {
        return lastPassed.size();
    }
}
