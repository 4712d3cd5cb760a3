package dev.chatsocket.ws.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Feeds wire bytes to a {@link FrameParser} in chosen chunks and compares what comes out. */
final class Feed {
    private Feed() {
    }

    /** Feeds {@code wire} cut at the given ascending offsets; returns every frame produced. */
    static List<Frame> inChunks(FrameParser parser, byte[] wire, int... cuts) throws ProtocolException {
        List<Frame> frames = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : wire.length;
            drain(parser, ByteBuffer.wrap(wire, from, to - from), frames);
            from = to;
        }
        return frames;
    }

    static List<Frame> whole(FrameParser parser, byte[] wire) throws ProtocolException {
        return inChunks(parser, wire);
    }

    static List<Frame> oneByteAtATime(FrameParser parser, byte[] wire) throws ProtocolException {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < wire.length; i++) {
            drain(parser, ByteBuffer.wrap(wire, i, 1), frames);
        }
        return frames;
    }

    /** Parses until the buffer is used up; every byte must be consumed. */
    static void drain(FrameParser parser, ByteBuffer buffer, List<Frame> out) throws ProtocolException {
        while (buffer.hasRemaining()) {
            Frame frame = parser.parse(buffer);
            if (frame != null) {
                out.add(frame);
            }
        }
        // A zero-length frame whose header ends exactly at the end of a chunk is already returned
        // above; call once more on an empty buffer to prove that nothing else is pending.
        Frame extra = parser.parse(ByteBuffer.allocate(0));
        if (extra != null) {
            out.add(extra);
        }
    }

    static void assertSameFrames(List<Frame> expected, List<Frame> actual, String context) {
        assertEquals(expected.size(), actual.size(), () -> context + ": frame count");
        for (int i = 0; i < expected.size(); i++) {
            Frame e = expected.get(i);
            Frame a = actual.get(i);
            int index = i;
            assertEquals(e.header(), a.header(), () -> context + ": header of frame " + index);
            assertArrayEquals(e.payload(), a.payload(), () -> context + ": payload of frame " + index);
        }
    }

    static Frame frame(boolean fin, OpCode op, byte[] payload) {
        return new Frame(new FrameHeader(fin, 0, op, payload.length), payload);
    }

    /** §5.3 masking written out the obvious way, independent of {@link Masking}. */
    static byte[] naiveMask(byte[] payload, byte[] key) {
        byte[] out = Arrays.copyOf(payload, payload.length);
        for (int i = 0; i < out.length; i++) {
            out[i] ^= key[i % 4];
        }
        return out;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
