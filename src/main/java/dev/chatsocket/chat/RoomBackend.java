package dev.chatsocket.chat;

import java.util.List;
import java.util.Optional;

/**
 * Where rooms keep their history: this node's memory ({@link MemoryRooms}, the default) or Redis
 * ({@link RedisRooms}, when {@code CHATSOCKET_REDIS_URL} is set). The registry asks it for a room
 * object the first time a room is used on this node, and for what is stored of rooms that have no
 * member here (the chat page renders a room's history before anyone joins it).
 */
interface RoomBackend extends AutoCloseable {

    /** A room object for this node; the registry keeps it until it has been idle long enough. */
    ChatRoom newRoom(String name, long nowMillis);

    /** The newest stored messages of a room this node has not opened, oldest first. */
    List<ChatMessage> storedRecent(String name, int count);

    /** The epoch of a room this node has not opened, when one is stored. */
    Optional<String> storedEpoch(String name);

    /** Releases connections and threads; called once, when the application stops. */
    @Override
    void close();
}
