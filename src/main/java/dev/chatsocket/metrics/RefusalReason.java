package dev.chatsocket.metrics;

/**
 * Why a handshake was refused, as the {@code reason} tag of
 * {@code chatsocket_handshakes_refused_total}: read from the HTTP status the refusal was answered
 * with, so that every refusal the engine or an endpoint makes is counted without each having to
 * say so, and the tag can only take these few values, never anything a client wrote. A new kind of
 * refusal with a new status is one more constant here.
 */
enum RefusalReason {
    /** A malformed handshake (§4.2.1), or a request the endpoint cannot take (a bad room name). */
    BAD_REQUEST(400, "bad_request"),
    /** The origin policy said no. */
    FORBIDDEN(403, "forbidden"),
    /** Not a GET. */
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    /** A plain HTTP request, or a WebSocket version other than 13 (§4.4). */
    UPGRADE_REQUIRED(426, "upgrade_required"),
    /** Too many handshakes from one client. */
    RATE_LIMITED(429, "rate_limited"),
    /** The handshake's headers are too large. */
    HEADERS_TOO_LARGE(431, "headers_too_large"),
    /** The server is full: connection caps, rooms or room members. */
    UNAVAILABLE(503, "unavailable"),
    /** Any other status. */
    OTHER(0, "other");

    private final int status;
    private final String tag;

    RefusalReason(int status, String tag) {
        this.status = status;
        this.tag = tag;
    }

    static RefusalReason of(int status) {
        for (RefusalReason reason : values()) {
            if (reason.status == status) {
                return reason;
            }
        }
        return OTHER;
    }

    String tag() {
        return tag;
    }
}
