package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.assertEchoed;

/**
 * Reserved bits, reserved opcodes and unmasked frames (Autobahn sections 3 and 4; RFC 6455 §5.1,
 * §5.2): each fails the connection with 1002, after any message that came before it was echoed.
 */
class ReservedBitsAndOpcodesIT extends OnTheRealWar {
    @Test
    void everyReservedBitCombinationFailsWith1002() throws Exception {
        for (int rsv = 1; rsv <= 7; rsv++) {
            assertFailsAfterEcho(ClientFrames.frame(true, rsv, 1, "x".getBytes(StandardCharsets.UTF_8)));
            assertFailsAfterEcho(ClientFrames.frame(true, rsv, 9, new byte[0]));
        }
    }

    @Test
    void everyReservedOpcodeFailsWith1002() throws Exception {
        for (int opcode : new int[]{3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
            assertFailsAfterEcho(ClientFrames.frame(true, 0, opcode, "x".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void unmaskedFrameFailsWith1002() throws Exception {
        assertFailsAfterEcho(ClientFrames.unmasked(true, 1, "not masked".getBytes(StandardCharsets.UTF_8)));
    }

    /** A good message, then the bad frame, then another good one that must never be echoed. */
    private void assertFailsAfterEcho(byte[] badFrame) throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.concat(ClientFrames.text("before"), badFrame, ClientFrames.text("after")));
            assertEchoed(ws, 1, "before".getBytes(StandardCharsets.UTF_8));
            assertClosedWith(ws, 1002);
        }
    }
}
