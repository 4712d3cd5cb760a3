package dev.chatsocket.ws.codec;

import java.nio.charset.StandardCharsets;

/**
 * The body of a close frame (RFC 6455 §5.5.1): empty, or a two-byte status code followed by a
 * UTF-8 reason.
 */
public record CloseFrame(int code, String reason) {
    /** A control frame carries at most 125 bytes, two of which are the code. */
    private static final int MAX_REASON_BYTES = 123;

    /**
     * Reads a close payload from a peer.
     *
     * @return the code and reason; code {@link CloseStatus#NO_STATUS} when the body was empty
     */
    public static CloseFrame parse(byte[] payload) throws ProtocolException {
        if (payload.length == 0) {
            return new CloseFrame(CloseStatus.NO_STATUS, "");
        }
        if (payload.length == 1) {
            throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "close payload of one byte");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!CloseStatus.isValidOnWire(code)) {
            throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "invalid close code");
        }
        if (!Utf8Validator.isValid(payload, 2, payload.length)) {
            throw new ProtocolException(CloseStatus.INVALID_PAYLOAD, "invalid UTF-8 in close reason");
        }
        return new CloseFrame(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
    }

    /** The whole close frame to send, the reason cut to fit on a character boundary. */
    public byte[] encode() {
        byte[] reasonBytes = truncate(reason);
        byte[] body = new byte[2 + reasonBytes.length];
        body[0] = (byte) (code >>> 8);
        body[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, body, 2, reasonBytes.length);
        return FrameEncoder.encode(OpCode.CLOSE, body);
    }

    private static byte[] truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return bytes;
        }
        int end = MAX_REASON_BYTES;
        while ((bytes[end] & 0xC0) == 0x80) { // back up to the start of a character
            end--;
        }
        byte[] cut = new byte[end];
        System.arraycopy(bytes, 0, cut, 0, end);
        return cut;
    }
}
