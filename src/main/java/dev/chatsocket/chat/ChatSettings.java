package dev.chatsocket.chat;

import dev.chatsocket.chat.redis.RedisSettings;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.ws.Limits;

import dev.chatsocket.history.HistorySettings;

import java.time.Duration;
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
 * @param redis          where rooms are shared, or empty for rooms on this node
 * @param history        without Redis, the database rooms keep their history in; empty for this
 *                       node's memory only ({@code CHATSOCKET_STORE=memory})
 * @param editWindow     how long after posting its author may edit a message
 */
public record ChatSettings(Limits endpoint, RoomLimits rooms, int maxTextLength, int pageHistory, ChatRateLimits rates,
                           Optional<RedisSettings> redis, Optional<HistorySettings> history, Duration editWindow) {

    public ChatSettings {
        if (maxTextLength < 1 || pageHistory < 0) {
            throw new IllegalArgumentException("the text length must be positive and the page history not negative");
        }
        if (editWindow.isNegative() || editWindow.isZero()) {
            throw new IllegalArgumentException("the edit window must be positive");
        }
    }
}
