package dev.chatsocket.ws;

import dev.chatsocket.ws.codec.CloseStatus;

/**
 * The close codes an endpoint passes to {@link WebSocketSession#close} or meets in
 * {@link WebSocketEndpoint#onClose} (RFC 6455 §7.4.1, and 1012–1013 from the IANA registry).
 * The values are the codec's, which also holds the rules of which codes may cross the wire.
 */
public final class CloseCodes {
    /** 1000: the purpose of the connection is fulfilled. */
    public static final int NORMAL = CloseStatus.NORMAL;
    /** 1001: the server is going down, or the client navigated away. */
    public static final int GOING_AWAY = CloseStatus.GOING_AWAY;
    /** 1002: the peer broke the protocol; sent by the engine, never by an endpoint. */
    public static final int PROTOCOL_ERROR = CloseStatus.PROTOCOL_ERROR;
    /** 1003: a type of data the endpoint cannot take (binary where it wants text, say). */
    public static final int UNSUPPORTED_DATA = CloseStatus.UNSUPPORTED_DATA;
    /** 1005: reported to {@code onClose} when the close frame carried no code; never sent. */
    public static final int NO_STATUS = CloseStatus.NO_STATUS;
    /** 1006: reported to {@code onClose} when TCP ended without a close frame; never sent. */
    public static final int ABNORMAL = CloseStatus.ABNORMAL;
    /** 1007: text that is not UTF-8; sent by the engine. */
    public static final int INVALID_PAYLOAD = CloseStatus.INVALID_PAYLOAD;
    /** 1008: a message that breaks the endpoint's policy (a flood, say). */
    public static final int POLICY_VIOLATION = CloseStatus.POLICY_VIOLATION;
    /** 1009: a message over the limit; sent by the engine. */
    public static final int MESSAGE_TOO_BIG = CloseStatus.MESSAGE_TOO_BIG;
    /** 1011: the server hit a condition it did not expect. */
    public static final int INTERNAL_ERROR = CloseStatus.INTERNAL_ERROR;
    /** 1012: the service is restarting; the client may reconnect. */
    public static final int SERVICE_RESTART = CloseStatus.SERVICE_RESTART;
    /** 1013: the server is overloaded; the client may come back later. */
    public static final int TRY_AGAIN_LATER = CloseStatus.TRY_AGAIN_LATER;

    private CloseCodes() {
    }
}
