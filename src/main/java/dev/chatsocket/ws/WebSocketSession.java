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
     * Queues a message, compressed when the connection negotiated compression and the message is
     * worth it; false when the connection is no longer open.
     */
    boolean send(OutboundMessage message);

    /**
     * Queues a message without starting to write it, like {@link #enqueueEncoded}: the way to send
     * one message to many sessions, since each form of it (plain, or compressed without context)
     * is encoded once and shared. Call {@link #flush()} afterwards.
     *
     * @return false when the connection is no longer open or this client fell too far behind
     */
    boolean enqueue(OutboundMessage message);

    /** Queues a text message; false when the connection is no longer open. */
    boolean sendText(String text);

    /** Queues a binary message; false when the connection is no longer open. */
    boolean sendBinary(byte[] data);

    /**
     * Queues a frame already encoded with {@link dev.chatsocket.ws.codec.FrameEncoder}, sent as it
     * is (never compressed). The array must not be changed afterwards.
     */
    boolean sendEncoded(byte[] frame);

    /**
     * Queues an encoded frame without starting to write it, so that a caller holding a lock can
     * fix the order of frames across many sessions and write them after releasing it. Call
     * {@link #flush()} afterwards.
     *
     * @return false when the connection is no longer open or this client fell too far behind
     */
    boolean enqueueEncoded(byte[] frame);

    /** Writes what {@link #enqueueEncoded} queued; closes a client that fell too far behind. */
    void flush();

    /** Starts the closing handshake (RFC 6455 §7.1.2) with the given code and reason. */
    void close(int code, String reason);

    boolean isOpen();
}
