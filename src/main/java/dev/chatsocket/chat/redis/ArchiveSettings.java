package dev.chatsocket.chat.redis;

import dev.chatsocket.history.HistorySettings;

import java.time.Duration;

/**
 * Cluster mode with a database archive: every node copies the rooms' Redis streams into one
 * shared database (see {@link RedisArchiver}).
 *
 * @param store      the shared database; only a server URL or a container DataSource is used,
 *                   never a node's embedded file (see {@code HistoryStore.openShared})
 * @param claimAfter how long an entry may stay read but unacknowledged by one node's archiver
 *                   before another node's takes it over: the longest a node's death delays the
 *                   archive
 * @param batch      the most entries one archiver reads and inserts at once (its in-flight bound)
 */
public record ArchiveSettings(HistorySettings store, Duration claimAfter, int batch) {
    public ArchiveSettings {
        if (claimAfter.toMillis() < 100 || batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("the claim time must be at least 100ms and the batch 1 to 10000");
        }
    }
}
