package dev.chatsocket.testsupport;

import dev.chatsocket.ws.codec.FrameEncoder;
import dev.chatsocket.ws.codec.Masking;
import dev.chatsocket.ws.codec.OpCode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Frames as a client sends them (masked, RFC 6455 §5.3), byte for byte, including the ones a
 * well-behaved client never sends: tests build exactly the wire bytes they mean.
 */
public final class ClientFrames {
    /** A fixed key keeps test vectors reproducible. */
    public static final byte[] DEFAULT_MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private ClientFrames() {
    }

    public static byte[] text(String text) {
        return frame(true, 0, OpCode.TEXT.code(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The "Per-Message Compressed" bit of RFC 7692 §6 in the {@code rsv} argument of {@link #frame}. */
    public static final int RSV1 = 0b100;

    /**
     * One message as {@code pieces} frames (fewer when the payload is shorter), {@code rsv} on the
     * first frame only, as RFC 6455 §5.4 and RFC 7692 §6.1 require.
     */
    public static byte[] fragmented(int rsv, int opcode, byte[] payload, int pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = Math.max(1, Math.min(pieces, payload.length));
        for (int i = 0; i < count; i++) {
            int from = (int) ((long) payload.length * i / count);
            int to = (int) ((long) payload.length * (i + 1) / count);
            byte[] piece = java.util.Arrays.copyOfRange(payload, from, to);
            out.writeBytes(frame(i == count - 1, i == 0 ? rsv : 0, i == 0 ? opcode : 0, piece));
        }
        return out.toByteArray();
    }

    public static byte[] binary(byte[] data) {
        return frame(true, 0, OpCode.BINARY.code(), data);
    }

    public static byte[] close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[2 + r.length];
        body[0] = (byte) (code >>> 8);
        body[1] = (byte) code;
        System.arraycopy(r, 0, body, 2, r.length);
        return frame(true, 0, OpCode.CLOSE.code(), body);
    }

    /** A masked frame with any FIN, RSV bits (0–7) and opcode (0–15), reserved ones included. */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return frame(fin, rsv, opcode, payload, DEFAULT_MASK);
    }

    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, byte[] mask) {
        int headerLength = FrameEncoder.headerLength(payload.length);
        byte[] frame = new byte[headerLength + 4 + payload.length];
        FrameEncoder.writeHeader(frame, fin, rsv, OpCode.TEXT, payload.length);
        frame[0] = (byte) ((frame[0] & 0xF0) | (opcode & 0x0F));
        frame[1] |= (byte) 0x80; // MASK bit
        System.arraycopy(mask, 0, frame, headerLength, 4);
        System.arraycopy(payload, 0, frame, headerLength + 4, payload.length);
        Masking.apply(frame, headerLength + 4, frame.length, mask, 0);
        return frame;
    }

    /** The same frame without the MASK bit and key, which a server must refuse (§5.1). */
    public static byte[] unmasked(boolean fin, int opcode, byte[] payload) {
        byte[] frame = FrameEncoder.encode(fin, 0, OpCode.TEXT, payload, 0, payload.length);
        frame[0] = (byte) ((frame[0] & 0xF0) | (opcode & 0x0F));
        return frame;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
