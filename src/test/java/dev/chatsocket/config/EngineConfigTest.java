package dev.chatsocket.config;

import dev.chatsocket.ws.DeflateSettings;
import dev.chatsocket.ws.EngineSettings;
import dev.chatsocket.ws.Limits;
import dev.chatsocket.ws.OriginSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The engine's settings as the application reads them: the defaults, a packaged file's values, and
 * a value the engine cannot take refused with a message that names the setting.
 */
class EngineConfigTest {
    private final Properties packaged = new Properties();
    private final Settings settings = new Settings(Map.of(), packaged);

    @Test
    void theDefaults() {
        assertEquals(new EngineSettings(10_000, 100, Duration.ofSeconds(5), 8192,
                new OriginSettings(List.of(""), true, false),
                new DeflateSettings(true, true, 15, 64, 16)), EngineConfig.read(settings));
        assertEquals(new Limits(64 << 10, 64 << 10, 1 << 20, Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(10)), EngineConfig.limits(settings, "CHAT", 64 << 10, 1 << 20));
    }

    @Test
    void readsEverySetting() {
        packaged.setProperty("CHATSOCKET_MAX_CONNECTIONS", "3");
        packaged.setProperty("CHATSOCKET_MAX_CONNECTIONS_PER_ADDRESS", "2");
        packaged.setProperty("CHATSOCKET_SHUTDOWN_GRACE", "30s");
        packaged.setProperty("CHATSOCKET_MAX_HANDSHAKE_HEADER_BYTES", "2KiB");
        packaged.setProperty("CHATSOCKET_ALLOWED_ORIGINS", "https://chat.example.com, http://localhost:3000");
        packaged.setProperty("CHATSOCKET_ALLOW_MISSING_ORIGIN", "false");
        packaged.setProperty("CHATSOCKET_TRUST_FORWARDED_HEADERS", "true");
        packaged.setProperty("CHATSOCKET_DEFLATE", "false");
        packaged.setProperty("CHATSOCKET_DEFLATE_SERVER_MAX_WINDOW_BITS", "11");
        packaged.setProperty("CHATSOCKET_DEFLATE_MIN_SIZE", "1KiB");
        packaged.setProperty("CHATSOCKET_DEFLATE_POOL_SIZE", "2");
        assertEquals(new EngineSettings(3, 2, Duration.ofSeconds(30), 2048,
                new OriginSettings(List.of("https://chat.example.com", " http://localhost:3000"), false, true),
                new DeflateSettings(false, true, 11, 1024, 2)), EngineConfig.read(settings));

        packaged.setProperty("CHATSOCKET_ECHO_MAX_MESSAGE_SIZE", "1KiB");
        packaged.setProperty("CHATSOCKET_ECHO_MAX_FRAME_SIZE", "512");
        packaged.setProperty("CHATSOCKET_ECHO_MAX_OUTBOUND_BYTES", "64KiB");
        packaged.setProperty("CHATSOCKET_PING_INTERVAL", "1s");
        packaged.setProperty("CHATSOCKET_IDLE_TIMEOUT", "2s");
        packaged.setProperty("CHATSOCKET_CLOSE_TIMEOUT", "3s");
        packaged.setProperty("CHATSOCKET_FRAME_TIMEOUT", "4s");
        assertEquals(new Limits(512, 1024, 64 << 10, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(4)), EngineConfig.limits(settings, "ECHO", 16 << 20, 32 << 20));
    }

