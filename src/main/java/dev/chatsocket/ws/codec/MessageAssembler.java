package dev.chatsocket.ws.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts data frames together into messages (RFC 6455 §5.4) and holds the rules that span frames:
 * a continuation only inside a message, no new message before the last one ended, the message
 * size limit checked on each header before its payload is read (close 1009 without buffering the
 * excess), and UTF-8 validated chunk by chunk across fragments (close 1007 at the first bad byte).
 * Control frames may arrive between fragments (§5.4) and pass through untouched.
 *
 * <p>With a compression extension (RFC 7692), RSV1 on the first frame marks a compressed message
 * (§6); on a control frame or a continuation it fails the connection (§6.1). A compressed
 * message is decompressed once its last frame is in, within the message size limit, and its
 * UTF-8 checked on the decompressed text.
 */
public final class MessageAssembler implements FrameInspector {
    private final long maxMessageSize;
    private final MessageDecompressor decompressor;
    private final Utf8Validator utf8 = new Utf8Validator();

    /** The type of the message in progress, or {@code null} between messages. */
    private OpCode messageType;
    /** The message in progress had RSV1 on its first frame. */
    private boolean compressed;
    private long declaredSize;
    private final List<byte[]> fragments = new ArrayList<>();

    /**
     * @param decompressor the negotiated compression, or {@code null} without one (the parser
     *                     then refuses RSV1 itself)
     */
    public MessageAssembler(long maxMessageSize, MessageDecompressor decompressor) {
        this.maxMessageSize = maxMessageSize;
        this.decompressor = decompressor;
    }

    @Override
    public void onHeader(FrameHeader header) throws ProtocolException {
        OpCode op = header.opCode();
        boolean rsv1 = (header.rsv() & FrameHeader.RSV1) != 0;
        if (rsv1 && decompressor == null) {
            throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "reserved bits set");
        }
        if (op.isControl()) {
            // RFC 7692 §6.1: never the "Per-Message Compressed" bit on a control frame.
            if (rsv1) {
                throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "RSV1 on a control frame");
            }
            return;
        }
        if (op == OpCode.CONTINUATION) {
            if (messageType == null) {
                throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "continuation without a message");
            }
            // §6.1: only the first frame of a message says whether it is compressed.
            if (rsv1) {
                throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "RSV1 on a continuation frame");
            }
        } else {
            if (messageType != null) {
                throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "new message inside a fragmented one");
            }
            messageType = op;
            compressed = rsv1;
            declaredSize = 0;
        }
        declaredSize += header.payloadLength();
        if (declaredSize > maxMessageSize) {
            throw new ProtocolException(CloseStatus.MESSAGE_TOO_BIG, "message too big");
        }
    }

    @Override
    public void onPayload(FrameHeader header, byte[] payload, int from, int to) throws ProtocolException {
        if (messageType == OpCode.TEXT && !compressed && !header.opCode().isControl()) {
            utf8.feed(payload, from, to);
        }
    }

    /**
     * Takes a data frame that the parser completed.
     *
     * @return the message when this frame was its last, otherwise {@code null}
     */
    public AssembledMessage accept(Frame frame) throws ProtocolException {
        if (!frame.fin()) {
            fragments.add(frame.payload());
            return null;
        }
        OpCode type = messageType;
        byte[] data;
        if (compressed) {
            fragments.add(frame.payload());
            data = decompressor.decompress(fragments, (int) Math.min(maxMessageSize, Integer.MAX_VALUE - 16));
            fragments.clear();
            if (type == OpCode.TEXT) {
                utf8.feed(data, 0, data.length);
            }
        } else {
            data = fragments.isEmpty() ? frame.payload() : join(frame.payload());
        }
        if (type == OpCode.TEXT && !utf8.isComplete()) {
            throw new ProtocolException(CloseStatus.INVALID_PAYLOAD, "invalid UTF-8");
        }
        messageType = null;
        compressed = false;
        utf8.reset();
        return new AssembledMessage(type, data);
    }

    private byte[] join(byte[] last) {
        byte[] data = new byte[(int) declaredSize];
        int at = 0;
        for (byte[] fragment : fragments) {
            System.arraycopy(fragment, 0, data, at, fragment.length);
            at += fragment.length;
        }
        System.arraycopy(last, 0, data, at, last.length);
        fragments.clear();
        return data;
    }
}
