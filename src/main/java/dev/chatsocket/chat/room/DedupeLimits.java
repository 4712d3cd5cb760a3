package dev.chatsocket.chat.room;

import java.time.Duration;
import java.util.Objects;

/**
 * How long, and how many, {@code (uid, ref)} pairs a room's log remembers, so that a message resent
 * (on the same connection, another one, or another node) is acked with its first id instead of
 * being stored again. Every backend applies the same pair.
 *
 * @param window     a ref older than this is forgotten: a resend after it is a new message
 * @param maxPerUser refs remembered per person and room; past it the oldest are forgotten first
 */
public record DedupeLimits(Duration window, int maxPerUser) {
    public DedupeLimits {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero() || maxPerUser < 1) {
            throw new IllegalArgumentException("the dedupe window must be positive and the count at least 1");
        }
    }
}
