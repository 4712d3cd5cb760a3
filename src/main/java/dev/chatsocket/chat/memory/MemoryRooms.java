package dev.chatsocket.chat.memory;

import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.DedupeLimits;
import dev.chatsocket.chat.room.RoomBackend;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.room.RoomLog;

import java.util.List;
import java.util.Optional;

/**
 * Rooms held in this node's memory: nothing to install, and nothing survives a restart or is seen
 * by another node. A room the registry has forgotten has no history left, so there is nothing
 * stored outside the open rooms but their bans and mutes ({@link HeldSanctions}), which outlive it. Nothing here blocks, so a room's work runs on the caller's thread.
 */
public final class MemoryRooms implements RoomBackend {
    private final RoomLimits limits;
    private final DedupeLimits dedupe;
    private final HeldSanctions sanctions;

    public MemoryRooms(RoomLimits limits, DedupeLimits dedupe) {
        this.limits = limits;
        this.dedupe = dedupe;
        this.sanctions = new HeldSanctions(limits.maxSanctions(), limits.maxRooms());
    }

    @Override
    public RoomLog open(String room) {
        return new MemoryLog(room, limits, dedupe, sanctions);
    }

    @Override
    public Optional<Sanction> ban(String room, String uid, long nowMillis) {
        return sanctions.active(room, Sanction.Kind.BAN, uid, nowMillis);
    }

    @Override
    public boolean submit(Runnable task) {
        task.run();
        return true;
    }

    @Override
    public List<ChatMessage> storedRecent(String room, int count) {
        return List.of();
    }

    @Override
    public Optional<String> storedEpoch(String room) {
        return Optional.empty();
    }

    @Override
    public void close() {
        // Nothing held outside the rooms themselves.
    }
}
