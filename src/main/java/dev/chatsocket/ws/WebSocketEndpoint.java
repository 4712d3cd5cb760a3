package dev.chatsocket.ws;


/**
 * What the application does with one connection. The engine calls these from the thread that read
 * the bytes, one at a time per connection and never while holding a lock, so an endpoint may send
 * to other sessions freely; it must not block.
 */
public interface WebSocketEndpoint {
    /** The handshake is done and the session can send. */
    default void onOpen(WebSocketSession session) {
    }

    /** A whole message arrived; text has been validated as UTF-8. */
    void onMessage(WebSocketSession session, Message message);

    /**
     * The connection is closed, called exactly once. {@code code} is the peer's close code,
     * the code we failed the connection with, or 1006 when TCP ended without a close frame.
     */
    default void onClose(WebSocketSession session, int code, String reason) {
    }

    /**
     * The engine is done with this endpoint: called exactly once for every endpoint that
     * {@link WebSocketServlet#createEndpoint} returned, whether its connection opened or not (the
     * container refused the upgrade, the client or the application went before {@code init}), and
     * in no set order with {@link #onClose}. The place to give back what {@code createEndpoint}
     * reserved, so that no path leaks it.
     */
    default void onReleased() {
    }
}
