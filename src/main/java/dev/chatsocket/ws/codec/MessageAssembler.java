package dev.chatsocket.ws.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts data frames together into messages (RFC 6455 §5.4) and holds the rules that span frames:
 * a continuation only inside a message, no new message before the last one ended, the message
 * size limit checked on each header before its payload is read (close 1009 without buffering the
 * excess), and UTF-8 validated chunk by chunk across fragments (close 1007 at the first bad byte).
 * Control frames may arrive between fragments (§5.4) and pass through untouched.
 */
public final class MessageAssembler implements FrameInspector {
    private final long maxMessageSize;
    private final Utf8Validator utf8 = new Utf8Validator();

    /** The type of the message in progress, or {@code null} between messages. */
    private OpCode messageType;
    private long declaredSize;
    private final List<byte[]> fragments = new ArrayList<>();

    public MessageAssembler(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void onHeader(FrameHeader header) throws ProtocolException {
        OpCode op = header.opCode();
        if (op.isControl()) {
            return;
        }
        if (op == OpCode.CONTINUATION) {
            if (messageType == null) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "continuation without a message");
            }
        } else {
            if (messageType != null) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "new message inside a fragmented one");
            }
            messageType = op;
            declaredSize = 0;
        }
        declaredSize += header.payloadLength();
        if (declaredSize > maxMessageSize) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "message too big");
        }
    }

    @Override
    public void onPayload(FrameHeader header, byte[] payload, int from, int to) throws ProtocolException {
        if (messageType == OpCode.TEXT && !header.opCode().isControl()) {
            utf8.feed(payload, from, to);
        }
    }

    /**
     * Takes a data frame that the parser completed.
     *
     * @return the message when this frame was its last, otherwise {@code null}
     */
    public Message accept(Frame frame) throws ProtocolException {
        if (!frame.fin()) {
            fragments.add(frame.payload());
            return null;
        }
        OpCode type = messageType;
        if (type == OpCode.TEXT && !utf8.isComplete()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "invalid UTF-8");
        }
        byte[] data = fragments.isEmpty() ? frame.payload() : join(frame.payload());
        messageType = null;
        utf8.reset();
        return new Message(type, data);
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
