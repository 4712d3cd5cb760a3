package dev.chatsocket.ws;

import dev.chatsocket.ws.codec.MessageFrames;
import dev.chatsocket.ws.codec.OpCode;

import java.nio.charset.StandardCharsets;

/**
 * A message to send to one session or to many. It is encoded for the wire once per form and the
 * bytes shared by every session that sends that form (plain, or compressed without context), so
 * that a broadcast costs one encoding, not one per member.
 */
public final class OutboundMessage {
    private final MessageFrames frames;

    private OutboundMessage(MessageFrames frames) {
        this.frames = frames;
    }

    public static OutboundMessage text(String text) {
        return new OutboundMessage(new MessageFrames(OpCode.TEXT, text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A message of the same type as {@code message}, carrying its bytes as they are: a received
     * text message is already valid UTF-8, so it goes back without a round trip through
     * {@code String}. The bytes are shared, not copied.
     */
    public static OutboundMessage of(Message message) {
        return new OutboundMessage(new MessageFrames(message.isText() ? OpCode.TEXT : OpCode.BINARY, message.data()));
    }

    MessageFrames frames() {
        return frames;
    }
}
