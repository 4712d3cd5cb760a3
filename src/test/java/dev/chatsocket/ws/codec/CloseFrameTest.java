package dev.chatsocket.ws.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.chatsocket.ws.codec.Feed.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Close frame bodies (§5.5.1) and the status codes a peer may send (§7.4). */
class CloseFrameTest {

    static final int[] VALID_CODES = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
    static final int[] INVALID_CODES = {0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535};

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
    void acceptsEveryCodeValidOnTheWire(int code) throws ProtocolException {
        assertTrue(CloseStatus.isValidOnWire(code));
        CloseFrame close = CloseFrame.parse(bytes(code >>> 8, code & 0xFF));
        assertEquals(code, close.code());
        assertEquals("", close.reason());
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void refusesEveryInvalidCodeWith1002(int code) {
        assertFalse(CloseStatus.isValidOnWire(code));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> CloseFrame.parse(bytes(code >>> 8, code & 0xFF, 'h', 'i')));
        assertEquals(1002, e.closeCode());
    }

    @Test
    void anEmptyBodyMeansNoStatus1005() throws ProtocolException {
        CloseFrame close = CloseFrame.parse(new byte[0]);
        assertEquals(1005, close.code());
        assertEquals("", close.reason());
    }

    @Test
    void aOneByteBodyIsAProtocolError() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> CloseFrame.parse(bytes(0x03)));
        assertEquals(1002, e.closeCode());
    }

    @Test
    void readsAUtf8Reason() throws ProtocolException {
        byte[] reason = "bye 👋 Tschüss".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[2 + reason.length];
        body[0] = 0x03;
        body[1] = (byte) 0xE8;
        System.arraycopy(reason, 0, body, 2, reason.length);
        assertEquals(new CloseFrame(1000, "bye 👋 Tschüss"), CloseFrame.parse(body));
    }

    @ParameterizedTest(name = "reason bytes {0}")
    @ValueSource(strings = {"ff", "c080", "eda080", "f4908080", "e282", "80"})
    void anInvalidUtf8ReasonIs1007(String hex) {
        byte[] reason = java.util.HexFormat.of().parseHex(hex);
        byte[] body = new byte[2 + reason.length];
        body[0] = 0x03;
        body[1] = (byte) 0xE8;
        System.arraycopy(reason, 0, body, 2, reason.length);
        ProtocolException e = assertThrows(ProtocolException.class, () -> CloseFrame.parse(body));
        assertEquals(1007, e.closeCode());
    }

    @Test
    void anInvalidCodeIsReportedBeforeAnInvalidReason() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> CloseFrame.parse(bytes(0, 0, 0xFF)));
        assertEquals(1002, e.closeCode());
    }

    @Test
    void encodesCodeAndReasonAsAnUnmaskedCloseFrame() {
        assertArrayEquals(bytes(0x88, 0x05, 0x03, 0xE8, 'b', 'y', 'e'), new CloseFrame(1000, "bye").encode());
        assertArrayEquals(bytes(0x88, 0x02, 0x03, 0xF1), new CloseFrame(1009, "").encode());
    }

    @Test
    void cutsALongReasonTo123BytesSoTheFrameStaysAControlFrame() {
        byte[] frame = new CloseFrame(1000, "x".repeat(500)).encode();
        assertEquals(2 + 125, frame.length);
        assertEquals(125, frame[1]);
    }

    @Test
    void cutsALongReasonOnACharacterBoundary() throws ProtocolException {
        // 122 ASCII bytes then a 4-byte emoji crossing byte 123: the emoji must go entirely.
        String reason = "a".repeat(122) + "😀" + "tail";
        byte[] frame = new CloseFrame(1001, reason).encode();
        assertEquals(2 + 2 + 122, frame.length);
        byte[] body = Arrays.copyOfRange(frame, 2, frame.length);
        assertEquals(new CloseFrame(1001, "a".repeat(122)), CloseFrame.parse(body));
        // Every possible position of a multi-byte character around the cut gives valid UTF-8.
        for (int prefix = 110; prefix <= 125; prefix++) {
            for (String ch : new String[] {"é", "€", "😀"}) {
                byte[] f = new CloseFrame(1000, "b".repeat(prefix) + ch.repeat(5)).encode();
                assertTrue(f.length <= 127, "at most 125 bytes of body");
                byte[] b = Arrays.copyOfRange(f, 2, f.length);
                assertTrue(Utf8Validator.isValid(b, 2, b.length), "valid UTF-8 with prefix " + prefix + " and " + ch);
            }
        }
    }

    @Test
    void roundTripsThroughParse() throws ProtocolException {
        for (int code : VALID_CODES) {
            byte[] frame = new CloseFrame(code, "reason").encode();
            assertEquals(new CloseFrame(code, "reason"), CloseFrame.parse(Arrays.copyOfRange(frame, 2, frame.length)));
        }
    }

    @Test
    void theInvalidListAboveIsRejectedByIsValidOnWire() {
        for (int code : INVALID_CODES) {
            assertFalse(CloseStatus.isValidOnWire(code), Integer.toString(code));
        }
    }
}
