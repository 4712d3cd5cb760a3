package dev.chatsocket.ws.codec;

/**
 * A complete data message (RFC 6455 §5.6) as the {@link MessageAssembler} puts it together from
 * its frames: TEXT, whose bytes are UTF-8 already validated, or BINARY.
 */
public record AssembledMessage(OpCode type, byte[] data) {
}
