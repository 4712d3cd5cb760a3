package dev.chatsocket.chat.room;

import java.util.List;

/** Who a {@link RoomLog} delivers to: the room on this node. */
public interface LogListener {

    /** Where delivery continues: entries after this one; {@code null} while nothing is to be delivered. */
    Position position();

    /** The next entries of the log, in order, from one thread at a time. */
    void deliver(List<Entry> entries);

    /** Called on the backend's worker, now and then, by a store that lists members only while refreshed. */
    void heartbeat();

    /**
     * A typing notice of {@code uid} that some node passed on ({@link RoomLog#typing}): not an
     * entry, so it has no position and is never delivered again.
     */
    void typing(String uid, String nick);
}
