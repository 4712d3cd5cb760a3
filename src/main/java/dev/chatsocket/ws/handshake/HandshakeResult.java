package dev.chatsocket.ws.handshake;

import java.util.Map;

/** The answer to an opening handshake: switch protocols, or refuse with an HTTP status. */
public sealed interface HandshakeResult {

    /**
     * Switch to WebSocket (§4.2.2).
     *
     * @param acceptKey   the {@code Sec-WebSocket-Accept} value
     * @param subprotocol the chosen subprotocol, or {@code null} when none is to be sent
     */
    record Accept(String acceptKey, String subprotocol) implements HandshakeResult {
    }

    /**
     * Refuse (§4.2.1, §4.4): an HTTP status with a one-line reason for the body and any headers
     * that tell the client how to do better.
     */
    record Reject(int status, String reason, Map<String, String> headers) implements HandshakeResult {
        public Reject(int status, String reason) {
            this(status, reason, Map.of());
        }
    }
}
