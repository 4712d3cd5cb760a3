package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientDeflate;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.uri;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * permessage-deflate on the real WAR, in the spirit of Autobahn|Testsuite sections 12 and 13:
 * for every combination of offered parameters, messages of many sizes and kinds are sent
 * compressed (whole and fragmented) through /echo, and what comes back is decompressed by a
 * client-side java.util.zip and compared. Two deployments: the defaults (the server answers
 * without context takeover either way), and one that keeps context unless the client asks
 * otherwise, so that both windows carry across messages.
 */
@ExtendWith(ArquillianExtension.class)
class DeflateIT {
    private static final String CONTEXT_TAKEOVER = "context";

    @Deployment(name = "defaults", testable = false)
    static WebArchive defaults() {
        return Deployments.chatsocketWar();
    }

    @Deployment(name = CONTEXT_TAKEOVER, testable = false)
    @TargetsContainer(Deployments.CHATSOCKET)
    static WebArchive contextTakeover() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_DEFLATE_NO_CONTEXT_TAKEOVER=false\nCHATSOCKET_DEFLATE_MIN_SIZE=0\n"), "chatsocket.properties");
    }

    @ArquillianResource
    @OperateOnDeployment("defaults")
    URL defaultsBase;

    @ArquillianResource
    @OperateOnDeployment(CONTEXT_TAKEOVER)
    URL contextBase;

    /** Autobahn 13's grid: each context-takeover choice with each window parameter. */
    static List<String> offers() {
        List<String> offers = new ArrayList<>();
        for (String takeover : List.of("", "; client_no_context_takeover", "; server_no_context_takeover",
                "; client_no_context_takeover; server_no_context_takeover")) {
            for (String window : List.of("", "; client_max_window_bits", "; client_max_window_bits=9",
                    "; server_max_window_bits=15", "; server_max_window_bits=9", "; server_max_window_bits=12; client_max_window_bits=12")) {
                offers.add("permessage-deflate" + takeover + window);
            }
        }
        return offers;
    }

    /** Autobahn 12's kinds: text that compresses well, multi-byte text, random and repeated binary. */
    static List<byte[]> messages() {
        Random random = new Random(12);
        List<byte[]> messages = new ArrayList<>();
        for (int size : new int[] {0, 1, 16, 64, 125, 126, 256, 1000, 4096, 16384, 65535, 65536, 131072}) {
            messages.add(json(size));
            messages.add("Grüße, 你好, ✓ 🙂 ".repeat(size / 20 + 1).substring(0, size / 2).getBytes(StandardCharsets.UTF_8));
            byte[] noise = new byte[size];
            random.nextBytes(noise);
            messages.add(noise);
            byte[] pattern = new byte[size];
            for (int i = 0; i < size; i++) {
                pattern[i] = (byte) (i % 7);
            }
            messages.add(pattern);
        }
        return messages;
    }

    private static byte[] json(int size) {
        String line = "{\"type\":\"message\",\"id\":42,\"nick\":\"guest-1a2b3c\",\"text\":\"hello there\"}\n";
        return line.repeat(size / line.length() + 1).substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theOfferBrowsersSendIsAnsweredWithoutContextTakeoverByDefault() throws Exception {
        try (RawWebSocket ws = open(uri(defaultsBase), "permessage-deflate; client_max_window_bits")) {
            assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                    ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
        }
        try (RawWebSocket ws = open(uri(contextBase), "permessage-deflate; client_max_window_bits")) {
            assertEquals("permessage-deflate", ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
        }
    }

    @Test
    void everyOfferEchoesEveryMessageOnTheDefaults() throws Exception {
        echoEverything(uri(defaultsBase));
    }

    @Test
    void everyOfferEchoesEveryMessageWithContextTakeover() throws Exception {
        echoEverything(uri(contextBase));
    }

    private void echoEverything(java.net.URI base) throws Exception {
        List<byte[]> messages = messages();
        for (String offer : offers()) {
            try (RawWebSocket ws = open(base, offer)) {
                String answer = ws.handshakeResponse().header("Sec-WebSocket-Extensions");
                if (offer.matches(".*server_max_window_bits=(9|1[0-4]).*") && !offer.contains("server_no_context_takeover")
                        && base.equals(uri(contextBase))) {
                    // java.util.zip cannot keep a window under 15 bits across messages: declined, plain WebSocket.
                    assertNull(answer, offer);
                    assertPlainEcho(ws);
                    continue;
                }
                try (ClientDeflate deflate = ClientDeflate.fromResponse(answer)) {
                    int sent = 0;
                    for (byte[] message : messages) {
                        int opcode = sent % 2 == 0 || !isUtf8(message) ? 2 : 1;
                        int pieces = 1 + sent % 3;
                        ws.send(ClientFrames.fragmented(ClientFrames.RSV1, opcode, deflate.compress(message), pieces));
                        assertEchoed(ws, deflate, opcode, message, offer + ", message " + sent);
                        sent++;
                    }
                }
            }
        }
    }

    /** Messages sent without RSV1 on a deflate connection are plain messages (§6). */
    @Test
    void uncompressedMessagesStillWork() throws Exception {
        try (RawWebSocket ws = open(uri(contextBase), "permessage-deflate");
             ClientDeflate deflate = ClientDeflate.fromResponse(ws.handshakeResponse().header("Sec-WebSocket-Extensions"))) {
            byte[] text = json(3000);
            ws.send(ClientFrames.text(new String(text, StandardCharsets.UTF_8)));
            assertEchoed(ws, deflate, 1, text, "plain in");
            ws.send(ClientFrames.fragmented(ClientFrames.RSV1, 1, deflate.compress(text), 2));
            assertEchoed(ws, deflate, 1, text, "compressed in after a plain one");
        }
    }

    @Test
    void rsv1OnAContinuationFails1002() throws Exception {
        try (RawWebSocket ws = open(uri(defaultsBase), "permessage-deflate");
             ClientDeflate deflate = ClientDeflate.fromResponse(ws.handshakeResponse().header("Sec-WebSocket-Extensions"))) {
            byte[] compressed = deflate.compress(json(500));
            ws.send(ClientFrames.concat(
                    ClientFrames.frame(false, ClientFrames.RSV1, 1, java.util.Arrays.copyOf(compressed, 10)),
                    ClientFrames.frame(true, ClientFrames.RSV1, 0,
                            java.util.Arrays.copyOfRange(compressed, 10, compressed.length))));
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void rsv1OnAPingFails1002() throws Exception {
        try (RawWebSocket ws = open(uri(defaultsBase), "permessage-deflate")) {
            ws.send(ClientFrames.frame(true, ClientFrames.RSV1, 9, new byte[] {0}));
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void rsv1WithoutTheExtensionFails1002() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(defaultsBase), "echo")) {
            assertNull(ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
            ws.send(ClientFrames.frame(true, ClientFrames.RSV1, 1, new byte[] {(byte) 0xf2, 0x48, (byte) 0xcd,
                    (byte) 0xc9, (byte) 0xc9, 0x07, 0x00}));
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void invalidUtf8InsideACompressedTextFails1007() throws Exception {
        try (RawWebSocket ws = open(uri(defaultsBase), "permessage-deflate");
             ClientDeflate deflate = ClientDeflate.fromResponse(ws.handshakeResponse().header("Sec-WebSocket-Extensions"))) {
            ws.send(ClientFrames.frame(true, ClientFrames.RSV1, 1, deflate.compress(new byte[] {'o', 'k', (byte) 0xc3, 0x28})));
            assertClosedWith(ws, 1007);
        }
    }

    @Test
    void aMalformedOfferOpensWithoutCompression() throws Exception {
        try (RawWebSocket ws = open(uri(defaultsBase), "permessage-deflate; server_max_window_bits=99")) {
            assertNull(ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
            assertPlainEcho(ws);
        }
    }

    private static RawWebSocket open(java.net.URI base, String offer) throws IOException {
        return RawWebSocket.open(base, "echo", Map.of("Sec-WebSocket-Extensions", offer));
    }

    private static void assertPlainEcho(RawWebSocket ws) throws IOException {
        byte[] text = json(2000);
        ws.send(ClientFrames.text(new String(text, StandardCharsets.UTF_8)));
        RawWebSocket.ServerMessage echo = ws.readMessage();
        assertFalse(echo.compressed(), "no RSV1 without the extension");
        assertArrayEquals(text, echo.joined());
    }

    private static void assertEchoed(RawWebSocket ws, ClientDeflate deflate, int opcode, byte[] expected, String what)
            throws IOException {
        RawWebSocket.ServerMessage echo = ws.readMessage();
        assertEquals(opcode, echo.opcode(), what);
        byte[] data = echo.compressed() ? deflate.decompress(echo.payloads()) : echo.joined();
        assertArrayEquals(expected, data, what);
        if (echo.compressed() && deflate.serverMaxWindowBits() < 15) {
            assertTrue(expected.length <= 1 << deflate.serverMaxWindowBits(),
                    what + ": compressed although longer than the agreed window");
        }
    }

    private static boolean isUtf8(byte[] data) {
        return dev.chatsocket.ws.codec.Utf8Validator.isValid(data, 0, data.length);
    }
}
