package dev.chatsocket.ws.codec;

/**
 * The fields of a frame header (RFC 6455 §5.2) once it has been read and validated, before the
 * payload arrives. {@code rsv} holds RSV1–RSV3 as the three bits {@code 0b100, 0b010, 0b001}.
 */
public record FrameHeader(boolean fin, int rsv, OpCode opCode, long payloadLength) {
    public static final int RSV1 = 0b100;
    public static final int RSV2 = 0b010;
    public static final int RSV3 = 0b001;
}
