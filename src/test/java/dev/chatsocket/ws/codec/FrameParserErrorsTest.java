package dev.chatsocket.ws.codec;

import dev.chatsocket.testsupport.ClientFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.chatsocket.ws.codec.Feed.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every header violation a client can commit, the close code it earns, and where it is caught. */
class FrameParserErrorsTest {
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY = {1, 2, 3, 4};

    static Stream<Arguments> violations() {
        List<Arguments> cases = new ArrayList<>();
        for (int rsv = 1; rsv <= 7; rsv++) {
            cases.add(Arguments.of("RSV bits " + Integer.toBinaryString(rsv) + " without an extension",
                    ClientFrames.frame(true, rsv, OpCode.TEXT.code(), HELLO), 1002));
        }
        for (int op : new int[] {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
            cases.add(Arguments.of("reserved opcode " + op, ClientFrames.frame(true, 0, op, HELLO), 1002));
        }
        cases.add(Arguments.of("unmasked text", ClientFrames.unmasked(true, OpCode.TEXT.code(), HELLO), 1002));
        cases.add(Arguments.of("unmasked empty close", ClientFrames.unmasked(true, OpCode.CLOSE.code(), new byte[0]), 1002));
        for (OpCode control : new OpCode[] {OpCode.PING, OpCode.PONG, OpCode.CLOSE}) {
            cases.add(Arguments.of("fragmented " + control,
                    ClientFrames.frame(false, 0, control.code(), new byte[0]), 1002));
            cases.add(Arguments.of(control + " of 126 bytes",
                    ClientFrames.frame(true, 0, control.code(), new byte[126]), 1002));
            cases.add(Arguments.of(control + " with a 64-bit length",
                    ClientFrames.frame(true, 0, control.code(), new byte[65536]), 1002));
        }
        cases.add(Arguments.of("64-bit length with the top bit set",
                ClientFrames.concat(bytes(0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 5), KEY, HELLO), 1002));
        cases.add(Arguments.of("64-bit length of all ones",
                ClientFrames.concat(bytes(0x82, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), KEY), 1002));
        cases.add(Arguments.of("frame one byte over the maximum (16-bit length)",
                ClientFrames.binary(new byte[1001]), 1009));
        cases.add(Arguments.of("frame declaring 2^40 bytes",
                ClientFrames.concat(bytes(0x82, 0xFF, 0, 0, 0x01, 0, 0, 0, 0, 0), KEY), 1009));
        cases.add(Arguments.of("frame declaring 2^32 bytes (truncates to 0 as an int)",
                ClientFrames.concat(bytes(0x82, 0xFF, 0, 0, 0, 0x01, 0, 0, 0, 0), KEY), 1009));
        cases.add(Arguments.of("frame declaring 2^63-1 bytes",
                ClientFrames.concat(bytes(0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), KEY), 1009));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("violations")
    void failsWithTheRightCloseCode(String name, byte[] wire, int code) {
        FrameParser parser = new FrameParser(1000, FrameInspector.NONE);
        ProtocolException e = assertThrows(ProtocolException.class, () -> Feed.whole(parser, wire));
        assertEquals(code, e.closeCode(), name);
        assertFalse(e.getMessage().isBlank(), "a reason for the close frame");
        assertTrue(e.getMessage().getBytes(StandardCharsets.UTF_8).length <= 123, "the reason fits in a close frame");
    }

    /** Every violation above is a header violation: it must be caught before any payload byte. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void failsOnTheHeaderBeforeAnyPayloadByte(String name, byte[] wire, int code) {
        int headerLength = headerLength(wire);
        FrameParser parser = new FrameParser(1000, FrameInspector.NONE);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Feed.oneByteAtATime(parser, java.util.Arrays.copyOf(wire, headerLength)));
        assertEquals(code, e.closeCode(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void failsTheSameWayWhenFedOneByteAtATime(String name, byte[] wire, int code) {
        FrameParser parser = new FrameParser(1000, FrameInspector.NONE);
        ProtocolException e = assertThrows(ProtocolException.class, () -> Feed.oneByteAtATime(parser, wire));
        assertEquals(code, e.closeCode(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void failsAfterAValidFrameInTheSameBuffer(String name, byte[] wire, int code) throws ProtocolException {
        FrameParser parser = new FrameParser(1000, FrameInspector.NONE);
        ByteBuffer in = ByteBuffer.wrap(ClientFrames.concat(ClientFrames.text("ok"), wire));
        assertEquals(OpCode.TEXT, parser.parse(in).opCode());
        ProtocolException e = assertThrows(ProtocolException.class, () -> parser.parse(in));
        assertEquals(code, e.closeCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void discardsAllInputAfterAFailure(String name, byte[] wire, int code) throws ProtocolException {
        FrameParser parser = new FrameParser(1000, FrameInspector.NONE);
        ByteBuffer in = ByteBuffer.wrap(ClientFrames.concat(wire, ClientFrames.text("after")));
        assertThrows(ProtocolException.class, () -> parser.parse(in));
        assertFalse(in.hasRemaining(), "the rest of the failing buffer is consumed");
        ByteBuffer later = ByteBuffer.wrap(ClientFrames.text("later"));
        assertNull(parser.parse(later), "a valid frame after the failure is not parsed");
        assertFalse(later.hasRemaining(), "and is discarded");
        assertNull(parser.parse(ByteBuffer.wrap(ClientFrames.frame(true, 0, 5, HELLO))),
                "another violation after the failure is silently discarded too");
    }

    @Test
    void rejectsAnRsvBitThatTheExtensionDoesNotAllow() {
        FrameParser parser = new FrameParser(1000, FrameInspector.NONE);
        parser.allowRsv(FrameHeader.RSV1);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Feed.whole(parser, ClientFrames.frame(true, FrameHeader.RSV2, OpCode.TEXT.code(), HELLO)));
        assertEquals(1002, e.closeCode());
    }

    @Test
    void checksTheControlFrameLimitOnTheFirstTwoBytes() {
        FrameParser parser = new FrameParser(1000, FrameInspector.NONE);
        // 0x89 0xFE: a ping announcing a 16-bit length; nothing more is needed to refuse it.
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parser.parse(ByteBuffer.wrap(bytes(0x89, 0xFE))));
        assertEquals(1002, e.closeCode());
    }

    /** 2^40 declared bytes with the largest possible limit: refused from the header alone. */
    @Test
    void refusesAHugeDeclaredLengthEvenWithTheLargestLimit() {
        RecordingInspector inspector = new RecordingInspector();
        FrameParser parser = new FrameParser(Integer.MAX_VALUE - 16, inspector);
        byte[] header = ClientFrames.concat(bytes(0x82, 0xFF, 0, 0, 0x01, 0, 0, 0, 0, 0), KEY);
        ProtocolException e = assertThrows(ProtocolException.class, () -> parser.parse(ByteBuffer.wrap(header)));
        assertEquals(1009, e.closeCode());
        assertEquals(0, inspector.headers, "the inspector never saw the header: nothing was allocated for it");
    }

    @ParameterizedTest(name = "max {0}")
    @ValueSource(ints = {125, 126, 65535, 65536, 1 << 20})
    void refusesOneByteOverTheLimitFromTheHeaderAlone(int max) {
        RecordingInspector inspector = new RecordingInspector();
        FrameParser parser = new FrameParser(max, inspector);
        long declared = max + 1L;
        byte[] header = ClientFrames.concat(bytes(0x82, 0xFF, 0, 0, 0, 0,
                (int) (declared >>> 24), (int) (declared >>> 16) & 0xFF, (int) (declared >>> 8) & 0xFF,
                (int) declared & 0xFF), KEY);
        ProtocolException e = assertThrows(ProtocolException.class, () -> parser.parse(ByteBuffer.wrap(header)));
        assertEquals(1009, e.closeCode());
        assertEquals(0, inspector.headers);
    }

    /** A measured check that the refused payload is never allocated (HotSpot's per-thread counter). */
    @Test
    void allocatesNothingLikeTheDeclaredPayloadWhenRefusingIt() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled());
        // 512 MiB declared, 256 MiB allowed.
        byte[] header = ClientFrames.concat(bytes(0x82, 0xFF, 0, 0, 0, 0, 0x20, 0, 0, 0), KEY);
        FrameParser parser = new FrameParser(256 << 20, FrameInspector.NONE);
        long tid = Thread.currentThread().getId();
        long before = hotspot.getThreadAllocatedBytes(tid);
        ProtocolException e = assertThrows(ProtocolException.class, () -> parser.parse(ByteBuffer.wrap(header)));
        long allocated = hotspot.getThreadAllocatedBytes(tid) - before;
        assertEquals(1009, e.closeCode());
        assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes");
    }

