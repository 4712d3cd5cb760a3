package dev.chatsocket.ws;

import dev.chatsocket.ws.codec.FrameEncoder;
import dev.chatsocket.ws.codec.OpCode;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A message to send to one connection or to many. Each connection picks the form its
 * negotiated extensions call for, and each form is encoded once and its bytes shared by every
 * connection that picks it: the plain frame, and the frame compressed without context
 * (permessage-deflate with {@code server_no_context_takeover}, which depends on the message
 * alone). A connection that compresses with context takeover encodes its own.
 */
public final class OutboundMessage {
    private final OpCode type;
    private final byte[] payload;
    private byte[] plainFrame;
    private byte[] sharedFrame;

    private OutboundMessage(OpCode type, byte[] payload) {
        this.type = type;
        this.payload = payload;
    }

    public static OutboundMessage text(String text) {
        return new OutboundMessage(OpCode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary message; the array must not be changed afterwards. */
    public static OutboundMessage binary(byte[] data) {
        return new OutboundMessage(OpCode.BINARY, data);
    }

    /**
     * A message of {@code type} (TEXT with valid UTF-8, or BINARY) carrying {@code payload}, which
     * must not be changed afterwards.
     */
    public static OutboundMessage of(OpCode type, byte[] payload) {
        if (type != OpCode.TEXT && type != OpCode.BINARY) {
            throw new IllegalArgumentException("a message is TEXT or BINARY, not " + type);
        }
        return new OutboundMessage(type, payload);
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
    public synchronized byte[] sharedFrame(Function<OutboundMessage, byte[]> encoder) {
        if (sharedFrame == null) {
            sharedFrame = encoder.apply(this);
        }
        return sharedFrame;
    }
}
