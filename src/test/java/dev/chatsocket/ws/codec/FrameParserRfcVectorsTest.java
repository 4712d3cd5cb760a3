package dev.chatsocket.ws.codec;

import dev.chatsocket.testsupport.ClientFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.chatsocket.ws.codec.Feed.assertSameFrames;
import static dev.chatsocket.ws.codec.Feed.bytes;
import static dev.chatsocket.ws.codec.Feed.frame;
import static dev.chatsocket.ws.codec.Feed.naiveMask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples of RFC 6455 §5.7 as a client sends them (masked), parsed whole, split at every
 * offset, one byte at a time and concatenated. The wire bytes are written out literally here or
 * masked with a naive loop, so the vectors do not depend on the code under test.
 */
class FrameParserRfcVectorsTest {
    private static final byte[] KEY = {0x37, (byte) 0xfa, 0x21, 0x3d};
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX = 1 << 20;

    /** §5.7: "A single-frame masked text message". */
    static final byte[] MASKED_HELLO = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    /** §5.7 "Unmasked Ping request" "Hello", as a client must send it: masked with the same key. */
    static final byte[] MASKED_PING_HELLO = bytes(0x89, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    /** §5.7 "Masked Pong response" with the same payload. */
    static final byte[] MASKED_PONG_HELLO = bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    /** §5.7 "A fragmented unmasked text message", masked: "Hel" then "lo". */
    static final byte[] MASKED_HEL = bytes(0x01, 0x83, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d);
    static final byte[] MASKED_LO = bytes(0x80, 0x82, 0x37, 0xfa, 0x21, 0x3d, 0x5b, 0x95);

    static byte[] payload(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 31 + 7);
        }
        return p;
    }

    /** §5.7: 256 bytes binary in a single frame: 0x82 0x7E 0x0100, here with MASK set and a key. */
    static final byte[] PAYLOAD_256 = payload(256);
    static final byte[] MASKED_BINARY_256 = ClientFrames.concat(
            bytes(0x82, 0xFE, 0x01, 0x00), KEY, naiveMask(PAYLOAD_256, KEY));
    /** §5.7: 64KiB binary in a single frame: 0x82 0x7F 0x0000000000010000, masked. */
    static final byte[] PAYLOAD_64K = payload(65536);
    static final byte[] MASKED_BINARY_64K = ClientFrames.concat(
            bytes(0x82, 0xFF, 0, 0, 0, 0, 0, 0x01, 0, 0), KEY, naiveMask(PAYLOAD_64K, KEY));

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("masked text Hello", MASKED_HELLO, List.of(frame(true, OpCode.TEXT, HELLO))),
                Arguments.of("masked ping Hello", MASKED_PING_HELLO, List.of(frame(true, OpCode.PING, HELLO))),
                Arguments.of("masked pong Hello", MASKED_PONG_HELLO, List.of(frame(true, OpCode.PONG, HELLO))),
                Arguments.of("fragmented Hel+lo", ClientFrames.concat(MASKED_HEL, MASKED_LO), List.of(
                        frame(false, OpCode.TEXT, "Hel".getBytes(StandardCharsets.US_ASCII)),
                        frame(true, OpCode.CONTINUATION, "lo".getBytes(StandardCharsets.US_ASCII)))),
                Arguments.of("256 bytes binary (16-bit length)", MASKED_BINARY_256,
                        List.of(frame(true, OpCode.BINARY, PAYLOAD_256))),
                Arguments.of("64KiB binary (64-bit length)", MASKED_BINARY_64K,
                        List.of(frame(true, OpCode.BINARY, PAYLOAD_64K))),
                Arguments.of("empty masked text", bytes(0x81, 0x80, 0x37, 0xfa, 0x21, 0x3d),
                        List.of(frame(true, OpCode.TEXT, new byte[0]))),
                Arguments.of("empty ping then empty pong", bytes(0x89, 0x80, 1, 2, 3, 4, 0x8a, 0x80, 5, 6, 7, 8),
                        List.of(frame(true, OpCode.PING, new byte[0]), frame(true, OpCode.PONG, new byte[0]))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void parsesVectorWhole(String name, byte[] wire, List<Frame> expected) throws ProtocolException {
        assertSameFrames(expected, Feed.whole(new FrameParser(MAX, FrameInspector.NONE), wire), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void parsesVectorSplitAtEveryOffset(String name, byte[] wire, List<Frame> expected) throws ProtocolException {
        for (int cut = 0; cut <= wire.length; cut++) {
            List<Frame> frames = Feed.inChunks(new FrameParser(MAX, FrameInspector.NONE), wire, cut);
            assertSameFrames(expected, frames, name + " cut at " + cut);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void parsesVectorSplitAtEveryPairOfOffsetsInTheHeader(String name, byte[] wire, List<Frame> expected)
            throws ProtocolException {
        int limit = Math.min(wire.length, 16);
        for (int a = 0; a <= limit; a++) {
            for (int b = a; b <= limit; b++) {
                List<Frame> frames = Feed.inChunks(new FrameParser(MAX, FrameInspector.NONE), wire, a, b);
                assertSameFrames(expected, frames, name + " cut at " + a + " and " + b);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void parsesVectorOneByteAtATime(String name, byte[] wire, List<Frame> expected) throws ProtocolException {
        assertSameFrames(expected, Feed.oneByteAtATime(new FrameParser(MAX, FrameInspector.NONE), wire), name);
    }

    @Test
    void parsesEveryVectorConcatenatedInOneBuffer() throws ProtocolException {
        List<byte[]> wires = new ArrayList<>();
        List<Frame> expected = new ArrayList<>();
        vectors().forEach(a -> {
            wires.add((byte[]) a.get()[1]);
            @SuppressWarnings("unchecked")
            List<Frame> frames = (List<Frame>) a.get()[2];
            expected.addAll(frames);
        });
        byte[] all = ClientFrames.concat(wires.toArray(byte[][]::new));
        assertSameFrames(expected, Feed.whole(new FrameParser(MAX, FrameInspector.NONE), all), "concatenated");
        assertSameFrames(expected, Feed.oneByteAtATime(new FrameParser(MAX, FrameInspector.NONE), all),
                "concatenated, one byte at a time");
    }

    @Test
    void returnsOneFrameAtATimeAndLeavesTheRestOfTheBufferUnread() throws ProtocolException {
        FrameParser parser = new FrameParser(MAX, FrameInspector.NONE);
        ByteBuffer in = ByteBuffer.wrap(ClientFrames.concat(MASKED_HELLO, MASKED_PING_HELLO));
        Frame first = parser.parse(in);
        assertEquals(OpCode.TEXT, first.opCode());
        assertEquals(MASKED_HELLO.length, in.position(), "stops right after the first frame");
        assertEquals(OpCode.PING, parser.parse(in).opCode());
        assertFalse(in.hasRemaining());
        assertNull(parser.parse(in));
    }

    @Test
    void reportsWhetherAFrameIsHalfRead() throws ProtocolException {
        FrameParser parser = new FrameParser(MAX, FrameInspector.NONE);
        assertFalse(parser.isInsideFrame());
        assertNull(parser.parse(ByteBuffer.wrap(MASKED_HELLO, 0, 1)));
        assertTrue(parser.isInsideFrame(), "inside the header");
        assertNull(parser.parse(ByteBuffer.wrap(MASKED_HELLO, 1, 7)));
        assertTrue(parser.isInsideFrame(), "inside the payload");
        assertEquals(OpCode.TEXT, parser.parse(ByteBuffer.wrap(MASKED_HELLO, 8, 3)).opCode());
        assertFalse(parser.isInsideFrame());
    }

    /** Length encodings at every boundary: 0, 125, 126, 65535, 65536, with every header length. */
    @ParameterizedTest(name = "payload of {0} bytes")
    @MethodSource("boundaryLengths")
    void parsesEveryLengthEncodingBoundary(int length) throws ProtocolException {
        byte[] data = payload(length);
        byte[] wire = ClientFrames.binary(data);
        int expectedHeader = length <= 125 ? 2 : length <= 65535 ? 4 : 10;
        assertEquals(expectedHeader + 4 + length, wire.length);
        List<Frame> frames = Feed.whole(new FrameParser(MAX, FrameInspector.NONE), wire);
        assertSameFrames(List.of(frame(true, OpCode.BINARY, data)), frames, "length " + length);
        for (int cut = 0; cut <= Math.min(16, wire.length); cut++) {
            assertSameFrames(List.of(frame(true, OpCode.BINARY, data)),
                    Feed.inChunks(new FrameParser(MAX, FrameInspector.NONE), wire, cut), "length " + length + " cut " + cut);
        }
    }

    static Stream<Integer> boundaryLengths() {
        return Stream.of(0, 1, 124, 125, 126, 127, 65534, 65535, 65536, 65537);
    }

    @Test
    void acceptsAPayloadOfExactlyTheMaximumFrameSize() throws ProtocolException {
        byte[] data = payload(1000);
        List<Frame> frames = Feed.whole(new FrameParser(1000, FrameInspector.NONE), ClientFrames.binary(data));
        assertSameFrames(List.of(frame(true, OpCode.BINARY, data)), frames, "at the limit");
    }

    @Test
    void acceptsRsvBitsThatAnExtensionAllows() throws ProtocolException {
        FrameParser parser = new FrameParser(MAX, FrameInspector.NONE);
        parser.allowRsv(FrameHeader.RSV1);
        List<Frame> frames = Feed.whole(parser, ClientFrames.frame(true, FrameHeader.RSV1, OpCode.TEXT.code(), HELLO));
        assertEquals(1, frames.size());
        assertEquals(FrameHeader.RSV1, frames.get(0).header().rsv());
    }

    /** Hundreds of random frames in one stream, fed in random chunk sizes (seeded). */
    @Test
    void parsesARandomStreamOfManyFramesInRandomChunks() throws ProtocolException {
        Random random = new Random(6455);
        List<Frame> expected = new ArrayList<>();
        List<byte[]> wires = new ArrayList<>();
        OpCode[] ops = {OpCode.TEXT, OpCode.BINARY, OpCode.PING, OpCode.PONG};
        for (int i = 0; i < 500; i++) {
            OpCode op = ops[random.nextInt(ops.length)];
            int length = op.isControl() ? random.nextInt(126)
                    : random.nextInt(10) == 0 ? 126 + random.nextInt(70000) : random.nextInt(200);
            byte[] data = new byte[length];
            random.nextBytes(data);
            byte[] key = new byte[4];
            random.nextBytes(key);
            expected.add(frame(true, op, data));
            wires.add(ClientFrames.concat(maskedHeader(op, length), key, naiveMask(data, key)));
        }
        byte[] all = ClientFrames.concat(wires.toArray(byte[][]::new));
        FrameParser parser = new FrameParser(MAX, FrameInspector.NONE);
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        while (at < all.length) {
            int n = Math.min(all.length - at, 1 + random.nextInt(random.nextBoolean() ? 20 : 5000));
            Feed.drain(parser, ByteBuffer.wrap(all, at, n), frames);
            at += n;
        }
        assertSameFrames(expected, frames, "random stream");
    }

    /** A client header written out by hand: FIN, opcode, MASK and the shortest length form. */
    private static byte[] maskedHeader(OpCode op, int length) {
        int b0 = 0x80 | op.code();
        if (length <= 125) {
            return bytes(b0, 0x80 | length);
        }
        if (length <= 0xFFFF) {
            return bytes(b0, 0xFE, length >>> 8, length & 0xFF);
        }
        return bytes(b0, 0xFF, 0, 0, 0, 0, length >>> 24, (length >>> 16) & 0xFF, (length >>> 8) & 0xFF, length & 0xFF);
    }
}
