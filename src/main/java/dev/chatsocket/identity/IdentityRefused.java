package dev.chatsocket.identity;

/**
 * A credential (token, session) or a join was refused. The message is one line for the client:
 * it says what to fix ("token expired", "token audience not accepted") and never anything about
 * keys or the expected values. The handshake answers it with 401 (credentials) or 403 (rooms).
 */
public final class IdentityRefused extends Exception {
    public IdentityRefused(String reason) {
        super(reason, null, false, false);
    }

    /** The one-line reason, for the response body and the log. */
    public String reason() {
        return getMessage();
    }
}
