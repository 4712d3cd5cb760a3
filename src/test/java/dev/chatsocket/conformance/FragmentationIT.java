package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.assertEchoed;

/** Fragmentation (Autobahn section 5, RFC 6455 §5.4). */
class FragmentationIT extends OnTheRealWar {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fragmentedTextIsEchoedAsOneMessage() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.concat(
                    ClientFrames.frame(false, 0, 1, utf8("frag")),
                    ClientFrames.frame(false, 0, 0, utf8("men")),
                    ClientFrames.frame(true, 0, 0, utf8("ted"))));
            assertEchoed(ws, 1, utf8("fragmented"));
        }
    }

    @Test
    void fragmentedBinaryWithEmptyFragmentsIsEchoed() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.concat(
                    ClientFrames.frame(false, 0, 2, new byte[0]),
                    ClientFrames.frame(false, 0, 0, new byte[]{1, 2}),
                    ClientFrames.frame(false, 0, 0, new byte[0]),
                    ClientFrames.frame(true, 0, 0, new byte[]{3})));
            assertEchoed(ws, 2, new byte[]{1, 2, 3});
        }
    }

    @Test
    void pingBetweenFragmentsIsAnsweredAndTheMessageStaysWhole() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(false, 0, 1, utf8("one ")));
            ws.send(ClientFrames.frame(true, 0, 9, utf8("ping")));
            assertEchoed(ws, 10, utf8("ping"));
            ws.send(ClientFrames.frame(true, 0, 0, utf8("two")));
            assertEchoed(ws, 1, utf8("one two"));
        }
    }

    @Test
    void continuationWithoutAMessageFailsWith1002() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(true, 0, 0, utf8("orphan")));
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void newMessageInsideAFragmentedOneFailsWith1002() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.concat(
                    ClientFrames.frame(false, 0, 1, utf8("first ")),
                    ClientFrames.frame(true, 0, 1, utf8("second"))));
            assertClosedWith(ws, 1002);
        }
    }
}
