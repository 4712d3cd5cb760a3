package dev.chatsocket.ws.codec;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The word-at-a-time masking of §5.3 against the obvious byte loop. */
class MaskingTest {
    private static final byte[] KEY = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private static void naive(byte[] data, int from, int to, byte[] key, long payloadOffset) {
        for (int i = from; i < to; i++) {
            data[i] ^= key[(int) ((payloadOffset + (i - from)) % 4)];
        }
    }

    @Test
    void matchesTheByteLoopForEveryLengthAndPhase() {
        Random random = new Random(5_3);
        for (int length = 0; length <= 100; length++) {
            for (int phase = 0; phase < 4; phase++) {
                for (int from : new int[] {0, 1, 3, 7}) { // unaligned starts in the array too
                    byte[] data = new byte[from + length + 9];
                    random.nextBytes(data);
                    byte[] expected = data.clone();
                    naive(expected, from, from + length, KEY, phase);
                    Masking.apply(data, from, from + length, KEY, phase);
                    int l = length, p = phase, f = from;
                    assertArrayEquals(expected, data, () -> "length " + l + " phase " + p + " from " + f);
                }
            }
        }
    }

    @Test
    void usesOnlyTheLowTwoBitsOfALargePayloadOffset() {
        byte[] data = new byte[40];
        byte[] expected = data.clone();
        naive(expected, 0, 40, KEY, 3);
        Masking.apply(data, 0, 40, KEY, (1L << 40) + 3);
        assertArrayEquals(expected, data);
    }

    @Test
    void maskingTwiceRestoresThePayload() {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        byte[] original = data.clone();
        Masking.apply(data, 0, data.length, KEY, 0);
        Masking.apply(data, 0, data.length, KEY, 0);
        assertArrayEquals(original, data);
    }

    /** A payload unmasked in uneven chunks gives the same bytes as in one go (how the parser uses it). */
    @Test
    void unmaskingInChunksEqualsUnmaskingAtOnce() {
        Random random = new Random(2);
        byte[] data = new byte[5000];
        random.nextBytes(data);
        byte[] key = new byte[4];
        random.nextBytes(key);
        byte[] expected = data.clone();
        naive(expected, 0, expected.length, key, 0);
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, random.nextInt(40));
            Masking.apply(data, at, at + n, key, at);
            at += n;
        }
        assertArrayEquals(expected, data);
    }

    @Test
    void theRfcHelloExampleMasksToTheRfcBytes() {
        byte[] hello = "Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Masking.apply(hello, 0, 5, KEY, 0);
        assertArrayEquals(Feed.bytes(0x7f, 0x9f, 0x4d, 0x51, 0x58), hello);
    }
}
