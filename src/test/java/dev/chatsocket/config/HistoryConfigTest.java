package dev.chatsocket.config;

import dev.chatsocket.history.DedupeWindow;
import dev.chatsocket.history.HistorySettings;
import dev.chatsocket.history.Retention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history store's settings: defaults, each database, and a message naming each bad value. */
class HistoryConfigTest {
    private final Map<String, String> env = new HashMap<>();

    private HistorySettings read() {
        return HistoryConfig.read(new Settings(env, new Properties()));
    }

    @Test
    void byDefaultTheContainersDataSourceIfBoundElseAnH2FileInTheHomeDirectory() {
        HistorySettings settings = read();
        Path home = Path.of(System.getProperty("user.home"), ".chatsocket").toAbsolutePath();
        assertEquals(new HistorySettings.Container("java:comp/env/jdbc/chatsocket", Optional.of(new HistorySettings.Embedded(home))),
                settings.database());
        assertEquals(8, settings.poolSize());
        assertEquals(10_000, settings.queueCapacity());
        assertEquals(Retention.KEEP_EVERYTHING, settings.retention());
        assertEquals(new DedupeWindow(Duration.ofMinutes(10), 1000), settings.dedupe());
    }

    @Test
    void theDataDirectoryMovesTheFile() {
        env.put("CHATSOCKET_DATA_DIR", "/var/lib/chatsocket");
        assertEquals(new HistorySettings.Container(HistoryConfig.DEFAULT_JNDI,
                Optional.of(new HistorySettings.Embedded(Path.of("/var/lib/chatsocket")))), read().database());
    }

    @Test
    void aDatabaseUrlWinsWithItsUserAndPassword() {
        env.put("CHATSOCKET_DATABASE_URL", "jdbc:postgresql://db:5432/chat");
        env.put("CHATSOCKET_DATABASE_USER", "chat");
        env.put("CHATSOCKET_DATABASE_PASSWORD", "s3cret");
        env.put("CHATSOCKET_DATABASE_JNDI", "java:comp/env/jdbc/other");
        HistorySettings.Server server = (HistorySettings.Server) read().database();
        assertEquals(new HistorySettings.Server("jdbc:postgresql://db:5432/chat", Optional.of("chat"), Optional.of("s3cret")), server);
        assertTrue(!server.toString().contains("s3cret"));
    }

    @Test
    void aNamedDataSourceMustBeThere() {
        env.put("CHATSOCKET_DATABASE_JNDI", "java:comp/env/jdbc/history");
        assertEquals(new HistorySettings.Container("java:comp/env/jdbc/history", Optional.empty()), read().database());
    }

    @Test
    void retentionQueueAndPool() {
        env.put("CHATSOCKET_RETENTION", "30d,100000");
        env.put("CHATSOCKET_STORE_QUEUE", "500");
        env.put("CHATSOCKET_DATABASE_POOL_SIZE", "3");
        env.put("CHATSOCKET_DEDUPE_WINDOW", "2m");
        env.put("CHATSOCKET_DEDUPE_MAX_PER_USER", "50");
        HistorySettings settings = read();
        assertEquals(new Retention(Optional.of(Duration.ofDays(30)), OptionalLong.of(100_000)), settings.retention());
        assertEquals(500, settings.queueCapacity());
        assertEquals(3, settings.poolSize());
        assertEquals(new DedupeWindow(Duration.ofMinutes(2), 50), settings.dedupe());
    }

    @Test
    void theStoreIsTheDatabaseUnlessMemoryIsAskedFor() {
        assertEquals(Optional.of(read()), HistoryConfig.store(new Settings(env, new Properties())));
        env.put("CHATSOCKET_STORE", "memory");
        assertEquals(Optional.empty(), HistoryConfig.store(new Settings(env, new Properties())));
        env.put("CHATSOCKET_STORE", "redis");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistoryConfig.store(new Settings(env, new Properties())));
        assertEquals("CHATSOCKET_STORE=redis is not valid: expected database or memory", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CHATSOCKET_RETENTION|xyz|CHATSOCKET_RETENTION=xyz is not valid: expected an age",
            "CHATSOCKET_RETENTION|30d,40d|CHATSOCKET_RETENTION=30d,40d is not valid",
            "CHATSOCKET_RETENTION|0|CHATSOCKET_RETENTION=0 is not valid: the count must be at least 1",
            "CHATSOCKET_DATABASE_URL|postgres://db/chat|CHATSOCKET_DATABASE_URL=postgres://db/chat is not valid: expected a JDBC URL",
            "CHATSOCKET_DATA_DIR|/srv/a;b|CHATSOCKET_DATA_DIR=/srv/a;b is not valid",
            "CHATSOCKET_DATABASE_POOL_SIZE|1|CHATSOCKET_DATABASE_POOL_SIZE=1 is not valid: expected at least 2",
            "CHATSOCKET_STORE_QUEUE|0|CHATSOCKET_STORE_QUEUE=0 is not valid: expected at least 1",
            "CHATSOCKET_STORE_QUEUE|many|CHATSOCKET_STORE_QUEUE=many is not valid: expected a whole number",
            "CHATSOCKET_DEDUPE_WINDOW|0s|CHATSOCKET_DEDUPE_WINDOW=0s is not valid",
            "CHATSOCKET_DEDUPE_MAX_PER_USER|0|CHATSOCKET_DEDUPE_MAX_PER_USER=0 is not valid: expected at least 1",
    })
    void aBadValueNamesItsSetting(String name, String value, String message) {
        env.put(name, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::read);
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
