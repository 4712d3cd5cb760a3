package dev.chatsocket.ws;

/**
 * One open WebSocket as the application sees it. Every method may be called from any thread and
 * never blocks: sends are queued and written as the client reads them.
 */
public interface WebSocketSession {
    /** A short identifier for logs, unique within this server. */
    String id();

    /** What the client asked for when it opened the connection. */
    HandshakeInfo handshake();

    /**
     * Queues a message and starts writing it, compressed when the connection negotiated
     * compression and the message is worth it.
     *
     * @return false when the connection is no longer open or this client fell too far behind
     */
    boolean send(OutboundMessage message);

    /**
     * Queues a message without starting to write it, so that a caller holding a lock can fix the
     * order of messages across many sessions and write them after releasing it: one message sent
     * to many sessions is encoded once per form (plain, or compressed without context) and the
     * bytes shared. Call {@link #flush()} afterwards, outside the lock.
     *
     * @return false when the connection is no longer open or this client fell too far behind
     */
    boolean enqueue(OutboundMessage message);

    /**
     * Writes what {@link #enqueue} queued. A client that fell too far behind (an {@code enqueue}
     * answered false because its queue was full) is closed here with 1008, outside the caller's
     * locks.
     */
    void flush();

    /**
     * Starts the closing handshake (RFC 6455 §7.1.2) with the given code and reason; nothing is
     * sent after it.
     *
     * @throws IllegalArgumentException for a code that may not be sent (§7.4: 1005, 1006, …)
     */
    void close(int code, String reason);

    boolean isOpen();
}
