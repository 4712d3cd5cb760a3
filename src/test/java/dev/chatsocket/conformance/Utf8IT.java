package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.assertEchoed;

/**
 * UTF-8 handling (Autobahn section 6, RFC 6455 §8.1): valid text in any slicing is echoed; invalid
 * text fails with 1007 as soon as the bad byte arrives, not at the end of the message.
 */
class Utf8IT extends OnTheRealWar {
    private static final List<String> INVALID = List.of(
            "c080",       // overlong NUL
            "e08080",     // overlong three-byte form
            "f0808080",   // overlong four-byte form
            "eda080",     // UTF-16 surrogate
            "f4908080",   // above U+10FFFF
            "f5808080",   // lead byte that never occurs
            "80",         // stray continuation byte
            "ce",         // sequence cut at the end of the message
            "cebae1bdb9cf83cebcceb5eda080656469746564");

    @Test
    void validTextInManyScriptsIsEchoed() throws Exception {
        String text = "Hello-µ@ßöäüàá-UTF-8!! κόσμε 你好 Привет 🎉💬";
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.text(text));
            assertEchoed(ws, 1, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void validTextSplitMidCharacterAcrossFragmentsIsEchoed() throws Exception {
        byte[] text = "κόσμε🎉".getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket ws = echo()) {
            for (int cut = 1; cut < text.length; cut++) {
                ws.send(ClientFrames.concat(
                        ClientFrames.frame(false, 0, 1, Arrays.copyOfRange(text, 0, cut)),
                        ClientFrames.frame(true, 0, 0, Arrays.copyOfRange(text, cut, text.length))));
                assertEchoed(ws, 1, text);
            }
        }
    }

    @Test
    void everyInvalidSequenceFailsWith1007() throws Exception {
        for (String hex : INVALID) {
            try (RawWebSocket ws = echo()) {
                ws.send(ClientFrames.frame(true, 0, 1, HexFormat.of().parseHex(hex)));
                assertClosedWith(ws, 1007);
            }
        }
    }

    @Test
    void invalidFirstFragmentFailsBeforeTheMessageEnds() throws Exception {
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.frame(false, 0, 1, HexFormat.of().parseHex("cebae1bdb9cf83cebcceb5eda080")));
            // The final fragment is never sent: the server must not wait for it.
            assertClosedWith(ws, 1007);
        }
    }

    @Test
    void invalidByteInsideAFrameFailsBeforeTheFrameEnds() throws Exception {
        byte[] payload = new byte[1000];
        Arrays.fill(payload, (byte) 'a');
        payload[10] = (byte) 0xFF;
        byte[] frame = ClientFrames.frame(true, 0, 1, payload);
        try (RawWebSocket ws = echo()) {
            // Header, key and the first 20 payload bytes only: the rest of the frame never comes.
            ws.send(Arrays.copyOf(frame, 4 + 4 + 20));
            assertClosedWith(ws, 1007);
        }
    }
}
