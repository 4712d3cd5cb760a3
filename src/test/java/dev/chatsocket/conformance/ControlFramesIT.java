package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.assertEchoed;

/** Pings and pongs (Autobahn section 2, RFC 6455 §5.5.2–5.5.3). */
class ControlFramesIT extends OnTheRealWar {
    @Test
    void pingIsAnsweredWithPongCarryingTheSamePayload() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(true, 0, 9, "Hello".getBytes(StandardCharsets.UTF_8)));
            assertEchoed(ws, 10, "Hello".getBytes(StandardCharsets.UTF_8));
            ws.send(ClientFrames.frame(true, 0, 9, new byte[0]));
            assertEchoed(ws, 10, new byte[0]);
        }
    }

    @Test
    void pingOf125BytesIsAnswered() throws Exception {
        byte[] payload = new byte[125];
        Arrays.fill(payload, (byte) 0xFE);
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(true, 0, 9, payload));
            assertEchoed(ws, 10, payload);
        }
    }

    @Test
    void pingOf126BytesFailsTheConnection() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(true, 0, 9, new byte[126]));
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void fragmentedPingFailsTheConnection() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(false, 0, 9, new byte[]{1}));
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void unsolicitedPongIsIgnored() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(true, 0, 10, "unsolicited".getBytes(StandardCharsets.UTF_8)));
            ws.send(ClientFrames.text("still here"));
            assertEchoed(ws, 1, "still here".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void tenPingsInARowGetTenPongsInOrder() throws Exception {
        try (RawWebSocket ws = echo()) {
            byte[][] pings = new byte[10][];
            for (int i = 0; i < 10; i++) {
                pings[i] = ClientFrames.frame(true, 0, 9, new byte[]{(byte) i});
            }
            ws.send(ClientFrames.concat(pings));
            for (int i = 0; i < 10; i++) {
                assertEchoed(ws, 10, new byte[]{(byte) i});
            }
        }
    }
}
