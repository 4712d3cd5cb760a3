package dev.chatsocket.ws;

/**
 * Thrown by an endpoint factory to refuse a handshake that is well-formed WebSocket but not
 * acceptable to the application (a bad room name, say): answered with the status and the reason
 * as a one-line body, before any upgrade.
 */
public final class UpgradeRefused extends Exception {
    private final int status;

    public UpgradeRefused(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
