package dev.chatsocket.chat.room;

import java.time.Duration;

/**
 * The bounds of the rooms of one application.
 *
 * @param historySize     messages a room keeps in its live window
 * @param maxRooms        rooms held at once
 * @param maxRoomMembers  connections in one room
 * @param roomIdleTtl     how long an empty room is kept before it is forgotten
 * @param maxSanctions    live bans and mutes one room holds
 * @param typingInterval  at most one typing notice of a person is passed on per this interval
 */
public record RoomLimits(int historySize, int maxRooms, int maxRoomMembers, Duration roomIdleTtl, int maxSanctions,
                         Duration typingInterval) {
    public static final int DEFAULT_MAX_SANCTIONS = 1000;
    public static final Duration DEFAULT_TYPING_INTERVAL = Duration.ofSeconds(3);

    public RoomLimits {
        if (historySize < 1 || maxRooms < 1 || maxRoomMembers < 1 || roomIdleTtl.isNegative() || maxSanctions < 1
                || typingInterval.isNegative() || typingInterval.isZero()) {
            throw new IllegalArgumentException("room limits must be positive");
        }
    }

    /** With the default number of sanctions and the default typing interval. */
    public RoomLimits(int historySize, int maxRooms, int maxRoomMembers, Duration roomIdleTtl) {
        this(historySize, maxRooms, maxRoomMembers, roomIdleTtl, DEFAULT_MAX_SANCTIONS);
    }

    /** With the default typing interval. */
    public RoomLimits(int historySize, int maxRooms, int maxRoomMembers, Duration roomIdleTtl, int maxSanctions) {
        this(historySize, maxRooms, maxRoomMembers, roomIdleTtl, maxSanctions, DEFAULT_TYPING_INTERVAL);
    }

    /**
     * The most entries a room's log holds: its messages, and as many again of presence events,
     * edits and deletes. Messages are trimmed to the history size; the rest to this cap, which can
     * cut into the messages only when people came, went and changed messages far more often than
     * they wrote.
     */
    public int logCap() {
        return Math.max(100, 2 * historySize);
    }
}
