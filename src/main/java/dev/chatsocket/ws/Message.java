package dev.chatsocket.ws;

import java.nio.charset.StandardCharsets;

/**
 * A complete data message (RFC 6455 §5.6), text or binary. The bytes of a text message are
 * UTF-8 that has already been validated, so a relay can pass them on without decoding them.
 *
 * @param isText whether it came as a text message (opcode 0x1) rather than binary (0x2)
 * @param data   the payload, not a copy: read it, never change it
 */
public record Message(boolean isText, byte[] data) {
    /** The text of a text message. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
