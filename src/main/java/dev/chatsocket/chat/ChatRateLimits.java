package dev.chatsocket.chat;

import dev.chatsocket.config.Settings;

/**
 * How fast one chat connection may send, each a setting.
 *
 * @param messagesPerSecond messages a second, kept up indefinitely ({@code CHATSOCKET_CHAT_RATE_MESSAGES})
 * @param messageBurst      messages at once after a quiet spell ({@code CHATSOCKET_CHAT_RATE_MESSAGE_BURST})
 * @param bytesPerSecond    payload bytes a second ({@code CHATSOCKET_CHAT_RATE_BYTES})
 * @param byteBurst         payload bytes at once ({@code CHATSOCKET_CHAT_RATE_BYTE_BURST}); at
 *                          least one message of the largest size, or that message could never pass
 * @param maxRefusals       messages refused in a row before the connection is closed with 1008
 *                          ({@code CHATSOCKET_CHAT_RATE_MAX_REFUSALS})
 */
public record ChatRateLimits(int messagesPerSecond, int messageBurst, long bytesPerSecond, long byteBurst,
                             int maxRefusals) {

    public ChatRateLimits {
        if (messagesPerSecond < 1 || messageBurst < 1 || bytesPerSecond < 1 || byteBurst < 1 || maxRefusals < 0) {
            throw new IllegalArgumentException(
                    "CHATSOCKET_CHAT_RATE_* must be at least 1 (CHATSOCKET_CHAT_RATE_MAX_REFUSALS at least 0)");
        }
    }

    /** @param maxMessageSize the endpoint's largest message: the byte burst is raised to it */
    public static ChatRateLimits from(Settings settings, int maxMessageSize) {
        long byteBurst = settings.size("CHATSOCKET_CHAT_RATE_BYTE_BURST", 256 << 10);
        return new ChatRateLimits(
                settings.integer("CHATSOCKET_CHAT_RATE_MESSAGES", 10),
                settings.integer("CHATSOCKET_CHAT_RATE_MESSAGE_BURST", 30),
                settings.size("CHATSOCKET_CHAT_RATE_BYTES", 64 << 10),
                Math.max(byteBurst, maxMessageSize),
                settings.integer("CHATSOCKET_CHAT_RATE_MAX_REFUSALS", 10));
    }
}
