package dev.chatsocket.chat;

/**
 * How fast one chat connection may send.
 *
 * @param messagesPerSecond messages a second, kept up indefinitely
 * @param messageBurst      messages at once after a quiet spell
 * @param bytesPerSecond    payload bytes a second
 * @param byteBurst         payload bytes at once; at least one message of the largest size, or
 *                          that message could never pass
 * @param maxRefusals       messages refused in a row before the connection is closed with 1008
 */
public record ChatRateLimits(int messagesPerSecond, int messageBurst, long bytesPerSecond, long byteBurst,
                             int maxRefusals) {

    public ChatRateLimits {
        if (messagesPerSecond < 1 || messageBurst < 1 || bytesPerSecond < 1 || byteBurst < 1 || maxRefusals < 0) {
            throw new IllegalArgumentException("rates and bursts must be at least 1, refusals at least 0");
        }
    }
}
