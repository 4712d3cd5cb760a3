package dev.chatsocket.chat.redis;

import java.time.Duration;

/**
 * How this node reaches the Redis that rooms share.
 *
 * @param url          where Redis is, e.g. {@code redis://localhost:6379/0}
 * @param timeout      how long one Redis command may take before the operation fails; a message
 *                     whose append timed out gets an {@code error} frame, never an ack
 * @param presenceTtl  how long a node's hold on a person lasts without its heartbeat: a crashed
 *                     node's people disappear after this long (unless another node holds them);
 *                     nodes refresh their holds every third of it
 * @param maxPending   room operations (joins, leaves, heartbeats) that may wait for Redis on this
 *                     node; a join beyond is refused, try again later
 */
public record RedisSettings(String url, Duration timeout, Duration presenceTtl, int maxPending) {

    public RedisSettings {
        if (timeout.toMillis() < 10 || presenceTtl.toMillis() < 300 || maxPending < 1) {
            throw new IllegalArgumentException("Redis timeouts must be at least 10ms (command), 300ms (presence), "
                    + "and the pending limit positive");
        }
    }

    /** How long the stream reader blocks in one {@code XREAD}: well inside the command timeout. */
    public Duration readBlock() {
        return Duration.ofMillis(Math.max(5, Math.min(1000, timeout.toMillis() / 2)));
    }

    /** How often a node refreshes its members' presence. */
    public Duration heartbeat() {
        return presenceTtl.dividedBy(3);
    }
}
