package dev.chatsocket.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Byte streams a client might send, for fuzzing the server's parser: valid conversations (masked
 * frames, messages fragmented anywhere, pings and pongs between fragments, a close at the end), the
 * same streams mutated the ways broken or hostile clients break them, and the random split points
 * at which the network may deliver any of them.
 */
public final class ClientStreams {
    /** Length fields worth trying: the edges of each length encoding and of the limits. */
    private static final long[] EXTREME_LENGTHS = {
            0, 1, 125, 126, 127, 65_535, 65_536, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
            0xFFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE, -1L};

    private ClientStreams() {
    }

    /** A message as the client meant it: its type (1 text, 2 binary) and its bytes. */
    public record Sent(int opcode, byte[] data) {
    }

    /**
     * A well-framed stream and the messages it carries, in order.
     *
     * @param tooBig the last message is over the message limit, in frames within the frame limit:
     *               the server must close with 1009 there
     */
    public record Conversation(byte[] wire, List<Sent> messages, boolean tooBig) {
    }

    /**
     * A well-framed conversation whose frames are at most {@code maxFrame} bytes: data messages cut
     * into random fragments, control frames between them, and sometimes a close frame at the end.
     * Messages are at most {@code maxMessage} bytes, except that now and then the last one is
     * larger ({@link Conversation#tooBig}).
     */
    public static Conversation conversation(SplittableRandom random, int maxFrame, int maxMessage) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<Sent> messages = new ArrayList<>();
        int count = random.nextInt(6);
        for (int m = 0; m < count; m++) {
            if (random.nextInt(10) == 0) {
                byte[] data = randomBytes(random, maxMessage + 1 + random.nextInt(2 * maxFrame));
                messages.add(new Sent(2, data));
                writeFragmented(random, wire, 2, data, maxFrame);
                return new Conversation(wire.toByteArray(), messages, true);
            }
            boolean text = random.nextBoolean();
            byte[] data = text ? randomText(random, random.nextInt(maxMessage / 4 + 1))
                    : randomBytes(random, random.nextInt(maxMessage + 1));
            if (data.length > maxMessage) {
                data = new byte[0];
            }
            messages.add(new Sent(text ? 1 : 2, data));
            writeFragmented(random, wire, text ? 1 : 2, data, maxFrame);
        }
        if (random.nextInt(3) == 0) {
            maybeControl(random, wire);
        }
        if (random.nextBoolean()) {
            byte[] reason = randomText(random, random.nextInt(40));
            int[] codes = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4999};
            int code = codes[random.nextInt(codes.length)];
            byte[] body = new byte[2 + reason.length];
            body[0] = (byte) (code >> 8);
            body[1] = (byte) code;
            System.arraycopy(reason, 0, body, 2, reason.length);
            writeFrame(random, wire, true, 0, 8, body);
        }
        return new Conversation(wire.toByteArray(), messages, false);
    }

    private static void writeFragmented(SplittableRandom random, ByteArrayOutputStream wire, int opcode,
                                        byte[] data, int maxFrame) {
        int at = 0;
        boolean first = true;
        do {
            int left = data.length - at;
            int size = Math.min(left, random.nextInt(4) == 0 ? random.nextInt(Math.min(maxFrame, left) + 1)
                    : Math.min(maxFrame, left));
            boolean fin = at + size == data.length;
            byte[] part = new byte[size];
            System.arraycopy(data, at, part, 0, size);
            writeFrame(random, wire, fin, 0, first ? opcode : 0, part);
            at += size;
            first = false;
            if (!fin) {
                maybeControl(random, wire);
            }
        } while (at < data.length);
    }

    private static void maybeControl(SplittableRandom random, ByteArrayOutputStream wire) {
        if (random.nextInt(3) == 0) {
            writeFrame(random, wire, true, 0, random.nextBoolean() ? 9 : 10, randomBytes(random, random.nextInt(126)));
        }
    }

    /** One masked client frame (RFC 6455 §5.2), with the shortest length encoding. */
    public static void writeFrame(SplittableRandom random, ByteArrayOutputStream wire, boolean fin, int rsv,
                                  int opcode, byte[] payload) {
        wire.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int n = payload.length;
        if (n < 126) {
            wire.write(0x80 | n);
        } else if (n < 65_536) {
            wire.write(0x80 | 126);
            wire.write(n >> 8);
            wire.write(n);
        } else {
            wire.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                wire.write((int) ((long) n >> shift));
            }
        }
        byte[] mask = randomBytes(random, 4);
        wire.writeBytes(mask);
        for (int i = 0; i < n; i++) {
            wire.write(payload[i] ^ mask[i & 3]);
        }
    }

    /**
     * The stream broken one to three times: bits flipped, cut short, bytes inserted, deleted or
     * repeated, another stream spliced in, or a frame's length field set to an extreme.
     */
    public static byte[] mutate(SplittableRandom random, byte[] wire, byte[] other) {
        byte[] data = wire;
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            data = switch (random.nextInt(7)) {
                case 0 -> flipBits(random, data);
                case 1 -> data.length == 0 ? data : java.util.Arrays.copyOf(data, random.nextInt(data.length));
                case 2 -> insert(data, random.nextInt(data.length + 1), randomBytes(random, 1 + random.nextInt(16)));
                case 3 -> delete(random, data);
                case 4 -> repeat(random, data);
                case 5 -> splice(random, data, other);
                default -> extremeLength(random, data);
            };
        }
        return data;
    }

    private static byte[] flipBits(SplittableRandom random, byte[] data) {
        if (data.length == 0) {
            return data;
        }
        byte[] flipped = data.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return flipped;
    }

    private static byte[] insert(byte[] data, int at, byte[] inserted) {
        byte[] out = new byte[data.length + inserted.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(data, at, out, at + inserted.length, data.length - at);
        return out;
    }

    private static byte[] delete(SplittableRandom random, byte[] data) {
        if (data.length == 0) {
            return data;
        }
        int from = random.nextInt(data.length);
        int to = from + 1 + random.nextInt(Math.min(32, data.length - from));
        byte[] out = new byte[data.length - (to - from)];
        System.arraycopy(data, 0, out, 0, from);
        System.arraycopy(data, to, out, from, data.length - to);
        return out;
    }

    private static byte[] repeat(SplittableRandom random, byte[] data) {
        if (data.length == 0) {
            return data;
        }
        int from = random.nextInt(data.length);
        int to = from + 1 + random.nextInt(Math.min(64, data.length - from));
        return insert(data, to, java.util.Arrays.copyOfRange(data, from, to));
    }

    private static byte[] splice(SplittableRandom random, byte[] data, byte[] other) {
        if (other.length == 0) {
            return data;
        }
        int from = random.nextInt(other.length);
        int to = from + random.nextInt(other.length - from + 1);
        return insert(data, random.nextInt(data.length + 1), java.util.Arrays.copyOfRange(other, from, to));
    }

    /**
     * Rewrites the length of the frame at a random frame start (found by walking the headers) to
     * an extreme, in the 7-bit, 16-bit or 64-bit encoding.
     */
    private static byte[] extremeLength(SplittableRandom random, byte[] data) {
        List<Integer> starts = frameStarts(data);
        if (starts.isEmpty()) {
            return data;
        }
        int at = starts.get(random.nextInt(starts.size()));
        long length = EXTREME_LENGTHS[random.nextInt(EXTREME_LENGTHS.length)];
        int encoding = random.nextInt(3);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(data[at]);
        int mask = data[at + 1] & 0x80;
        if (encoding == 0) {
            header.write(mask | (int) (length & 0x7F));
        } else if (encoding == 1) {
            header.write(mask | 126);
            header.write((int) (length >> 8));
            header.write((int) length);
        } else {
            header.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >> shift));
            }
        }
        int oldHeaderEnd = at + 2 + lengthBytes(data[at + 1]);
        byte[] out = new byte[data.length - (oldHeaderEnd - at) + header.size()];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(header.toByteArray(), 0, out, at, header.size());
        System.arraycopy(data, oldHeaderEnd, out, at + header.size(), data.length - oldHeaderEnd);
        return out;
    }

    private static int lengthBytes(byte secondByte) {
        int length7 = secondByte & 0x7F;
        return length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    }

    /** Where frames start, as far as their headers can be followed without running off the end. */
    private static List<Integer> frameStarts(byte[] data) {
        List<Integer> starts = new ArrayList<>();
        int at = 0;
        while (at + 2 <= data.length) {
            int extended = lengthBytes(data[at + 1]);
            int headerEnd = at + 2 + extended;
            if (headerEnd > data.length) {
                break;
            }
            starts.add(at);
            long length = data[at + 1] & 0x7F;
            if (extended > 0) {
                length = 0;
                for (int i = at + 2; i < headerEnd; i++) {
                    length = (length << 8) | (data[i] & 0xFF);
                }
            }
            long next = headerEnd + ((data[at + 1] & 0x80) != 0 ? 4 : 0) + length;
            if (length < 0 || next > data.length) {
                break;
            }
            at = (int) next;
        }
        return starts;
    }

    /** Cuts {@code data} into pieces as reads from the network might: sometimes byte by byte. */
    public static List<byte[]> split(SplittableRandom random, byte[] data) {
        List<byte[]> chunks = new ArrayList<>();
        int style = random.nextInt(4);
        int at = 0;
        while (at < data.length) {
            int size = switch (style) {
                case 0 -> data.length - at;
                case 1 -> 1;
                default -> 1 + random.nextInt(Math.max(1, Math.min(data.length - at, style == 2 ? 16 : 4096)));
            };
            size = Math.min(size, data.length - at);
            chunks.add(java.util.Arrays.copyOfRange(data, at, at + size));
            at += size;
        }
        return chunks;
    }

    public static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Valid UTF-8 of about {@code length} bytes, from every encoded length: ASCII to 4-byte forms. */
    public static byte[] randomText(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        while (bytes < length) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
                case 2 -> {
                    int c = 0x800 + random.nextInt(0x10000 - 0x800);
                    yield c >= 0xD800 && c <= 0xDFFF ? 0xFFFD : c;
                }
                default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
            };
            text.appendCodePoint(codePoint);
            bytes += new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Bytes near UTF-8: valid characters mixed with near-miss sequences, a lead byte where
     * validators go wrong (overlong forms, the surrogate range after ED, above U+10FFFF after F4,
     * bytes that never lead) followed by one too few, the right number or one too many bytes from
     * the edges of the continuation ranges.
     */
    public static byte[] nearlyUtf8(SplittableRandom random, int length) {
        int[] leads = {0x80, 0xC0, 0xC1, 0xC2, 0xE0, 0xE1, 0xED, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF};
        int[] edges = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF};
        int[] outside = {0x00, 0x7F, 0xC0};
        // Mostly valid, so that one near miss decides the outcome rather than being one of many.
        int oneNearMissIn = 1 + random.nextInt(16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < length) {
            if (random.nextInt(oneNearMissIn) != 0) {
                out.writeBytes(randomText(random, 1));
                continue;
            }
            int lead = leads[random.nextInt(leads.length)];
            out.write(lead);
            int expected = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
            int count = Math.max(0, expected - 1 + random.nextInt(3));
            for (int i = 0; i < count; i++) {
                out.write(random.nextInt(8) == 0 ? outside[random.nextInt(outside.length)]
                        : edges[random.nextInt(edges.length)]);
            }
        }
        return out.toByteArray();
    }
}
