package dev.chatsocket.ws.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * An incremental UTF-8 validator (RFC 3629 §4) whose state survives from one chunk to the next, so
 * that text split across fragments, frames and reads is checked as it arrives and fails at the
 * first invalid byte (RFC 6455 §8.1) rather than at the end of the message.
 *
 * <p>For each lead byte it records how many continuation bytes must follow and the range the
 * next one must fall in; the narrowed ranges after E0, ED, F0 and F4 are what reject overlong
 * forms, UTF-16 surrogates and code points above U+10FFFF.
 */
public final class Utf8Validator {
    private static final long ASCII_MASK = 0x8080808080808080L;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private int pending;
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Feeds {@code data[from, to)}; throws 1007 at the first byte that cannot be UTF-8. */
    public void feed(byte[] data, int from, int to) throws ProtocolException {
        int i = from;
        while (i < to) {
            if (pending == 0) {
                i = skipAscii(data, i, to);
                if (i == to) {
                    return;
                }
                startSequence(data[i++] & 0xFF);
            } else {
                int b = data[i++] & 0xFF;
                if (b < lower || b > upper) {
                    throw invalid();
                }
                pending--;
                lower = 0x80;
                upper = 0xBF;
            }
        }
    }

    /** True when the bytes so far end on a character boundary. */
    public boolean isComplete() {
        return pending == 0;
    }

    public void reset() {
        pending = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /** Validates a whole byte sequence, such as a close reason. */
    public static boolean isValid(byte[] data, int from, int to) {
        Utf8Validator validator = new Utf8Validator();
        try {
            validator.feed(data, from, to);
        } catch (ProtocolException e) {
            return false;
        }
        return validator.isComplete();
    }

    private static int skipAscii(byte[] data, int i, int to) {
        while (i + 8 <= to && ((long) LONGS.get(data, i) & ASCII_MASK) == 0) {
            i += 8;
        }
        while (i < to && data[i] >= 0) {
            i++;
        }
        return i;
    }

    private void startSequence(int lead) throws ProtocolException {
        if (lead >= 0xC2 && lead <= 0xDF) {
            expect(1, 0x80, 0xBF);
        } else if (lead == 0xE0) {
            expect(2, 0xA0, 0xBF); // below A0 would be an overlong three-byte form
        } else if (lead == 0xED) {
            expect(2, 0x80, 0x9F); // above 9F would encode a UTF-16 surrogate
        } else if (lead >= 0xE1 && lead <= 0xEF) {
            expect(2, 0x80, 0xBF);
        } else if (lead == 0xF0) {
            expect(3, 0x90, 0xBF); // below 90 would be an overlong four-byte form
        } else if (lead >= 0xF1 && lead <= 0xF3) {
            expect(3, 0x80, 0xBF);
        } else if (lead == 0xF4) {
            expect(3, 0x80, 0x8F); // above 8F would pass U+10FFFF
        } else {
            throw invalid(); // a stray continuation byte, C0/C1 (overlong) or F5..FF
        }
    }

    private void expect(int continuationBytes, int nextLower, int nextUpper) {
        pending = continuationBytes;
        lower = nextLower;
        upper = nextUpper;
    }

    private static ProtocolException invalid() {
        return new ProtocolException(CloseStatus.INVALID_PAYLOAD, "invalid UTF-8");
    }
}