    /** The outbound cap holds at least one whole message, whatever the endpoint's default says. */
    @Test
    void theDefaultOutboundCapFollowsALargerMessageLimit() {
        packaged.setProperty("CHATSOCKET_CHAT_MAX_MESSAGE_SIZE", "4MiB");
        assertEquals((4 << 20) + 14, EngineConfig.limits(settings, "CHAT", 64 << 10, 1 << 20).maxOutboundBytes());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "CHATSOCKET_DEFLATE_SERVER_MAX_WINDOW_BITS | 20 | CHATSOCKET_DEFLATE_SERVER_MAX_WINDOW_BITS=20 is not valid: expected 8 to 15",
            "CHATSOCKET_DEFLATE_POOL_SIZE | -1 | CHATSOCKET_DEFLATE_POOL_SIZE=-1 is not valid: expected at least 0",
            "CHATSOCKET_MAX_CONNECTIONS | 0 | CHATSOCKET_MAX_CONNECTIONS=0 is not valid: expected at least 1",
            "CHATSOCKET_MAX_CONNECTIONS_PER_ADDRESS | 0 | CHATSOCKET_MAX_CONNECTIONS_PER_ADDRESS=0 is not valid: expected at least 1",
            "CHATSOCKET_MAX_HANDSHAKE_HEADER_BYTES | 0 | CHATSOCKET_MAX_HANDSHAKE_HEADER_BYTES=0 is not valid: expected at least 1",
            "CHATSOCKET_ALLOWED_ORIGINS | chat.example.com | CHATSOCKET_ALLOWED_ORIGINS=chat.example.com is not valid: not an origin (scheme://host[:port]): chat.example.com",
            "CHATSOCKET_SHUTDOWN_GRACE | soon | CHATSOCKET_SHUTDOWN_GRACE=soon is not valid: expected a duration such as 500ms, 30s or 5m",
    })
    void aValueTheEngineCannotTakeNamesItsSetting(String name, String value, String message) {
        packaged.setProperty(name, value);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> EngineConfig.read(settings)).getMessage());
    }

    @Test
    void aSmallWindowNeedsNoContextTakeover() {
        packaged.setProperty("CHATSOCKET_DEFLATE_SERVER_MAX_WINDOW_BITS", "12");
        packaged.setProperty("CHATSOCKET_DEFLATE_NO_CONTEXT_TAKEOVER", "false");
        assertEquals("CHATSOCKET_DEFLATE_SERVER_MAX_WINDOW_BITS=12 is not valid: below 15 only with"
                        + " CHATSOCKET_DEFLATE_NO_CONTEXT_TAKEOVER=true",
                assertThrows(IllegalArgumentException.class, () -> EngineConfig.read(settings)).getMessage());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "CHATSOCKET_ECHO_MAX_MESSAGE_SIZE | 0 | CHATSOCKET_ECHO_MAX_MESSAGE_SIZE=0 is not valid: expected 1 to 2147483631",
            "CHATSOCKET_ECHO_MAX_FRAME_SIZE | 100 | CHATSOCKET_ECHO_MAX_FRAME_SIZE=100 is not valid: expected 125 to 2147483631",
            "CHATSOCKET_ECHO_MAX_OUTBOUND_BYTES | 1KiB | CHATSOCKET_ECHO_MAX_OUTBOUND_BYTES=1KiB is not valid: expected at least 65550",
            "CHATSOCKET_PING_INTERVAL | 0 | CHATSOCKET_PING_INTERVAL=0 is not valid: expected a duration above zero",
            "CHATSOCKET_FRAME_TIMEOUT | 0s | CHATSOCKET_FRAME_TIMEOUT=0s is not valid: expected a duration above zero",
    })
    void anEndpointLimitTheEngineCannotTakeNamesItsSetting(String name, String value, String message) {
        packaged.setProperty(name, value);
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.limits(settings, "ECHO", 64 << 10, 1 << 20)).getMessage());
    }

    /** The frame limit follows the message limit unless set: a message limit under 125 is named through it. */
    @Test
    void aFrameLimitThatFollowsTooSmallAMessageLimitIsNamedWithWhatItCameTo() {
        packaged.setProperty("CHATSOCKET_ECHO_MAX_MESSAGE_SIZE", "100");
        assertEquals("CHATSOCKET_ECHO_MAX_FRAME_SIZE=100 is not valid: expected 125 to 2147483631",
                assertThrows(IllegalArgumentException.class,
                        () -> EngineConfig.limits(settings, "ECHO", 64 << 10, 1 << 20)).getMessage());
    }
}
