package dev.chatsocket.ws.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatsocket.ws.codec.CodecInvariants.Outcome;
import dev.chatsocket.ws.extension.DeflateParameters;
import dev.chatsocket.ws.extension.PerMessageDeflate;
import dev.chatsocket.ws.extension.ZlibPool;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of the codec with Jazzer: libFuzzer's mutations, steered towards inputs
 * that reach new branches and satisfy the comparisons in the code (opcodes, length encodings, the
 * limits, the UTF-8 ranges), where the seeded {@link CodecFuzzTest} relies on knowing the format.
 * Each input is checked against {@link CodecInvariants}.
 *
 * <p>A plain {@code mvn test} runs each target on its seeds in {@code CodecJazzerFuzzTestInputs/}
 * under the test resources (and on any crash input saved there) as regression tests.
 * {@code mvn -Pfuzz test} fuzzes each for {@value #FUZZ_FOR} (the environment variable
 * {@code JAZZER_FUZZ=1} switches Jazzer from replaying to fuzzing; it fuzzes one target per JVM).
 */
class CodecJazzerFuzzTest {
    /** How long fuzzing mode runs one target. The annotation takes only a constant. */
    static final String FUZZ_FOR = "2m";

    private static final DeflateParameters CONTEXT_TAKEOVER = new DeflateParameters(false, false, 15, false);
    private static final ZlibPool ZLIB = new ZlibPool(2);

    /**
     * A client stream through the frame parser and the message assembler. The first byte of the
     * input is the size of the reads the stream arrives in (0: all at once), the rest is the
     * stream. Whatever it is, the invariants hold, and the reads end exactly as the stream taken in
     * one read does: the messages, the failure and its close code do not depend on where the
     * network split the bytes.
     */
    @FuzzTest(maxDuration = FUZZ_FOR)
    void clientStream(byte[] input) {
        checkInReadsAndAtOnce(input, CodecInvariants::parse);
    }

    /**
     * {@link #clientStream} on a connection that negotiated permessage-deflate with context
     * takeover (RFC 7692 §7): messages compressed or not, whose decompressed size the assembler
     * must hold to the message limit however well the client's DEFLATE data compresses.
     */
    @FuzzTest(maxDuration = FUZZ_FOR)
    void compressedClientStream(byte[] input) {
        checkInReadsAndAtOnce(input, pieces -> {
            PerMessageDeflate deflate = new PerMessageDeflate(CONTEXT_TAKEOVER, ZLIB, 0);
            try {
                return CodecInvariants.parse(pieces, deflate);
            } finally {
                deflate.end();
            }
        });
    }

    /**
     * Bytes through the UTF-8 validator, in one piece, one byte at a time (every boundary a split
     * can fall on) and through the whole-array check: all three agree with the JDK's strict decoder.
     */
    @FuzzTest(maxDuration = FUZZ_FOR)
    void utf8(byte[] input) {
        boolean valid = CodecInvariants.isStrictUtf8(input);
        assertEquals(valid, CodecInvariants.validatorAccepts(List.of(input)), "in one piece");
        assertEquals(valid, CodecInvariants.validatorAccepts(CodecInvariants.piecesOf(input, 1)), "byte by byte");
        assertEquals(valid, Utf8Validator.isValid(input, 0, input.length), "whole-array check");
    }

    private static void checkInReadsAndAtOnce(byte[] input, Function<List<byte[]>, Outcome> parse) {
        if (input.length == 0) {
            return;
        }
        int readSize = input[0] & 0xFF;
        byte[] wire = Arrays.copyOfRange(input, 1, input.length);
        Outcome atOnce = parse.apply(List.of(wire));
        if (readSize > 0) {
            CodecInvariants.assertSameOutcome(atOnce, parse.apply(CodecInvariants.piecesOf(wire, readSize)));
        }
    }
}
