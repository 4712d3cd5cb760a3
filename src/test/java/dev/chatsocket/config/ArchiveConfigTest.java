package dev.chatsocket.config;

import dev.chatsocket.chat.redis.ArchiveSettings;
import dev.chatsocket.history.HistorySettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Cluster mode's archive settings: only with Redis, defaults, the database, and refusals naming the setting. */
class ArchiveConfigTest {
    private final Map<String, String> env = new HashMap<>();

    private Optional<ArchiveSettings> read(boolean redis) {
        return ArchiveConfig.read(new Settings(env, new Properties()), redis);
    }

    @Test
    void withoutRedisThereIsNoArchive() {
        env.put("CHATSOCKET_DATABASE_URL", "jdbc:postgresql://db:5432/chat");
        assertEquals(Optional.empty(), read(false));
    }

    @Test
    void defaultsClaimAfterThirtySecondsInBatchesOfFiveHundred() {
        ArchiveSettings settings = read(true).orElseThrow();
        assertEquals(Duration.ofSeconds(30), settings.claimAfter());
        assertEquals(500, settings.batch());
    }

    @Test
    void theArchiveIsTheHistoryStoresDatabase() {
        env.put("CHATSOCKET_DATABASE_URL", "jdbc:postgresql://db:5432/chat");
        env.put("CHATSOCKET_ARCHIVE_CLAIM_AFTER", "5s");
        env.put("CHATSOCKET_ARCHIVE_BATCH", "100");
        ArchiveSettings settings = read(true).orElseThrow();
        assertEquals(new HistorySettings.Server("jdbc:postgresql://db:5432/chat", Optional.empty(), Optional.empty()),
                settings.store().database());
        assertEquals(Duration.ofSeconds(5), settings.claimAfter());
        assertEquals(100, settings.batch());
    }

    @Test
    void badValuesAreRefusedUnderTheirOwnName() {
        env.put("CHATSOCKET_ARCHIVE_CLAIM_AFTER", "50ms");
        assertEquals("CHATSOCKET_ARCHIVE_CLAIM_AFTER=50ms is not valid: expected a duration of at least 100ms",
                assertThrows(IllegalArgumentException.class, () -> read(true)).getMessage());
        env.remove("CHATSOCKET_ARCHIVE_CLAIM_AFTER");
        env.put("CHATSOCKET_ARCHIVE_BATCH", "0");
        assertEquals("CHATSOCKET_ARCHIVE_BATCH=0 is not valid: expected a whole number of at least 1",
                assertThrows(IllegalArgumentException.class, () -> read(true)).getMessage());
        env.put("CHATSOCKET_ARCHIVE_BATCH", "10001");
        assertEquals("CHATSOCKET_ARCHIVE_BATCH=10001 is not valid: expected at most 10000",
                assertThrows(IllegalArgumentException.class, () -> read(true)).getMessage());
    }
}
