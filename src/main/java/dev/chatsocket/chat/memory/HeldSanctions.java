package dev.chatsocket.chat.memory;

import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.moderation.Sanctions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bans and mutes of this node's rooms, in memory: kept apart from the rooms' logs, so that a
 * ban outlives a room the registry forgot (not a restart). At most {@code perRoom} live sanctions
 * a room, and sanctions in at most {@code maxRooms} rooms: a room whose sanctions have all ended
 * is dropped when room is needed, and past that a new room's sanction is refused.
 */
final class HeldSanctions {
    private final int perRoom;
    private final int maxRooms;
    private final Map<String, Sanctions> byRoom = new HashMap<>();

    HeldSanctions(int perRoom, int maxRooms) {
        this.perRoom = perRoom;
        this.maxRooms = maxRooms;
    }

    /** @return {@code false} when the room, or the node, holds as many live sanctions as it may */
    synchronized boolean put(String room, Sanction sanction, long nowMillis) {
        Sanctions sanctions = byRoom.get(room);
        if (sanctions == null) {
            if (byRoom.size() >= maxRooms) {
                byRoom.values().removeIf(s -> s.active(nowMillis).isEmpty());
                if (byRoom.size() >= maxRooms) {
                    return false;
                }
            }
            sanctions = new Sanctions(perRoom);
            byRoom.put(room, sanctions);
        }
        return sanctions.put(sanction, nowMillis);
    }

    /** @return whether a sanction of that kind held against {@code uid} */
    synchronized boolean lift(String room, Sanction.Kind kind, String uid, long nowMillis) {
        Sanctions sanctions = byRoom.get(room);
        if (sanctions == null) {
            return false;
        }
        boolean held = sanctions.active(kind, uid, nowMillis).isPresent();
        sanctions.lift(kind, uid);
        if (sanctions.size() == 0) {
            byRoom.remove(room);
        }
        return held;
    }

    synchronized Optional<Sanction> active(String room, Sanction.Kind kind, String uid, long nowMillis) {
        Sanctions sanctions = byRoom.get(room);
        return sanctions == null ? Optional.empty() : sanctions.active(kind, uid, nowMillis);
    }

    synchronized List<Sanction> active(String room, long nowMillis) {
        Sanctions sanctions = byRoom.get(room);
        return sanctions == null ? List.of() : sanctions.active(nowMillis);
    }
}
