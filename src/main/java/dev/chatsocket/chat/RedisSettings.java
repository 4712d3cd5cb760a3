package dev.chatsocket.chat;

import dev.chatsocket.config.Settings;

import java.time.Duration;
import java.util.Optional;

/**
 * How this node reaches the Redis that rooms share, when it does.
 *
 * @param url          where Redis is, e.g. {@code redis://localhost:6379/0} ({@code CHATSOCKET_REDIS_URL});
 *                     unset means rooms live in this node's memory
 * @param timeout      how long one Redis command may take before the operation fails
 *                     ({@code CHATSOCKET_REDIS_TIMEOUT}); a message whose append timed out gets an
 *                     {@code error} frame, never an ack
 * @param presenceTtl  how long a member stays listed without its node's heartbeat
 *                     ({@code CHATSOCKET_REDIS_PRESENCE_TTL}): a crashed node's members disappear
 *                     after this long; nodes refresh their members every third of it
 * @param dedupeTtl    how long a (uid, ref) pair is remembered, so that a resent message is not
 *                     stored twice ({@code CHATSOCKET_REDIS_DEDUPE_TTL})
 * @param maxPending   room operations (joins, leaves, heartbeats) that may wait for Redis on this node
 *                     ({@code CHATSOCKET_REDIS_MAX_PENDING}); a join beyond is refused, try again later
 */
record RedisSettings(String url, Duration timeout, Duration presenceTtl, Duration dedupeTtl, int maxPending) {

    RedisSettings {
        if (timeout.toMillis() < 10 || presenceTtl.toMillis() < 300 || dedupeTtl.toSeconds() < 1 || maxPending < 1) {
            throw new IllegalArgumentException("Redis timeouts must be at least 10ms (command), 300ms (presence), "
                    + "1s (dedupe), and the pending limit positive");
        }
    }

    /** The Redis settings, or empty when {@code CHATSOCKET_REDIS_URL} is unset or blank. */
    static Optional<RedisSettings> from(Settings settings) {
        String url = settings.string("CHATSOCKET_REDIS_URL", "");
        if (url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new RedisSettings(url.trim(),
                settings.duration("CHATSOCKET_REDIS_TIMEOUT", Duration.ofSeconds(2)),
                settings.duration("CHATSOCKET_REDIS_PRESENCE_TTL", Duration.ofSeconds(15)),
                settings.duration("CHATSOCKET_REDIS_DEDUPE_TTL", Duration.ofMinutes(10)),
                settings.integer("CHATSOCKET_REDIS_MAX_PENDING", 10_000)));
    }

    /** How long the stream reader blocks in one {@code XREAD}: well inside the command timeout. */
    Duration readBlock() {
        return Duration.ofMillis(Math.max(5, Math.min(1000, timeout.toMillis() / 2)));
    }

    /** How often a node refreshes its members' presence. */
    Duration heartbeat() {
        return presenceTtl.dividedBy(3);
    }
}
