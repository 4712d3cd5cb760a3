package dev.chatsocket.chat;

import java.util.List;
import java.util.Optional;

/**
 * Rooms held in this node's memory: nothing to install, and nothing survives a restart or is seen
 * by another node. A room the registry has forgotten has no history left, so there is nothing
 * stored outside the open rooms.
 */
final class MemoryRooms implements RoomBackend {
    private final ChatSettings settings;

    MemoryRooms(ChatSettings settings) {
        this.settings = settings;
    }

    @Override
    public ChatRoom newRoom(String name, long nowMillis) {
        return new Room(name, settings, nowMillis);
    }

    @Override
    public List<ChatMessage> storedRecent(String name, int count) {
        return List.of();
    }

    @Override
    public Optional<String> storedEpoch(String name) {
        return Optional.empty();
    }

    @Override
    public void close() {
        // Nothing held outside the rooms themselves.
    }
}
