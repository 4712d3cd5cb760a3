package dev.chatsocket.ws.codec;

/** Status codes of RFC 6455 §7.4.1, and which of them may appear on the wire (§7.4.2). */
public final class CloseStatus {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Reported locally when a close frame carried no code; never sent (§7.4.1). */
    public static final int NO_STATUS = 1005;
    /** Reported locally when TCP ended without a close frame; never sent (§7.4.1). */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;
    /** Registered with IANA after RFC 6455: the service is restarting, reconnect. */
    public static final int SERVICE_RESTART = 1012;
    /** Registered with IANA after RFC 6455: the server is overloaded, come back later. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseStatus() {
    }

    /**
     * Whether a peer may send this code in a close frame. 1000–1003 and 1007–1011 are the codes
     * RFC 6455 defines for use on the wire; 3000–3999 are registered for libraries and 4000–4999
     * are private. 1004–1006 and 1015 are reserved and everything else is unassigned, so a close
     * frame carrying one is a protocol error.
     */
    public static boolean isValidOnWire(int code) {
        return isDefinedByRfc6455(code) || (code >= 3000 && code <= 4999);
    }

    /**
     * Whether this server may send the code: those above, and 1012–1014, which IANA registered
     * after RFC 6455 (1013, "try again later", is how a full room is refused). Receiving them
     * stays a protocol error, as the conformance suite this project follows expects.
     */
    public static boolean isSendable(int code) {
        return isValidOnWire(code) || (code >= 1012 && code <= 1014);
    }

    private static boolean isDefinedByRfc6455(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011);
    }
}
