package dev.chatsocket.chat;

import java.util.List;

/**
 * One room as this node's endpoints see it: the seam between the chat protocol and where a room's
 * history lives. {@link Room} keeps it in this node's memory (the default); {@link RedisRoom} keeps
 * it in a Redis stream shared by every node. Both send the same frames in the same order
 * (docs/protocol.md), and neither does I/O on its members' sessions under a lock.
 */
interface ChatRoom {

    /** The outcome of a join. */
    enum Joined {
        /** Taken: welcome and history are sent (at once, or as soon as the store answered). */
        JOINED,
        /** The room is full; the endpoint refuses the connection. */
        FULL,
        /** The registry has forgotten this room meanwhile; look it up again. */
        RETIRED
    }

    String name();

    /** The name of this room's history; a client's ids mean something only in the same epoch. */
    String epoch();

    /**
     * Adds a member: it gets {@code welcome} then {@code history} from {@code resume} on, and
     * everyone else a {@code presence} join.
     */
    Joined join(Member member, Resume resume);

    /**
     * Stores a message and sends it to everyone, its sender included; the sender first gets the
     * ack, and only once the message is stored. A message that cannot be stored gets an
     * {@code error} frame instead.
     */
    void post(Member sender, String text, String ref, long nowMillis);

    void rename(Member member, String nick);

    void leave(Member member, long nowMillis);

    /**
     * Retires the room if it has had no member here for the idle time; the registry then forgets it.
     *
     * @return whether the room was retired
     */
    boolean retireIfIdle(long nowMillis);

    /** Members connected to this node. */
    int memberCount();

    /** The newest {@code count} messages, oldest first. */
    List<ChatMessage> recent(int count);
}
