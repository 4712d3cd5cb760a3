package dev.chatsocket.ws.codec;

import java.nio.ByteBuffer;

/**
 * A resumable parser for frames sent by a client (RFC 6455 §5.2). It is fed whatever bytes the
 * network delivered, a frame split over many reads or many frames in one read, and returns a frame
 * whenever one is complete. It does no I/O.
 *
 * <p>Every check on the header runs before the payload is allocated (§10.4: an endpoint must
 * protect itself against frames it cannot hold). After a violation the parser is failed for good
 * and discards all further input (§7.1.7: once the connection is failed, nothing more is read).
 */
public final class FrameParser {
    /** Two fixed bytes, up to eight bytes of extended length, four bytes of masking key. */
    private static final int MAX_HEADER = 14;
    /** §5.5: "All control frames MUST have a payload length of 125 bytes or less". */
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private enum State { HEADER, PAYLOAD, FAILED }

    private final int maxFramePayload;
    private final FrameInspector inspector;
    private int allowedRsv;

    private State state = State.HEADER;
    private final byte[] headerBytes = new byte[MAX_HEADER];
    private int headerRead;
    private int headerNeeded = 2;

    private FrameHeader header;
    private final byte[] maskKey = new byte[4];
    private byte[] payload;
    private int payloadRead;

    /**
     * @param maxFramePayload the largest payload accepted in one frame; larger is closed with 1009
     * @param inspector       the message-level checks, run on each header and payload chunk
     */
    public FrameParser(int maxFramePayload, FrameInspector inspector) {
        this.maxFramePayload = maxFramePayload;
        this.inspector = inspector;
    }

    /**
     * Which RSV bits a negotiated extension gives meaning to (§5.2: without one, a nonzero RSV bit
     * fails the connection).
     */
    public void allowRsv(int rsvBits) {
        this.allowedRsv = rsvBits;
    }

    /** True while a frame has been started but not finished. */
    public boolean isInsideFrame() {
        return state == State.PAYLOAD || headerRead > 0;
    }

    /**
     * Consumes bytes from {@code in} up to the end of the next complete frame.
     *
     * @return the frame, or {@code null} when {@code in} ran out first (call again with more bytes)
     */
    public Frame parse(ByteBuffer in) throws ProtocolException {
        try {
            while (in.hasRemaining() || state == State.PAYLOAD) {
                switch (state) {
                    case HEADER -> {
                        if (!readHeader(in)) {
                            return null;
                        }
                        if (header.payloadLength() == 0) {
                            return finishFrame(new byte[0]);
                        }
                    }
                    case PAYLOAD -> {
                        if (!readPayload(in)) {
                            return null;
                        }
                        return finishFrame(payload);
                    }
                    case FAILED -> {
                        in.position(in.limit());
                        return null;
                    }
                }
            }
            return null;
        } catch (ProtocolException e) {
            state = State.FAILED;
            payload = null;
            in.position(in.limit());
            throw e;
        }
    }

    private boolean readHeader(ByteBuffer in) throws ProtocolException {
        while (headerRead < headerNeeded) {
            if (!in.hasRemaining()) {
                return false;
            }
            int n = Math.min(in.remaining(), headerNeeded - headerRead);
            in.get(headerBytes, headerRead, n);
            headerRead += n;
            if (headerRead == 2) {
                headerNeeded = checkFirstTwoBytes();
            }
        }
        header = decodeHeader();
        inspector.onHeader(header);
        System.arraycopy(headerBytes, headerNeeded - 4, maskKey, 0, 4);
        headerRead = 0;
        headerNeeded = 2;
        if (header.payloadLength() > 0) {
            payload = new byte[(int) header.payloadLength()];
            payloadRead = 0;
            state = State.PAYLOAD;
        }
        return true;
    }

    /** Validates what the first two bytes alone decide, and returns the full header length. */
    private int checkFirstTwoBytes() throws ProtocolException {
        int b0 = headerBytes[0] & 0xFF;
        int b1 = headerBytes[1] & 0xFF;
        int rsv = (b0 >> 4) & 0x7;
        if ((rsv & ~allowedRsv) != 0) {
            throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "reserved bits set");
        }
        OpCode opCode = OpCode.fromCode(b0);
        if (opCode == null) {
            throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "reserved opcode");
        }
        boolean fin = (b0 & 0x80) != 0;
        int length7 = b1 & 0x7F;
        if (opCode.isControl()) {
            // §5.5: control frames are never fragmented and carry at most 125 bytes.
            if (!fin) {
                throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "fragmented control frame");
            }
            if (length7 > MAX_CONTROL_PAYLOAD) {
                throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "control frame too long");
            }
        }
        // §5.1: "The server MUST close the connection upon receiving a frame that is not masked."
        if ((b1 & 0x80) == 0) {
            throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "unmasked client frame");
        }
        int extendedLength = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        return 2 + extendedLength + 4;
    }

    private FrameHeader decodeHeader() throws ProtocolException {
        int b0 = headerBytes[0] & 0xFF;
        int length7 = headerBytes[1] & 0x7F;
        long length;
        if (length7 == 126) {
            length = ((headerBytes[2] & 0xFF) << 8) | (headerBytes[3] & 0xFF);
        } else if (length7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (headerBytes[i] & 0xFF);
            }
            // §5.2: "the most significant bit MUST be 0".
            if (length < 0) {
                throw new ProtocolException(CloseStatus.PROTOCOL_ERROR, "invalid frame length");
            }
        } else {
            length = length7;
        }
        if (length > maxFramePayload) {
            throw new ProtocolException(CloseStatus.MESSAGE_TOO_BIG, "frame too big");
        }
        return new FrameHeader((b0 & 0x80) != 0, (b0 >> 4) & 0x7, OpCode.fromCode(b0), length);
    }

    private boolean readPayload(ByteBuffer in) throws ProtocolException {
        int n = Math.min(in.remaining(), payload.length - payloadRead);
        if (n > 0) {
            int from = payloadRead;
            in.get(payload, from, n);
            Masking.apply(payload, from, from + n, maskKey, from);
            payloadRead += n;
            inspector.onPayload(header, payload, from, payloadRead);
        }
        return payloadRead == payload.length;
    }

    private Frame finishFrame(byte[] data) {
        Frame frame = new Frame(header, data);
        state = State.HEADER;
        payload = null;
        header = null;
        return frame;
    }
}
