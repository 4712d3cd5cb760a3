package dev.chatsocket.config;

import dev.chatsocket.chat.redis.RedisSettings;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.ChatRateLimits;
import dev.chatsocket.chat.ChatSettings;
import dev.chatsocket.ws.Limits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat's branch of the settings tree: defaults, overrides, and refusals that name the setting. */
class ChatConfigTest {
    private static final Limits LIMITS = new Limits(64 << 10, 64 << 10, 1 << 20, Duration.ofSeconds(20),
            Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(10));
    private final Map<String, String> env = new HashMap<>();

    private ChatSettings read() {
        return ChatConfig.read(new Settings(env, new Properties()), LIMITS);
    }

    @Test
    void defaults() {
        assertEquals(new ChatSettings(LIMITS, new RoomLimits(1000, 10_000, 10_000, Duration.ofMinutes(10)), 4000, 100,
                new ChatRateLimits(10, 30, 64 << 10, 256 << 10, 10), Optional.empty(),
                Optional.of(HistoryConfig.read(new Settings(env, new Properties()))), Duration.ofMinutes(15)), read());
    }

    @Test
    void theEditWindowIsADurationOfAtLeastAMillisecond() {
        env.put("CHATSOCKET_EDIT_WINDOW", "90s");
        assertEquals(Duration.ofSeconds(90), read().editWindow());
        env.put("CHATSOCKET_EDIT_WINDOW", "0s");
        assertTrue(assertThrows(IllegalArgumentException.class, this::read).getMessage().startsWith("CHATSOCKET_EDIT_WINDOW=0s is not valid"));
        env.put("CHATSOCKET_EDIT_WINDOW", "soon");
        assertTrue(assertThrows(IllegalArgumentException.class, this::read).getMessage().startsWith("CHATSOCKET_EDIT_WINDOW=soon is not valid"));
    }

    @Test
    void theDatabaseStoreIsTheDefaultAndMemoryIsASetting() {
        assertTrue(read().history().isPresent());
        env.put("CHATSOCKET_STORE", "memory");
        assertEquals(Optional.empty(), read().history());
    }

    @Test
    void aRoomsSanctionsAreBoundedByASetting() {
        assertEquals(RoomLimits.DEFAULT_MAX_SANCTIONS, read().rooms().maxSanctions());
        env.put("CHATSOCKET_MAX_SANCTIONS", "25");
        assertEquals(25, read().rooms().maxSanctions());
    }

    @Test
    void theByteBurstIsRaisedToHoldTheLargestMessage() {
        env.put("CHATSOCKET_CHAT_RATE_BYTE_BURST", "1KiB");
        assertEquals(64 << 10, read().rates().byteBurst());
    }

    @Test
    void redisIsUsedOnlyWhenItsUrlIsSetAndEachBoundHasADefault() {
        assertTrue(read().redis().isEmpty(), "no URL: in-memory rooms");
        env.put("CHATSOCKET_REDIS_URL", "  ");
        assertTrue(read().redis().isEmpty(), "a blank URL is no URL");

        env.put("CHATSOCKET_REDIS_URL", "redis://db:6379/0");
        assertEquals(new RedisSettings("redis://db:6379/0", Duration.ofSeconds(2), Duration.ofSeconds(15),
                10_000), read().redis().orElseThrow());

        env.put("CHATSOCKET_REDIS_TIMEOUT", "300ms");
        env.put("CHATSOCKET_REDIS_PRESENCE_TTL", "3s");
        env.put("CHATSOCKET_REDIS_MAX_PENDING", "5");
        assertEquals(new RedisSettings("redis://db:6379/0", Duration.ofMillis(300), Duration.ofSeconds(3),
                5), read().redis().orElseThrow());
    }

    @Test
    void theTypingIntervalIsASetting() {
        env.put("CHATSOCKET_TYPING_INTERVAL", "250ms");
        assertEquals(Duration.ofMillis(250), read().rooms().typingInterval());
        env.put("CHATSOCKET_TYPING_INTERVAL", "soon");
        assertTrue(assertThrows(IllegalArgumentException.class, this::read).getMessage()
                .startsWith("CHATSOCKET_TYPING_INTERVAL=soon is not valid"));
    }

    @Test
    void aValueOutOfRangeStopsTheDeploymentNamingTheSetting() {
        for (String name : new String[]{"CHATSOCKET_HISTORY_SIZE", "CHATSOCKET_MAX_ROOMS", "CHATSOCKET_MAX_ROOM_MEMBERS",
                "CHATSOCKET_MAX_SANCTIONS", "CHATSOCKET_MAX_TEXT_LENGTH", "CHATSOCKET_CHAT_RATE_MESSAGES",
                "CHATSOCKET_CHAT_RATE_MESSAGE_BURST", "CHATSOCKET_TYPING_INTERVAL"}) {
            env.clear();
            env.put(name, "0");
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, this::read, name);
            assertTrue(refused.getMessage().startsWith(name + "=0 is not valid"), refused.getMessage());
        }
        env.clear();
        env.put("CHATSOCKET_REDIS_URL", "redis://db:6379/0");
        env.put("CHATSOCKET_REDIS_MAX_PENDING", "0");
        assertTrue(assertThrows(IllegalArgumentException.class, this::read).getMessage()
                .startsWith("CHATSOCKET_REDIS_MAX_PENDING=0 is not valid"));
        env.put("CHATSOCKET_REDIS_MAX_PENDING", "5");
        env.put("CHATSOCKET_REDIS_TIMEOUT", "1ms");
        assertTrue(assertThrows(IllegalArgumentException.class, this::read).getMessage()
                .startsWith("CHATSOCKET_REDIS_TIMEOUT=1ms is not valid: expected a duration of at least 10ms"));
        env.put("CHATSOCKET_REDIS_TIMEOUT", "2s");
        env.put("CHATSOCKET_REDIS_PRESENCE_TTL", "100ms");
        assertTrue(assertThrows(IllegalArgumentException.class, this::read).getMessage()
                .startsWith("CHATSOCKET_REDIS_PRESENCE_TTL=100ms is not valid"));
    }
}
