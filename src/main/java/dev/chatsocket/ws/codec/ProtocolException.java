package dev.chatsocket.ws.codec;

/**
 * A violation by the peer that fails the connection (RFC 6455 §7.1.7). It carries the close code
 * to send, so that one place, the protocol connection, turns every failure into a close frame.
 * The message is the close reason: short, and never internal detail.
 */
public final class ProtocolException extends Exception {
    private final int closeCode;

    public ProtocolException(int closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
