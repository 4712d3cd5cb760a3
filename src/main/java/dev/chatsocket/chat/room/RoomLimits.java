package dev.chatsocket.chat.room;

import java.time.Duration;

/**
 * The bounds of the rooms of one application.
 *
 * @param historySize     messages a room keeps in its live window
 * @param maxRooms        rooms held at once
 * @param maxRoomMembers  connections in one room
 * @param roomIdleTtl     how long an empty room is kept before it is forgotten
 */
public record RoomLimits(int historySize, int maxRooms, int maxRoomMembers, Duration roomIdleTtl) {

    public RoomLimits {
        if (historySize < 1 || maxRooms < 1 || maxRoomMembers < 1 || roomIdleTtl.isNegative()) {
            throw new IllegalArgumentException("room limits must be positive");
        }
    }

    /**
     * The most entries a room's log holds: its messages, and as many again of presence events.
     * Messages are trimmed to the history size by id; presence events to this cap, which can cut
     * into the messages only when people came and went far more often than they wrote.
     */
    public int logCap() {
        return Math.max(100, 2 * historySize);
    }
}
