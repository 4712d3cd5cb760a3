package dev.chatsocket.ws.codec;

/**
 * Writes server frames (RFC 6455 §5.2): header and payload in one array, ready to hand to the
 * network, so a message sent to many connections is encoded once and the same bytes shared.
 * Server frames are never masked (§5.1).
 */
public final class FrameEncoder {
    private FrameEncoder() {
    }

    /** The header size for a payload: 2 bytes, plus 2 or 8 bytes of extended length (§5.2). */
    public static int headerLength(long payloadLength) {
        return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    public static byte[] encode(OpCode opCode, byte[] payload) {
        return encode(true, 0, opCode, payload, 0, payload.length);
    }

    /** Encodes one frame carrying {@code payload[offset, offset + length)}. */
    public static byte[] encode(boolean fin, int rsv, OpCode opCode, byte[] payload, int offset, int length) {
        int headerLength = headerLength(length);
        byte[] frame = new byte[headerLength + length];
        writeHeader(frame, fin, rsv, opCode, length);
        System.arraycopy(payload, offset, frame, headerLength, length);
        return frame;
    }

    /** Writes the header at the start of {@code frame}; returns its length. */
    public static int writeHeader(byte[] frame, boolean fin, int rsv, OpCode opCode, long payloadLength) {
        frame[0] = (byte) ((fin ? 0x80 : 0) | (rsv << 4) | opCode.code());
        if (payloadLength <= 125) {
            frame[1] = (byte) payloadLength;
            return 2;
        }
        if (payloadLength <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (payloadLength >>> 8);
            frame[3] = (byte) payloadLength;
            return 4;
        }
        frame[1] = 127;
        for (int i = 0; i < 8; i++) {
            frame[2 + i] = (byte) (payloadLength >>> (56 - 8 * i));
        }
        return 10;
    }
}
