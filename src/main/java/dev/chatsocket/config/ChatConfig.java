package dev.chatsocket.config;

import dev.chatsocket.chat.redis.RedisSettings;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.ChatRateLimits;
import dev.chatsocket.chat.ChatSettings;
import dev.chatsocket.ws.Limits;

import java.time.Duration;
import java.util.Optional;

/** Reads the chat's settings: rooms, messages, rates, and where rooms are shared. */
final class ChatConfig {
    private ChatConfig() {
    }

    /** @param endpoint the chat endpoint's limits: the byte burst is raised to its largest message */
    static ChatSettings read(Settings settings, Limits endpoint) {
        RoomLimits rooms = new RoomLimits(
                settings.integer("CHATSOCKET_HISTORY_SIZE", 1000, 1),
                settings.integer("CHATSOCKET_MAX_ROOMS", 10_000, 1),
                settings.integer("CHATSOCKET_MAX_ROOM_MEMBERS", 10_000, 1),
                settings.duration("CHATSOCKET_ROOM_IDLE_TTL", Duration.ofMinutes(10)),
                settings.integer("CHATSOCKET_MAX_SANCTIONS", RoomLimits.DEFAULT_MAX_SANCTIONS, 1),
                settings.duration("CHATSOCKET_TYPING_INTERVAL", RoomLimits.DEFAULT_TYPING_INTERVAL, Duration.ofMillis(1)));
        return new ChatSettings(endpoint, rooms,
                settings.integer("CHATSOCKET_MAX_TEXT_LENGTH", 4000, 1),
                settings.integer("CHATSOCKET_PAGE_HISTORY", 100, 0),
                rates(settings, endpoint.maxMessageSize()),
                redis(settings),
                HistoryConfig.store(settings),
                settings.duration("CHATSOCKET_EDIT_WINDOW", Duration.ofMinutes(15), Duration.ofMillis(1)));
    }

    private static ChatRateLimits rates(Settings settings, int maxMessageSize) {
        long byteBurst = settings.size("CHATSOCKET_CHAT_RATE_BYTE_BURST", 256 << 10);
        long bytesPerSecond = settings.size("CHATSOCKET_CHAT_RATE_BYTES", 64 << 10);
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("CHATSOCKET_CHAT_RATE_BYTES=" + bytesPerSecond
                    + " is not valid: expected a size of at least 1 byte");
        }
        return new ChatRateLimits(
                settings.integer("CHATSOCKET_CHAT_RATE_MESSAGES", 10, 1),
                settings.integer("CHATSOCKET_CHAT_RATE_MESSAGE_BURST", 30, 1),
                bytesPerSecond,
                Math.max(byteBurst, maxMessageSize),
                settings.integer("CHATSOCKET_CHAT_RATE_MAX_REFUSALS", 10, 0));
    }

    /** The Redis settings, or empty when {@code CHATSOCKET_REDIS_URL} is unset or blank. */
    static Optional<RedisSettings> redis(Settings settings) {
        String url = settings.string("CHATSOCKET_REDIS_URL", "");
        if (url.isBlank()) {
            return Optional.empty();
        }
        // The floors RedisSettings holds to, each refused under its own name.
        return Optional.of(new RedisSettings(url.trim(),
                settings.duration("CHATSOCKET_REDIS_TIMEOUT", Duration.ofSeconds(2), Duration.ofMillis(10)),
                settings.duration("CHATSOCKET_REDIS_PRESENCE_TTL", Duration.ofSeconds(15), Duration.ofMillis(300)),
                settings.integer("CHATSOCKET_REDIS_MAX_PENDING", 10_000, 1)));
    }
}
