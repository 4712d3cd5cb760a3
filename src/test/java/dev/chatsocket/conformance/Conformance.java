package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.RawWebSocket;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions the conformance tests share: how a server must end a connection, and echo checks. */
final class Conformance {
    private Conformance() {
    }

    static URI uri(URL base) {
        try {
            return base.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The server fails or closes the connection with {@code code}: its close frame carries it,
     * and it closes TCP afterwards (§7.1.1: the server closes the TCP connection first).
     */
    static void assertClosedWith(RawWebSocket ws, int code) throws IOException {
        RawWebSocket.ServerFrame close = ws.readFrame();
        assertEquals(8, close.opcode(), "the next frame is the close; nothing after the violation is answered");
        assertClose(ws, close, code);
    }

    /** Like {@link #assertClosedWith}, but data frames sent before the close may come first. */
    static void assertEventuallyClosedWith(RawWebSocket ws, int code) throws IOException {
        assertClose(ws, ws.readClose(), code);
    }

    private static void assertClose(RawWebSocket ws, RawWebSocket.ServerFrame close, int code) throws IOException {
        assertEquals(code, close.closeCode(), "close code (reason: " + close.closeReason() + ")");
        assertTrue(close.payload().length <= 125, "a close frame is a control frame");
        assertTrue(ws.awaitEof(Duration.ofSeconds(10)), "the server closes TCP after the close frame");
    }

    /** The next frame is one whole unfragmented message of this opcode and payload. */
    static void assertEchoed(RawWebSocket ws, int opcode, byte[] payload) throws IOException {
        RawWebSocket.ServerFrame frame = ws.readFrame();
        assertEquals(opcode, frame.opcode(), "opcode");
        assertTrue(frame.fin(), "FIN");
        assertEquals(0, frame.rsv(), "no RSV bits without an extension");
        assertArrayEquals(payload, frame.payload(), "payload");
    }
}
