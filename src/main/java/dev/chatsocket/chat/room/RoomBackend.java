package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.ws.WebSocketSession;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where the rooms of this application keep their logs: this node's memory, or a store every node
 * shares. The registry asks it for a room's log the first time a room is used on this node, and
 * for what is stored of rooms that have no member here (the chat page renders a room's history
 * before anyone joins it).
 */
public interface RoomBackend extends AutoCloseable {

    /** The log of one room, for a {@link Room} object of this node. */
    RoomLog open(String room);

    /**
     * Runs a room's blocking work (joins, leaves, heartbeats) off the caller's thread, in the order
     * asked for, or on the caller's thread when the log never blocks.
     *
     * @return {@code false} when too much is waiting already, or the backend is stopping
     */
    boolean submit(Runnable task);

    /**
     * Writes what a room queued for these connections. A backend whose worker runs many rooms'
     * tasks one after another may hold the writes of a task until the tasks queued behind it have
     * run, so that a burst of joins leaves in one write per connection; by default, at once.
     */
    default void flush(Collection<WebSocketSession> sessions) {
        sessions.forEach(WebSocketSession::flush);
    }

    /** The newest stored messages of a room this node has not opened, oldest first. */
    List<ChatMessage> storedRecent(String room, int count);

    /** The epoch of a room this node has not opened, when one is stored. */
    Optional<String> storedEpoch(String room);

    /**
     * The ban on {@code uid} in {@code room} that has not ended at {@code nowMillis}, read from the
     * store every node shares (one round trip): what a handshake is checked against. Blocking, on a
     * container thread.
     *
     * @throws StoreUnavailableException when the store cannot be read
     */
    Optional<Sanction> ban(String room, String uid, long nowMillis);

    /** Releases connections and threads; called once, when the application stops. */
    @Override
    void close();
}
