package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.assertEchoed;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Close handling (Autobahn section 7, RFC 6455 §5.5.1, §7.4). */
class CloseIT extends OnTheRealWar {
    private static final int[] VALID = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
    private static final int[] INVALID = {0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535};

    @Test
    void everyValidCodeIsEchoedAndTcpClosed() throws Exception {
        for (int code : VALID) {
            try (RawWebSocket ws = echo()) {
                ws.send(ClientFrames.close(code, "reason ✓"));
                assertClosedWith(ws, code);
            }
        }
    }

    @Test
    void everyInvalidCodeFailsWith1002() throws Exception {
        for (int code : INVALID) {
            try (RawWebSocket ws = echo()) {
                ws.send(ClientFrames.close(code, ""));
                assertClosedWith(ws, 1002);
            }
        }
    }

    @Test
    void emptyCloseIsAnsweredWith1000() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(true, 0, 8, new byte[0]));
            assertClosedWith(ws, 1000);
        }
    }

    @Test
    void oneByteCloseFailsWith1002() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(true, 0, 8, new byte[]{0x03}));
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void invalidUtf8InTheReasonFailsWith1007() throws Exception {
        byte[] body = HexFormat.of().parseHex("03e8" + "cebae1bdb9cf83cebcceb5eda080656469746564");
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(true, 0, 8, body));
            assertClosedWith(ws, 1007);
        }
    }

    @Test
    void closeWithA123ByteReasonIsAccepted() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.close(1000, "r".repeat(123)));
            assertClosedWith(ws, 1000);
        }
    }

    @Test
    void dataAfterTheCloseIsIgnored() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.concat(ClientFrames.text("last"), ClientFrames.close(1000, ""),
                    ClientFrames.text("never echoed"), ClientFrames.frame(true, 0, 9, new byte[0])));
            assertEchoed(ws, 1, "last".getBytes(StandardCharsets.UTF_8));
            assertClosedWith(ws, 1000);
        }
    }

    @Test
    void tcpDropWithoutCloseLeavesTheServerServing() throws Exception {
        RawWebSocket dropped = echo();
        dropped.send(ClientFrames.frame(false, 0, 1, "half a mess".getBytes(StandardCharsets.UTF_8)));
        dropped.close();
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.text("fine"));
            assertEchoed(ws, 1, "fine".getBytes(StandardCharsets.UTF_8));
            ws.send(ClientFrames.close(1000, ""));
            assertClosedWith(ws, 1000);
            assertTrue(ws.awaitEof(Duration.ofSeconds(1)));
        }
    }
}
