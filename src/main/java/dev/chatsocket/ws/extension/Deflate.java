package dev.chatsocket.ws.extension;

import dev.chatsocket.ws.codec.CloseStatus;
import dev.chatsocket.ws.codec.ProtocolException;

import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The two transformations of RFC 7692 §7.2 on one message, with the java.util.zip objects given:
 * compress and strip the flush marker, or put the marker back and decompress within a limit.
 * What is reset, kept or pooled between messages is the caller's business.
 */
public final class Deflate {
    /** The end of every sync flush: removed by the sender (§7.2.1), put back by the receiver (§7.2.2). */
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private Deflate() {
    }

    /**
     * §7.2.1: compresses {@code data} into DEFLATE blocks ending in a sync flush, and removes the
     * four octets {@code 00 00 FF FF} the flush ends with. An empty message becomes the single
     * octet {@code 00} (§7.2.3.6).
     */
    public static byte[] compress(Deflater deflater, byte[] data) {
        deflater.setInput(data);
        byte[] out = new byte[data.length + data.length / 16 + 64];
        int length = 0;
        while (true) {
            int n = deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
            length += n;
            // A full buffer may hide more output: the javadoc of deflate(…, SYNC_FLUSH) asks to
            // call again with more room until it no longer fills it.
            if (length < out.length) {
                break;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (length == 0) {
            // zlib writes nothing for a second flush in a row with no input in between (an empty
            // message with context takeover). An empty stored block says the same: 00 00 00 FF FF.
            return new byte[] {0};
        }
        return Arrays.copyOf(out, length - TAIL.length);
    }

    /**
     * §7.2.2: appends {@code 00 00 FF FF} to the compressed payload (the fragments of one message,
     * in order) and decompresses it, counting the output against {@code maxSize} as it is produced:
     * the moment one byte more than the limit comes out, decompression stops and the message is
     * refused with 1009, so a small compressed message can never become more than {@code maxSize}
     * bytes in memory.
     *
     * @throws ProtocolException 1009 past the limit, 1007 when the data is not valid DEFLATE
     */
    public static byte[] decompress(Inflater inflater, List<byte[]> compressed, int maxSize) throws ProtocolException {
        int compressedLength = 0;
        for (byte[] part : compressed) {
            compressedLength += part.length;
        }
        Output out = new Output(maxSize, compressedLength);
        try {
            for (byte[] part : compressed) {
                if (inflate(inflater, part, out)) {
                    return out.bytes();
                }
            }
            inflate(inflater, TAIL, out);
            return out.bytes();
        } catch (DataFormatException e) {
            throw new ProtocolException(CloseStatus.INVALID_PAYLOAD, "invalid compressed data");
        }
    }

    /**
     * Feeds one piece of input and takes all the output it gives.
     *
     * @return whether the DEFLATE stream ended with a final block (§7.2.3.5: BFINAL set); what
     *         follows it in the message is ignored
     */
    private static boolean inflate(Inflater inflater, byte[] input, Output out)
            throws DataFormatException, ProtocolException {
        inflater.setInput(input);
        while (true) {
            int room = out.room();
            int n = inflater.inflate(out.buffer, out.length, room);
            out.produced(n);
            if (inflater.finished()) {
                return true;
            }
            if (n == 0) {
                if (inflater.needsInput()) {
                    return false;
                }
                if (inflater.needsDictionary()) {
                    throw new DataFormatException("a raw DEFLATE stream never needs a dictionary");
                }
            }
        }
    }

    /** The decompressed bytes so far: grows by doubling, never past one byte over the limit. */
    private static final class Output {
        private final int maxSize;
        private byte[] buffer;
        private int length;

        Output(int maxSize, int compressedLength) {
            this.maxSize = maxSize;
            this.buffer = new byte[(int) Math.min(maxSize + 1L, Math.max(256L, 4L * compressedLength))];
        }

        /** Room for the next inflate call; always at least one byte. */
        int room() {
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(maxSize + 1L, 2L * buffer.length));
            }
            return buffer.length - length;
        }

        void produced(int n) throws ProtocolException {
            length += n;
            if (length > maxSize) {
                throw new ProtocolException(CloseStatus.MESSAGE_TOO_BIG, "message too big once decompressed");
            }
        }

        byte[] bytes() {
            return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        }
    }
}