    /** The inspector's own failure fails the parser for good, like a header violation. */
    @Test
    void anInspectorFailureDuringThePayloadFailsTheParserAndDiscardsTheRest() {
        FrameInspector failing = new FrameInspector() {
            @Override
            public void onHeader(FrameHeader header) {
            }

            @Override
            public void onPayload(FrameHeader header, byte[] payload, int from, int to) throws ProtocolException {
                throw new ProtocolException(1007, "bad");
            }
        };
        FrameParser parser = new FrameParser(1000, failing);
        byte[] wire = ClientFrames.concat(ClientFrames.text("abc"), ClientFrames.text("def"));
        ByteBuffer first = ByteBuffer.wrap(wire, 0, 7); // header and one payload byte
        ProtocolException e = assertThrows(ProtocolException.class, () -> parser.parse(first));
        assertEquals(1007, e.closeCode());
        ByteBuffer rest = ByteBuffer.wrap(wire, 7, wire.length - 7);
        assertDoesNotParse(parser, rest);
    }

    private static void assertDoesNotParse(FrameParser parser, ByteBuffer in) {
        try {
            assertNull(parser.parse(in));
        } catch (ProtocolException e) {
            throw new AssertionError("a failed parser must not throw again", e);
        }
        assertFalse(in.hasRemaining());
    }

    /** Header length of a client frame as written, from its second byte. */
    private static int headerLength(byte[] wire) {
        int length7 = wire[1] & 0x7F;
        int masked = (wire[1] & 0x80) != 0 ? 4 : 0;
        return 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + masked;
    }

    private static final class RecordingInspector implements FrameInspector {
        int headers;

        @Override
        public void onHeader(FrameHeader header) {
            headers++;
        }

        @Override
        public void onPayload(FrameHeader header, byte[] payload, int from, int to) {
        }
    }
}
