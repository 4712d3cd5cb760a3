package dev.chatsocket.chat;

import dev.chatsocket.config.Settings;

import java.time.Duration;

/**
 * The chat room's bounds, each a setting.
 *
 * @param historySize     messages a room keeps ({@code CHATSOCKET_HISTORY_SIZE})
 * @param maxTextLength   characters in one message ({@code CHATSOCKET_MAX_TEXT_LENGTH})
 * @param maxRooms        rooms held at once ({@code CHATSOCKET_MAX_ROOMS})
 * @param maxRoomMembers  connections in one room ({@code CHATSOCKET_MAX_ROOM_MEMBERS})
 * @param roomIdleTtl     how long an empty room is kept before it is forgotten
 *                        ({@code CHATSOCKET_ROOM_IDLE_TTL})
 * @param pageHistory     messages the chat page renders on the server ({@code CHATSOCKET_PAGE_HISTORY})
 */
public record ChatSettings(int historySize, int maxTextLength, int maxRooms, int maxRoomMembers,
                           Duration roomIdleTtl, int pageHistory) {

    public ChatSettings {
        if (historySize < 1 || maxTextLength < 1 || maxRooms < 1 || maxRoomMembers < 1 || pageHistory < 0) {
            throw new IllegalArgumentException("chat limits must be positive");
        }
    }

    public static ChatSettings from(Settings settings) {
        return new ChatSettings(
                settings.integer("CHATSOCKET_HISTORY_SIZE", 1000),
                settings.integer("CHATSOCKET_MAX_TEXT_LENGTH", 4000),
                settings.integer("CHATSOCKET_MAX_ROOMS", 10_000),
                settings.integer("CHATSOCKET_MAX_ROOM_MEMBERS", 10_000),
                settings.duration("CHATSOCKET_ROOM_IDLE_TTL", Duration.ofMinutes(10)),
                settings.integer("CHATSOCKET_PAGE_HISTORY", 100));
    }
}
