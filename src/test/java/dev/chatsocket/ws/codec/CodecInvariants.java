package dev.chatsocket.ws.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzzers' oracle for the codec: runs a client's bytes through the frame parser and the
 * message assembler as {@code WebSocketConnection} does, and the UTF-8 validator on its own, and
 * asserts what must hold whatever the bytes. Nothing but {@link ProtocolException} is thrown, and
 * only with a close code a server may send for a client's fault (1002, 1007, 1009); no frame header
 * past the frame limit reaches the payload allocation, and no frame or message past its limit comes
 * out; every byte given is consumed; a parser that failed stays failed; text is delivered only when
 * it is valid UTF-8, and the validator agrees with the JDK's strict decoder. Shared by the seeded
 * fuzzer ({@link CodecFuzzTest}) and the coverage-guided one ({@link CodecJazzerFuzzTest}).
 */
final class CodecInvariants {
    /** Small limits, so that fuzzed streams run into them often. */
    static final int MAX_FRAME = 1024;
    static final int MAX_MESSAGE = 4096;

    private static final List<Integer> CLIENT_FAULTS = List.of(
            CloseStatus.PROTOCOL_ERROR, CloseStatus.INVALID_PAYLOAD, CloseStatus.MESSAGE_TOO_BIG);

    private CodecInvariants() {
    }

    /**
     * What the codec made of a stream: the messages, the close code it failed with ({@code null}
     * if it did not fail) and the client's close frame ({@code null} if none came).
     */
    record Outcome(List<AssembledMessage> messages, Integer failedWith, CloseFrame close) {
    }

    /**
     * Feeds the stream in the pieces given: frames to the assembler, close frames parsed, and
     * nothing read after a close frame or a failure (the connection stops reading then; the parser
     * itself also stays failed after its own errors).
     */
    static Outcome parse(List<byte[]> pieces) {
        return parse(pieces, null);
    }

    /**
     * {@link #parse(List)} with a negotiated compression extension: RSV1 on a message's first frame
     * marks it compressed (RFC 7692 §6), and the assembler decompresses it within the message limit.
     */
    static Outcome parse(List<byte[]> pieces, MessageDecompressor decompressor) {
        MessageAssembler assembler = new MessageAssembler(MAX_MESSAGE, decompressor);
        FrameParser parser = new FrameParser(MAX_FRAME, new LimitWatch(assembler));
        if (decompressor != null) {
            parser.allowRsv(FrameHeader.RSV1);
        }
        List<AssembledMessage> messages = new ArrayList<>();
        boolean inParser = false;
        try {
            for (byte[] piece : pieces) {
                ByteBuffer in = ByteBuffer.wrap(piece);
                while (true) {
                    inParser = true;
                    Frame frame = parser.parse(in);
                    inParser = false;
                    if (frame == null) {
                        break;
                    }
                    assertTrue(frame.payload().length <= MAX_FRAME, "frame within the limit");
                    if (frame.opCode().isControl()) {
                        assertTrue(frame.fin() && frame.payload().length <= 125, "§5.5 control frame");
                        if (frame.opCode() == OpCode.CLOSE) {
                            return new Outcome(messages, null, CloseFrame.parse(frame.payload()));
                        }
                        continue;
                    }
                    AssembledMessage message = assembler.accept(frame);
                    if (message != null) {
                        assertTrue(message.data().length <= MAX_MESSAGE, "message within the limit");
                        if (message.type() == OpCode.TEXT) {
                            assertTrue(isStrictUtf8(message.data()), "only valid UTF-8 is delivered as text");
                        }
                        messages.add(message);
                    }
                }
                assertFalse(in.hasRemaining(), "the parser asks for more only once it has used every byte");
            }
            return new Outcome(messages, null, null);
        } catch (ProtocolException e) {
            assertTrue(CloseStatus.isSendable(e.closeCode()), () -> "close code " + e.closeCode());
            assertTrue(CLIENT_FAULTS.contains(e.closeCode()), () -> "close code " + e.closeCode());
            if (inParser) {
                assertFailedForGood(parser);
            }
            return new Outcome(messages, e.closeCode(), null);
        }
    }

    /** Two runs of the same stream came to the same end: same messages, same failure, same close. */
    static void assertSameOutcome(Outcome expected, Outcome actual) {
        assertEquals(expected.failedWith(), actual.failedWith(), "failure");
        assertEquals(expected.close(), actual.close(), "close frame");
        assertEquals(expected.messages().size(), actual.messages().size(), "message count");
        for (int i = 0; i < expected.messages().size(); i++) {
            assertEquals(expected.messages().get(i).type(), actual.messages().get(i).type(), "message type");
            assertArrayEquals(expected.messages().get(i).data(), actual.messages().get(i).data(), "message data");
        }
    }

    /**
     * What a fresh validator says of the bytes fed in these pieces: valid (complete at the end)
     * or not. It may refuse only with 1007.
     */
    static boolean validatorAccepts(List<byte[]> pieces) {
        Utf8Validator validator = new Utf8Validator();
        try {
            for (byte[] piece : pieces) {
                validator.feed(piece, 0, piece.length);
            }
            return validator.isComplete();
        } catch (ProtocolException e) {
            assertEquals(CloseStatus.INVALID_PAYLOAD, e.closeCode());
            return false;
        }
    }

    /** The JDK's verdict: RFC 3629 UTF-8, no overlong forms, surrogates or code points past U+10FFFF. */
    static boolean isStrictUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The bytes cut into pieces of {@code size} (the last one shorter), as reads might deliver them. */
    static List<byte[]> piecesOf(byte[] data, int size) {
        List<byte[]> pieces = new ArrayList<>();
        for (int at = 0; at < data.length; at += size) {
            pieces.add(Arrays.copyOfRange(data, at, Math.min(data.length, at + size)));
        }
        return pieces;
    }

    /** §7.1.7: after a violation the parser returns nothing and swallows whatever follows. */
    private static void assertFailedForGood(FrameParser parser) {
        ByteBuffer more = ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x80, 1, 2, 3, 4});
        try {
            assertNull(parser.parse(more));
        } catch (ProtocolException again) {
            throw new AssertionError("a failed parser throws only once", again);
        }
        assertFalse(more.hasRemaining());
    }

    /**
     * Sits between the parser and the assembler and checks, before the parser allocates a payload
     * of the header's length, that the length is within the frame limit.
     */
    private static final class LimitWatch implements FrameInspector {
        private final FrameInspector next;

        LimitWatch(FrameInspector next) {
            this.next = next;
        }

        @Override
        public void onHeader(FrameHeader header) throws ProtocolException {
            assertTrue(header.payloadLength() >= 0 && header.payloadLength() <= MAX_FRAME,
                    () -> "the parser checks the length before anything else: " + header);
            next.onHeader(header);
        }

        @Override
        public void onPayload(FrameHeader header, byte[] payload, int from, int to) throws ProtocolException {
            assertTrue(0 <= from && from < to && to <= payload.length && payload.length <= MAX_FRAME);
            next.onPayload(header, payload, from, to);
        }
    }
}
