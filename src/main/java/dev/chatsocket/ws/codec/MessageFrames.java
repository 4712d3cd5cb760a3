package dev.chatsocket.ws.codec;

import java.util.function.Function;

/**
 * A data message on its way out, and the frames made of it, each made once and its bytes shared
 * by every connection that sends that form: the plain frame, and one encoding that depends on the
 * message alone (permessage-deflate without context takeover, RFC 7692 §7.1.1.1). A connection
 * that compresses with context takeover encodes its own.
 */
public final class MessageFrames {
    private final OpCode type;
    private final byte[] payload;
    private byte[] plainFrame;
    private byte[] sharedFrame;

    /**
     * @param type    TEXT, with valid UTF-8 as its payload, or BINARY
     * @param payload not copied: it must not be changed afterwards
     */
    public MessageFrames(OpCode type, byte[] payload) {
        if (type != OpCode.TEXT && type != OpCode.BINARY) {
            throw new IllegalArgumentException("a message is TEXT or BINARY, not " + type);
        }
        this.type = type;
        this.payload = payload;
    }

    public OpCode type() {
        return type;
    }

    /** The payload itself, not a copy: read it, never change it. */
    public byte[] payload() {
        return payload;
    }

    /** The message as one uncompressed frame. */
    public synchronized byte[] plainFrame() {
        if (plainFrame == null) {
            plainFrame = FrameEncoder.encode(type, payload);
        }
        return plainFrame;
    }

    /**
     * The frame {@code encoder} makes of this message, made on the first call and returned as is
     * on every later one. Only for an encoding that depends on the message alone; there is one
     * such encoding per server (compression without context takeover).
     */
    public synchronized byte[] sharedFrame(Function<MessageFrames, byte[]> encoder) {
        if (sharedFrame == null) {
            sharedFrame = encoder.apply(this);
        }
        return sharedFrame;
    }
}
