package dev.chatsocket.ws.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The XOR masking of RFC 6455 §5.3, eight bytes at a time. Masking and unmasking are the same
 * operation: octet i of the payload is XORed with octet (i mod 4) of the key.
 */
public final class Masking {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Masking() {
    }

    /**
     * Applies {@code key} to {@code data[from, to)}, where {@code data[from]} is octet number
     * {@code payloadOffset} of the frame's payload (a payload may arrive in several chunks).
     */
    public static void apply(byte[] data, int from, int to, byte[] key, long payloadOffset) {
        int phase = (int) (payloadOffset & 3);
        int i = from;
        if (to - from >= 16) {
            long word = rotatedKey(key, phase);
            for (int end = to - 7; i < end; i += 8) {
                LONGS.set(data, i, (long) LONGS.get(data, i) ^ word);
            }
            // i - from is a multiple of 8, so the phase for the tail is still the starting one.
        }
        for (; i < to; i++) {
            data[i] ^= key[phase];
            phase = (phase + 1) & 3;
        }
    }

    /** The key as a 64-bit word starting at {@code key[phase]}, twice over. */
    private static long rotatedKey(byte[] key, int phase) {
        int k = 0;
        for (int j = 0; j < 4; j++) {
            k = (k << 8) | (key[(phase + j) & 3] & 0xFF);
        }
        return ((long) k << 32) | (k & 0xFFFFFFFFL);
    }
}
