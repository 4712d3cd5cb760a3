package dev.chatsocket.config;

import dev.chatsocket.chat.redis.ArchiveSettings;

import java.time.Duration;
import java.util.Optional;

/**
 * Cluster mode's archive (rooms in Redis, every message also in one shared database), read when
 * {@code CHATSOCKET_REDIS_URL} is set. The database is the history store's
 * ({@link HistoryConfig}: {@code CHATSOCKET_DATABASE_URL} or a container DataSource); with neither,
 * nothing is archived (a node's embedded file is no archive that nodes share). Also:
 * <ul>
 *   <li>{@code CHATSOCKET_ARCHIVE_CLAIM_AFTER}: how long an entry a node read may stay unarchived
 *       before another node takes it over, default 30s, at least 100ms;</li>
 *   <li>{@code CHATSOCKET_ARCHIVE_BATCH}: entries one node reads and inserts at once, default 500,
 *       1 to 10,000.</li>
 * </ul>
 */
final class ArchiveConfig {
    static final String CLAIM_AFTER = "CHATSOCKET_ARCHIVE_CLAIM_AFTER";
    static final String BATCH = "CHATSOCKET_ARCHIVE_BATCH";

    private ArchiveConfig() {
    }

    static Optional<ArchiveSettings> read(Settings settings, boolean redis) {
        if (!redis) {
            return Optional.empty();
        }
        Duration claimAfter = settings.duration(CLAIM_AFTER, Duration.ofSeconds(30), Duration.ofMillis(100));
        int batch = settings.integer(BATCH, 500, 1);
        if (batch > 10_000) {
            throw new IllegalArgumentException(BATCH + "=" + batch + " is not valid: expected at most 10000");
        }
        return Optional.of(new ArchiveSettings(HistoryConfig.read(settings), claimAfter, batch));
    }
}
