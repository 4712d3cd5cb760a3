package dev.chatsocket.ws.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.chatsocket.ws.codec.Feed.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Server frames byte for byte: the unmasked encodings of RFC 6455 §5.7. */
class FrameEncoderTest {
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void encodesTheUnmaskedHelloTextFrameOfSection5_7() {
        assertArrayEquals(bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), FrameEncoder.encode(OpCode.TEXT, "Hello".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), FrameEncoder.encode(OpCode.TEXT, HELLO));
    }

    @Test
    void encodesTheFragmentedHelloOfSection5_7() {
        byte[] hel = "Hel".getBytes(StandardCharsets.US_ASCII);
        byte[] lo = "lo".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(bytes(0x01, 0x03, 0x48, 0x65, 0x6c),
                FrameEncoder.encode(false, 0, OpCode.TEXT, hel, 0, hel.length));
        assertArrayEquals(bytes(0x80, 0x02, 0x6c, 0x6f),
                FrameEncoder.encode(true, 0, OpCode.CONTINUATION, lo, 0, lo.length));
    }

    @Test
    void encodesThePingAndPongOfSection5_7() {
        assertArrayEquals(bytes(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), FrameEncoder.encode(OpCode.PING, HELLO));
        assertArrayEquals(bytes(0x8a, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), FrameEncoder.encode(OpCode.PONG, HELLO));
    }

    @Test
    void encodes256BytesWithA16BitLength() {
        byte[] payload = FrameParserRfcVectorsTest.payload(256);
        byte[] frame = FrameEncoder.encode(OpCode.BINARY, payload);
        assertArrayEquals(bytes(0x82, 0x7E, 0x01, 0x00), Arrays.copyOf(frame, 4));
        assertArrayEquals(payload, Arrays.copyOfRange(frame, 4, frame.length));
    }

    @Test
    void encodes64KiBWithA64BitLength() {
        byte[] payload = FrameParserRfcVectorsTest.payload(65536);
        byte[] frame = FrameEncoder.encode(OpCode.BINARY, payload);
        assertArrayEquals(bytes(0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0, 0), Arrays.copyOf(frame, 10));
        assertArrayEquals(payload, Arrays.copyOfRange(frame, 10, frame.length));
    }

    @ParameterizedTest(name = "{0} bytes -> header {1}")
    @CsvSource({"0,2", "1,2", "125,2", "126,4", "127,4", "65535,4", "65536,10", "16777216,10"})
    void usesTheShortestLengthEncodingAndNeverMasks(int length, int header) {
        assertEquals(header, FrameEncoder.headerLength(length));
        byte[] frame = FrameEncoder.encode(OpCode.BINARY, new byte[length]);
        assertEquals(header + length, frame.length);
        assertEquals(0, frame[1] & 0x80, "server frames are never masked (§5.1)");
        int length7 = frame[1] & 0x7F;
        long decoded = length7 < 126 ? length7
                : length7 == 126 ? ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF)
                : java.nio.ByteBuffer.wrap(frame, 2, 8).getLong();
        assertEquals(length, decoded);
    }

    @Test
    void encodesASliceOfALargerArray() {
        byte[] data = "xxHelloyy".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(FrameEncoder.encode(OpCode.TEXT, "Hello".getBytes(StandardCharsets.UTF_8)), FrameEncoder.encode(true, 0, OpCode.TEXT, data, 2, 5));
    }

    @Test
    void writesRsvBitsIntoTheFirstByte() {
        byte[] frame = FrameEncoder.encode(true, FrameHeader.RSV1, OpCode.TEXT, HELLO, 0, 5);
        assertEquals(0xC1, frame[0] & 0xFF);
        frame = FrameEncoder.encode(false, FrameHeader.RSV1 | FrameHeader.RSV2 | FrameHeader.RSV3, OpCode.BINARY, HELLO, 0, 5);
        assertEquals(0x72, frame[0] & 0xFF);
    }

    @Test
    void encodesMultiByteTextAsUtf8() {
        assertArrayEquals(bytes(0x81, 0x04, 0xF0, 0x9F, 0x98, 0x80), FrameEncoder.encode(OpCode.TEXT, "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8)));
    }
}
