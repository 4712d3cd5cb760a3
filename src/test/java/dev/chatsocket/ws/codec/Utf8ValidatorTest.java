package dev.chatsocket.ws.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import static dev.chatsocket.ws.codec.Feed.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The incremental UTF-8 validator: vectors, every split, and the JDK's decoder as the oracle. */
class Utf8ValidatorTest {

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "", "Hello, world", "Ünïcödé façade", "Ελληνικά", "Русский текст", "עברית", "العربية",
            "हिन्दी", "中文字符", "日本語のテキスト", "한국어", "ไทย", "𝄞 musical", "😀🎉👍🏽", "a\u0000b",
            "\u007F\u0080\u07FF\u0800\uFFFF", "\uD800\uDC00\uDBFF\uDFFF", "κόσμε",
            "long ascii run so that the eight-byte fast path is used several times over: 0123456789abcdef"})
    void acceptsValidText(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8Validator.isValid(utf8, 0, utf8.length));
        assertEverySplitGives(utf8, Verdict.VALID);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("overlong NUL in two bytes C0 80", bytes(0xC0, 0x80)),
                Arguments.of("overlong C1 BF", bytes(0xC1, 0xBF)),
                Arguments.of("overlong NUL in three bytes E0 80 80", bytes(0xE0, 0x80, 0x80)),
                Arguments.of("overlong U+07FF in three bytes E0 9F BF", bytes(0xE0, 0x9F, 0xBF)),
                Arguments.of("overlong NUL in four bytes F0 80 80 80", bytes(0xF0, 0x80, 0x80, 0x80)),
                Arguments.of("overlong U+FFFF in four bytes F0 8F BF BF", bytes(0xF0, 0x8F, 0xBF, 0xBF)),
                Arguments.of("high surrogate ED A0 80", bytes(0xED, 0xA0, 0x80)),
                Arguments.of("low surrogate ED BF BF", bytes(0xED, 0xBF, 0xBF)),
                Arguments.of("surrogate pair in CESU-8", bytes(0xED, 0xA0, 0xBD, 0xED, 0xB2, 0x8A)),
                Arguments.of("above U+10FFFF F4 90 80 80", bytes(0xF4, 0x90, 0x80, 0x80)),
                Arguments.of("F5 lead", bytes(0xF5, 0x80, 0x80, 0x80)),
                Arguments.of("F7 lead", bytes(0xF7, 0xBF, 0xBF, 0xBF)),
                Arguments.of("F8 five-byte lead", bytes(0xF8, 0x88, 0x80, 0x80, 0x80)),
                Arguments.of("FC six-byte lead", bytes(0xFC, 0x84, 0x80, 0x80, 0x80, 0x80)),
                Arguments.of("FE", bytes(0xFE)),
                Arguments.of("FF", bytes(0xFF)),
                Arguments.of("stray continuation 80", bytes(0x80)),
                Arguments.of("stray continuation after ASCII", bytes('a', 'b', 0xBF)),
                Arguments.of("continuation after a complete character", bytes(0xC3, 0xA9, 0x80)),
                Arguments.of("lead followed by ASCII", bytes(0xC3, 'a')),
                Arguments.of("three-byte lead cut by ASCII", bytes(0xE2, 0x82, 'a')),
                Arguments.of("four-byte lead cut by a new lead", bytes(0xF0, 0x9F, 0xF0, 0x9F, 0x98, 0x80)),
                Arguments.of("invalid after a long valid ASCII run",
                        ("0123456789abcdef0123456789abcdef" + "\u00bf").getBytes(StandardCharsets.ISO_8859_1)),
                Arguments.of("Autobahn 6.3.1: κόσμε with a surrogate",
                        bytes(0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80,
                                0x65, 0x64, 0x69, 0x74, 0x65, 0x64)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalidBytesWith1007(String name, byte[] data) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> new Utf8Validator().feed(data, 0, data.length));
        assertEquals(1007, e.closeCode());
        assertFalse(Utf8Validator.isValid(data, 0, data.length));
        assertEverySplitGives(data, Verdict.INVALID);
    }

    static Stream<Arguments> truncated() {
        return Stream.of(
                Arguments.of("two-byte lead alone", bytes(0xC3)),
                Arguments.of("three-byte lead alone", bytes(0xE2)),
                Arguments.of("three-byte sequence missing one", bytes(0xE2, 0x82)),
                Arguments.of("emoji missing its last byte", bytes(0xF0, 0x9F, 0x98)),
                Arguments.of("text then a cut emoji", bytes('o', 'k', 0xF0, 0x9F)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncated")
    void aTruncatedSequenceAtTheEndIsNotComplete(String name, byte[] data) throws ProtocolException {
        Utf8Validator validator = new Utf8Validator();
        validator.feed(data, 0, data.length);
        assertFalse(validator.isComplete());
        assertFalse(Utf8Validator.isValid(data, 0, data.length));
        assertEverySplitGives(data, Verdict.INCOMPLETE);
    }

    @Test
    void validatesOnlyTheGivenRange() {
        byte[] data = bytes(0xFF, 'o', 'k', 0xFF);
        assertTrue(Utf8Validator.isValid(data, 1, 3));
        assertFalse(Utf8Validator.isValid(data, 0, 3));
    }

    @Test
    void resetForgetsAHalfSequence() throws ProtocolException {
        Utf8Validator validator = new Utf8Validator();
        validator.feed(bytes(0xE0), 0, 1);
        validator.reset();
        assertTrue(validator.isComplete());
        validator.feed(bytes('a'), 0, 1); // an E0 would have needed A0..BF next
        assertTrue(validator.isComplete());
    }

    @Test
    void everyCodePointBoundaryIsAcceptedAndTheOnesBeyondRejected() throws ProtocolException {
        int[] valid = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF};
        for (int cp : valid) {
            byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertTrue(Utf8Validator.isValid(utf8, 0, utf8.length), Integer.toHexString(cp));
        }
    }

    /** Every byte sequence of up to 2 bytes, and all 3-byte ones starting E0..EF and 4-byte starting F0..F4 with a
     * fixed tail, checked against the JDK. */
    @Test
    void agreesWithTheJdkOnEveryTwoByteSequence() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                compareWithJdk(bytes(a, b));
            }
        }
        for (int lead = 0xE0; lead <= 0xF4; lead++) {
            for (int b = 0x70; b < 0xD0; b++) {
                compareWithJdk(bytes(lead, b, 0x80, 0x80));
                compareWithJdk(bytes(lead, b, 0xBF));
            }
        }
    }

    /** Random text, mutated, against the JDK decoder with REPORT (seeded, so it is reproducible). */
    @Test
    void agreesWithTheJdkOnThousandsOfRandomArrays() {
        Random random = new Random(3629);
        int invalidSeen = 0;
        for (int n = 0; n < 5000; n++) {
            byte[] data = randomCandidate(random);
            if (!jdkAccepts(data, true)) {
                invalidSeen++;
            }
            compareWithJdk(data);
        }
        assertTrue(invalidSeen > 1000 && invalidSeen < 4000, "a useful mix of valid and invalid: " + invalidSeen);
    }

    /** Fails the test unless the validator and the JDK agree on the verdict, and the validator fails fast. */
    private static void compareWithJdk(byte[] data) {
        boolean jdk = jdkAccepts(data, true);
        assertEquals(jdk, Utf8Validator.isValid(data, 0, data.length), () -> "verdict on " + hex(data));
        // Fail fast: feeding one byte at a time, the validator must throw no later than the byte at
        // which the JDK (decoding the prefix, more input possibly to come) first reports malformed input.
        int jdkFirstBad = -1;
        for (int end = 1; end <= data.length; end++) {
            if (!jdkAccepts(java.util.Arrays.copyOf(data, end), false)) {
                jdkFirstBad = end - 1;
                break;
            }
        }
        Utf8Validator validator = new Utf8Validator();
        int threwAt = -1;
        for (int i = 0; i < data.length; i++) {
            try {
                validator.feed(data, i, i + 1);
            } catch (ProtocolException e) {
                threwAt = i;
                break;
            }
        }
        if (jdkFirstBad >= 0) {
            int bad = jdkFirstBad;
            int at = threwAt;
            assertTrue(threwAt >= 0 && threwAt <= jdkFirstBad,
                    () -> "threw at " + at + ", JDK saw bad input at " + bad + " in " + hex(data));
        }
        if (threwAt < 0) {
            assertEquals(jdk, validator.isComplete(), () -> "isComplete on " + hex(data));
        }
    }

    private static boolean jdkAccepts(byte[] data, boolean endOfInput) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(data.length * 2 + 4);
        CoderResult result = decoder.decode(ByteBuffer.wrap(data), out, endOfInput);
        if (result.isError()) {
            return false;
        }
        if (endOfInput) {
            return !decoder.flush(out).isError();
        }
        return true;
    }

    private static byte[] randomCandidate(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chars = random.nextInt(12);
        for (int i = 0; i < chars; i++) {
            int kind = random.nextInt(10);
            int cp = switch (kind) {
                case 0, 1, 2 -> random.nextInt(0x80);
                case 3, 4 -> 0x80 + random.nextInt(0x800 - 0x80);
                case 5, 6 -> {
                    int c = 0x800 + random.nextInt(0x10000 - 0x800);
                    yield c >= 0xD800 && c <= 0xDFFF ? 0xE000 : c;
                }
                default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
            };
            out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }
        byte[] data = out.toByteArray();
        int mutation = random.nextInt(4);
        if (mutation == 0 || data.length == 0) {
            return data; // valid
        }
        if (mutation == 1) { // one random byte replaced
            data[random.nextInt(data.length)] = (byte) random.nextInt(256);
            return data;
        }
        if (mutation == 2) { // cut anywhere
            return java.util.Arrays.copyOf(data, random.nextInt(data.length));
        }
        // a byte from the interesting range inserted
        int[] tricky = {0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x8F, 0x90, 0x9F, 0xA0};
        int at = random.nextInt(data.length + 1);
        byte[] longer = new byte[data.length + 1];
        System.arraycopy(data, 0, longer, 0, at);
        longer[at] = (byte) tricky[random.nextInt(tricky.length)];
        System.arraycopy(data, at, longer, at + 1, data.length - at);
        return longer;
    }

    private enum Verdict { VALID, INVALID, INCOMPLETE }

    /** Feeds the bytes in two chunks cut at every offset, and one byte at a time: same verdict every time. */
    private static void assertEverySplitGives(byte[] data, Verdict expected) {
        for (int cut = 0; cut <= data.length; cut++) {
            int c = cut;
            assertEquals(expected, verdict(data, cut), () -> "cut at " + c + " of " + hex(data));
        }
        int[] everyByte = new int[Math.max(0, data.length - 1)];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertEquals(expected, verdict(data, everyByte), () -> "one byte at a time: " + hex(data));
    }

    private static Verdict verdict(byte[] data, int... cuts) {
        Utf8Validator validator = new Utf8Validator();
        int from = 0;
        try {
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : data.length;
                validator.feed(data, from, to);
                from = to;
            }
        } catch (ProtocolException e) {
            if (e.closeCode() != 1007) {
                fail("wrong close code " + e.closeCode());
            }
            return Verdict.INVALID;
        }
        return validator.isComplete() ? Verdict.VALID : Verdict.INCOMPLETE;
    }

    static String hex(byte[] data) {
        return java.util.HexFormat.ofDelimiter(" ").formatHex(data);
    }
}
