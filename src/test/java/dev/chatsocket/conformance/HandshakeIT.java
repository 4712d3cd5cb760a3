package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.chatsocket.conformance.Conformance.assertEchoed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The opening handshake (RFC 6455 §4.2) on the real container: accepted as browsers and the JDK
 * send it, and every malformed request refused before upgrade with a 4xx and a one-line reason.
 */
class HandshakeIT extends OnTheRealWar {
    @Test
    void browserHandshakeWithoutContentLengthCarriesFrames() throws Exception {
        try (RawWebSocket ws = echo()) {
            RawWebSocket.HttpHead head = ws.handshakeResponse();
            assertEquals("websocket", head.header("Upgrade").toLowerCase());
            assertTrue(head.header("Connection").toLowerCase().contains("upgrade"));
            assertEquals(null, head.header("Sec-WebSocket-Protocol"), "no subprotocol unless one is declared");
            ws.send(ClientFrames.text("hello"));
            assertEchoed(ws, 1, "hello".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void handshakeWithContentLengthZeroCarriesFrames() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo", Map.of("Content-Length", "0"))) {
            ws.send(ClientFrames.text("hello"));
            assertEchoed(ws, 1, "hello".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void frameSentInTheSameWriteAsTheHandshakeIsNotLost() throws Exception {
        URI uri = uri();
        String key = RawWebSocket.newKey();
        StringBuilder request = new StringBuilder("GET " + uri.resolve("echo").getRawPath() + " HTTP/1.1\r\n");
        RawWebSocket.browserHeaders(uri, key).forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        byte[] both = ClientFrames.concat(request.toString().getBytes(StandardCharsets.ISO_8859_1), ClientFrames.text("early"));
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(both);
            java.io.InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertTrue(b >= 0, "response head cut short: " + head);
                head.append((char) b);
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            byte[] echo = in.readNBytes(7);
            assertEquals("\u0081\u0005early", new String(echo, StandardCharsets.ISO_8859_1),
                    "the frame sent with the handshake is echoed");
        }
    }

    @Test
    void wrongVersionIsRefusedWith426NamingTheVersionWeSpeak() throws Exception {
        RawWebSocket.HttpHead head = handshakeWith(h -> h.put("Sec-WebSocket-Version", "8"));
        assertEquals(426, head.status());
        assertEquals("13", head.header("Sec-WebSocket-Version"));
        assertOneLineReason(head);
    }

    @Test
    void keyThatIsNotSixteenBytesIsRefused() throws Exception {
        RawWebSocket.HttpHead head = handshakeWith(h -> h.put("Sec-WebSocket-Key", "c2hvcnQ="));
        assertEquals(400, head.status());
        assertOneLineReason(head);
    }

    @Test
    void missingKeyIsRefused() throws Exception {
        RawWebSocket.HttpHead head = handshakeWith(h -> h.remove("Sec-WebSocket-Key"));
        assertEquals(400, head.status());
        assertOneLineReason(head);
    }

    @Test
    void upgradeToAnotherProtocolIsRefused() throws Exception {
        RawWebSocket.HttpHead head = handshakeWith(h -> h.put("Upgrade", "h2c"));
        assertEquals(400, head.status());
        assertOneLineReason(head);
    }

    @Test
    void connectionHeaderWithoutUpgradeIsRefused() throws Exception {
        RawWebSocket.HttpHead head = handshakeWith(h -> h.put("Connection", "keep-alive"));
        assertEquals(400, head.status());
        // Jetty refuses an Upgrade header without "Connection: upgrade" itself, before any
        // servlet runs, with its own HTML error page; Tomcat lets it through to ours.
        assertFalse(head.body().contains("Exception"), head.body());
    }

    @Test
    void connectionTokenListContainingUpgradeIsAccepted() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo", Map.of("Connection", "keep-alive, Upgrade"))) {
            ws.send(ClientFrames.text("ok"));
            assertEchoed(ws, 1, "ok".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void plainGetToAWebSocketPathGets426() throws Exception {
        RawWebSocket.HttpHead head = RawWebSocket.exchange(uri(), "GET", "echo",
                Map.of("Host", "localhost", "Connection", "close"));
        assertEquals(426, head.status());
        assertOneLineReason(head);
    }

    @Test
    void postIsRefused() throws Exception {
        RawWebSocket.HttpHead head = handshakeWith(h -> h.put("Content-Length", "0"), "POST");
        assertEquals(405, head.status());
    }

    @Test
    void jdkClientEchoesTextAndBinaryAndClosesCleanly() throws Exception {
        URI ws = URI.create(uri().resolve("echo").toString().replaceFirst("^http", "ws"));
        LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                received.add(bytes);
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }
        };
        HttpClient client = HttpClient.newHttpClient();
        WebSocket socket = client.newWebSocketBuilder().buildAsync(ws, listener).get(10, TimeUnit.SECONDS);
        socket.sendText("héllo wörld ✓", true).get(10, TimeUnit.SECONDS);
        assertEquals("héllo wörld ✓", received.poll(10, TimeUnit.SECONDS));
        socket.sendBinary(ByteBuffer.wrap(new byte[]{1, 2, 3}), true).get(10, TimeUnit.SECONDS);
        Object binary = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(binary);
        assertEquals(3, ((byte[]) binary).length);
        socket.sendClose(4000, "bye").get(10, TimeUnit.SECONDS);
        assertEquals(4000, closed.get(10, TimeUnit.SECONDS), "the server echoes the client's close code");
    }

    private RawWebSocket.HttpHead handshakeWith(Consumer<Map<String, String>> change) throws Exception {
        return handshakeWith(change, "GET");
    }

    private RawWebSocket.HttpHead handshakeWith(Consumer<Map<String, String>> change, String method) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(RawWebSocket.browserHeaders(uri(), RawWebSocket.newKey()));
        change.accept(headers);
        return RawWebSocket.exchange(uri(), method, "echo", headers);
    }

    /** A refusal is a short, plain reason: no HTML error page, no stack trace. */
    private static void assertOneLineReason(RawWebSocket.HttpHead head) {
        String body = head.body().strip();
        assertFalse(body.isEmpty(), "a reason is given");
        assertFalse(body.contains("\n"), "one line: " + body);
        assertFalse(body.contains("Exception"), body);
    }
}
