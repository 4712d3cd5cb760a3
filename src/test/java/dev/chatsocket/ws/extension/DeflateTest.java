package dev.chatsocket.ws.extension;

import dev.chatsocket.ws.codec.CloseStatus;
import dev.chatsocket.ws.codec.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two transformations of RFC 7692 §7.2 against the byte examples of §7.2.3, and the limit
 * that keeps decompression bounded.
 */
class DeflateTest {
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void helloCompressesToTheBytesOfSection7_2_3_1() {
        Deflater deflater = ZlibPool.newDeflater();
        assertArrayEquals(bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00), Deflate.compress(deflater, HELLO));
        deflater.end();
    }

    @Test
    void aSecondHelloWithContextTakeoverRefersBackAsInSection7_2_3_2() {
        Deflater deflater = ZlibPool.newDeflater();
        Deflate.compress(deflater, HELLO);
        assertArrayEquals(bytes(0xf2, 0x00, 0x11, 0x00, 0x00), Deflate.compress(deflater, HELLO));
        deflater.end();
    }

    @Test
    void aSecondHelloWithoutContextTakeoverIsCompressedAfresh() {
        Deflater deflater = ZlibPool.newDeflater();
        Deflate.compress(deflater, HELLO);
        deflater.reset();
        assertArrayEquals(bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00), Deflate.compress(deflater, HELLO));
        deflater.end();
    }

    @Test
    void anEmptyMessageIsTheSingleOctet00OfSection7_2_3_6() throws Exception {
        Deflater deflater = ZlibPool.newDeflater();
        assertArrayEquals(bytes(0x00), Deflate.compress(deflater, new byte[0]));
        // With context takeover zlib writes nothing for an empty message; still a valid 00.
        assertArrayEquals(bytes(0x00), Deflate.compress(deflater, new byte[0]));
        deflater.end();
        assertArrayEquals(new byte[0], decompress(List.of(bytes(0x00))));
    }

    /** §7.2.3.1–§7.2.3.5: every way the RFC shows "Hello" may arrive decompresses to it. */
    static Stream<Arguments> helloOnTheWire() {
        return Stream.of(
                Arguments.of("7.2.3.1 one frame", List.of(bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00))),
                Arguments.of("7.2.3.1 two fragments", List.of(bytes(0xf2, 0x48, 0xcd), bytes(0xc9, 0xc9, 0x07, 0x00))),
                Arguments.of("7.2.3.1 a fragment per byte", List.of(bytes(0xf2), bytes(0x48), bytes(0xcd), bytes(0xc9),
                        bytes(0xc9), bytes(0x07), bytes(0x00))),
                Arguments.of("7.2.3.3 stored block", List.of(bytes(0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00))),
                Arguments.of("7.2.3.4 BFINAL set", List.of(bytes(0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00))),
                Arguments.of("7.2.3.4 BFINAL set, fragmented", List.of(bytes(0xf3, 0x48), bytes(0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00))),
                Arguments.of("7.2.3.5 two blocks", List.of(bytes(0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9,
                        0xc9, 0x07, 0x00))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helloOnTheWire")
    void decompressesHello(String name, List<byte[]> fragments) throws Exception {
        assertArrayEquals(HELLO, decompress(fragments), name);
    }

    @Test
    void aSecondMessageWithContextTakeoverUsesTheWindowOfTheFirst() throws Exception {
        Inflater inflater = ZlibPool.newInflater();
        assertArrayEquals(HELLO, Deflate.decompress(inflater, List.of(bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00)), 100));
        assertArrayEquals(HELLO, Deflate.decompress(inflater, List.of(bytes(0xf2, 0x00, 0x11, 0x00, 0x00)), 100));
        inflater.end();
    }

    @Test
    void roundTripsMessagesOfManySizesAndKinds() throws Exception {
        Random random = new Random(7692);
        for (int size : new int[] {1, 2, 125, 126, 1000, 32 << 10, (32 << 10) + 1, 65536, 300_000}) {
            byte[] text = "{\"type\":\"message\",\"text\":\"chat ✓ 你好\"}".repeat(size / 30 + 1)
                    .substring(0, size).getBytes(StandardCharsets.UTF_8);
            byte[] noise = new byte[size];
            random.nextBytes(noise);
            for (byte[] data : List.of(text, noise)) {
                Deflater deflater = ZlibPool.newDeflater();
                byte[] compressed = Deflate.compress(deflater, data);
                deflater.end();
                assertArrayEquals(data, decompress(List.of(compressed), data.length), "size " + size);
            }
        }
    }

    @Test
    void aMessageOfExactlyTheLimitPassesAndOneByteMoreIsRefusedWith1009() throws Exception {
        byte[] data = new byte[1000];
        Deflater deflater = ZlibPool.newDeflater();
        byte[] compressed = Deflate.compress(deflater, data);
        deflater.end();
        assertEquals(1000, decompress(List.of(compressed), 1000).length);
        ProtocolException e = assertThrows(ProtocolException.class, () -> decompress(List.of(compressed), 999));
        assertEquals(CloseStatus.MESSAGE_TOO_BIG, e.closeCode());
    }

    /**
     * A bomb: 100 MiB of zeros compresses to about 100 KiB. Against a 64 KiB limit, decompression
     * stops the moment the output passes the limit, so this thread allocates a small multiple of
     * the limit, not 100 MiB.
     */
    @Test
    void aDecompressionBombStopsAtTheLimitWithoutAllocatingWhatItWouldInflateTo() throws Exception {
        byte[] bomb = compressedZeros(100 << 20);
        assertTrue(bomb.length < 200 << 10, "compressed bomb is " + bomb.length + " bytes");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        ProtocolException e = assertThrows(ProtocolException.class, () -> decompress(List.of(bomb), 64 << 10));
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(CloseStatus.MESSAGE_TOO_BIG, e.closeCode());
        assertTrue(allocated < 2 << 20, "decompressing the bomb allocated " + allocated + " bytes");
    }

    @Test
    void dataThatIsNotDeflateIsRefusedWith1007() {
        // BTYPE 11 is reserved (RFC 1951 §3.2.3): no DEFLATE stream starts with 0xff.
        ProtocolException e = assertThrows(ProtocolException.class, () -> decompress(List.of(bytes(0xff, 0xff, 0xff))));
        assertEquals(CloseStatus.INVALID_PAYLOAD, e.closeCode());
    }

    static byte[] compressedZeros(int length) {
        Deflater deflater = ZlibPool.newDeflater();
        byte[] compressed = Deflate.compress(deflater, new byte[length]);
        deflater.end();
        return compressed;
    }

    private static byte[] decompress(List<byte[]> fragments) throws ProtocolException {
        return decompress(fragments, 1 << 20);
    }

    private static byte[] decompress(List<byte[]> fragments, int max) throws ProtocolException {
        Inflater inflater = ZlibPool.newInflater();
        try {
            return Deflate.decompress(inflater, fragments, max);
        } finally {
            inflater.end();
        }
    }
}
