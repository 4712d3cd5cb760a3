package dev.chatsocket.ws;


/**
 * What the engine tells an observer about its connections: handshakes, traffic and closes. The
 * engine knows nothing of who listens (metrics, logs); every method has a default that does
 * nothing, so an observer overrides what it counts and tests use {@link #NONE}.
 *
 * <p>Calls come from whichever thread the event happened on, reader, writer or timer, and never
 * while the engine holds a lock; an observer must be thread-safe and must not block.
 */
public interface ConnectionEvents {
    /** Does nothing. */
    ConnectionEvents NONE = new ConnectionEvents() {
    };

    /** The handshake was answered with 101. */
    default void handshakeAccepted() {
    }

    /** The handshake was answered with this HTTP status instead of 101. */
    default void handshakeRefused(int status) {
    }

    /** The endpoint has been told the connection is open. */
    default void opened() {
    }

    /** Bytes read from the network, as they came: frame headers included. */
    default void bytesReceived(int count) {
    }

    /** A whole data message was delivered to the endpoint. */
    default void messageReceived(Message message) {
    }

    /** A data frame was queued for the client. */
    default void messageQueued(int frameBytes) {
    }

    /** Bytes written to the network. */
    default void bytesSent(int count) {
    }

    /**
     * Bytes waiting in the connection's outbound queue went up (positive) or down (negative): the
     * running sum over all connections is the memory held for clients that have not read yet.
     */
    default void queuedBytesChanged(long delta) {
    }

    /** A close frame with this code was queued for the client. */
    default void closeSent(int code, String reason) {
    }

    /** The client's close frame arrived; {@code 1005} when it carried no code. */
    default void closeReceived(int code, String reason) {
    }

    /** The client stopped reading while its queue filled up, and is being closed with 1008. */
    default void slowConsumerClosed() {
    }

    /** The connection is gone: TCP closed and the connection forgotten. Called once. */
    default void released() {
    }
}
