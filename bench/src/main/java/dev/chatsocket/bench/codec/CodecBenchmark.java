package dev.chatsocket.bench.codec;

import dev.chatsocket.ws.codec.Frame;
import dev.chatsocket.ws.codec.FrameEncoder;
import dev.chatsocket.ws.codec.FrameInspector;
import dev.chatsocket.ws.codec.FrameParser;
import dev.chatsocket.ws.codec.Masking;
import dev.chatsocket.ws.codec.OpCode;
import dev.chatsocket.ws.codec.ProtocolException;
import dev.chatsocket.ws.codec.Utf8Validator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 5: chatsocket's codec ({@code ws.codec}) alone, on one thread, in operations per
 * second for payloads of 32 B, 1 KiB and 64 KiB (multiply by the size for bytes per second):
 * <ul>
 *   <li>{@code parse}: one masked client text frame through {@link FrameParser}, header checks,
 *   payload copy and unmasking included (what the server does for every frame it reads);</li>
 *   <li>{@code generate}: one server text frame from a payload with {@link FrameEncoder};</li>
 *   <li>{@code mask}: {@link Masking#apply} over the payload;</li>
 *   <li>{@code utf8Ascii}, {@code utf8Mixed}: {@link Utf8Validator} over ASCII text, and over text
 *   of mixed 1-, 2-, 3- and 4-byte characters (Latin, Greek, CJK, emoji).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    @Param({"32", "1024", "65536"})
    public int size;

    private ByteBuffer maskedFrame;
    private FrameParser parser;
    private byte[] payload;
    private byte[] data;
    private byte[] key;
    private byte[] ascii;
    private byte[] mixed;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(8);
        payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('a' + random.nextInt(26));
        }
        key = new byte[4];
        random.nextBytes(key);
        maskedFrame = ByteBuffer.wrap(clientFrame(payload, key));
        parser = new FrameParser(1 << 20, FrameInspector.NONE);
        data = payload.clone();
        ascii = payload.clone();
        mixed = mixedText(size);
    }

    @Benchmark
    public Frame parse() throws ProtocolException {
        maskedFrame.rewind();
        return parser.parse(maskedFrame);
    }

    @Benchmark
    public byte[] generate() {
        return FrameEncoder.encode(true, 0, OpCode.TEXT, payload, 0, payload.length);
    }

    @Benchmark
    public byte[] mask() {
        Masking.apply(data, 0, data.length, key, 0);
        return data;
    }

    @Benchmark
    public boolean utf8Ascii() {
        return Utf8Validator.isValid(ascii, 0, ascii.length);
    }

    @Benchmark
    public boolean utf8Mixed() {
        return Utf8Validator.isValid(mixed, 0, mixed.length);
    }

    /** A final, masked client text frame (RFC 6455 §5.2), the way a browser sends one. */
    private static byte[] clientFrame(byte[] payload, byte[] key) {
        int n = payload.length;
        int extended = n <= 125 ? 0 : n <= 0xFFFF ? 2 : 8;
        byte[] frame = new byte[2 + extended + 4 + n];
        frame[0] = (byte) 0x81;
        if (extended == 0) {
            frame[1] = (byte) (0x80 | n);
        } else if (extended == 2) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        int at = 2 + extended;
        System.arraycopy(key, 0, frame, at, 4);
        for (int i = 0; i < n; i++) {
            frame[at + 4 + i] = (byte) (payload[i] ^ key[i & 3]);
        }
        return frame;
    }

    /** {@code size} bytes of valid UTF-8 cycling through 1-, 2-, 3- and 4-byte characters. */
    private static byte[] mixedText(int size) {
        byte[] unit = "aé€😀Ωb中".getBytes(StandardCharsets.UTF_8);
        byte[] text = new byte[size];
        int i = 0;
        while (i + unit.length <= size) {
            System.arraycopy(unit, 0, text, i, unit.length);
            i += unit.length;
        }
        while (i < size) {
            text[i++] = 'z'; // ASCII fill: stays valid whatever the remainder
        }
        return text;
    }
}
