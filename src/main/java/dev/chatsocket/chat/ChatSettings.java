package dev.chatsocket.chat;

import dev.chatsocket.chat.redis.RedisSettings;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.ws.Limits;

import java.util.Optional;

/**
 * The chat's settings, read once by the application's composition root
 * ({@code dev.chatsocket.config.ApplicationConfig}) and handed down.
 *
 * @param endpoint       the chat endpoint's WebSocket limits
 * @param rooms          the bounds of rooms
 * @param maxTextLength  characters in one message
 * @param pageHistory    messages the chat page renders on the server
 * @param rates          how fast one connection may send
 * @param redis          where rooms are shared, or empty for rooms in this node's memory
 */
public record ChatSettings(Limits endpoint, RoomLimits rooms, int maxTextLength, int pageHistory, ChatRateLimits rates,
                           Optional<RedisSettings> redis) {

    public ChatSettings {
        if (maxTextLength < 1 || pageHistory < 0) {
            throw new IllegalArgumentException("the text length must be positive and the page history not negative");
        }
    }
}
