package dev.chatsocket.ws.codec;

import java.nio.charset.StandardCharsets;

/**
 * A complete data message (RFC 6455 §5.6). Text messages hold UTF-8 that has already been
 * validated, so a relay can pass the bytes on without decoding them.
 */
public record Message(OpCode type, byte[] data) {
    public boolean isText() {
        return type == OpCode.TEXT;
    }

    /** The text of a text message. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
