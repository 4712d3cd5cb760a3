package dev.chatsocket.safety;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is refused before the upgrade, on every WebSocket endpoint: a page of another origin
 * (403: cross-site WebSocket hijacking), unless the allow-list names it; and a header section over
 * the configured size (431). The page's own origin, an allowed one, and a client without Origin
 * all get their WebSocket.
 */
@ExtendWith(ArquillianExtension.class)
class HandshakePolicyIT {
    private static final String ALLOWED = "https://app.example.com";
    private static final int MAX_HEADER_BYTES = 2048;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_ALLOWED_ORIGINS=" + ALLOWED + ", http://localhost:3000\n"
                        + "CHATSOCKET_MAX_HANDSHAKE_HEADER_BYTES=" + MAX_HEADER_BYTES + "\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    private URI uri() throws URISyntaxException {
        return base.toURI();
    }

    private Map<String, String> handshakeWith(String name, String value) throws URISyntaxException {
        Map<String, String> headers = RawWebSocket.browserHeaders(uri(), RawWebSocket.newKey());
        headers.put(name, value);
        return headers;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"echo", "chat/origin-test"})
    void aPageOfAnotherOriginIsRefusedWith403(String path) throws Exception {
        RawWebSocket.HttpHead response = RawWebSocket.exchange(uri(), "GET", path,
                handshakeWith("Origin", "https://evil.example"));
        assertEquals(403, response.status(), response.body());
        assertEquals("origin https://evil.example may not open a WebSocket here\n", response.body());
        assertEquals(null, response.header("Sec-WebSocket-Accept"));
    }

    @Test
    void anotherPortOfTheSameHostIsAnotherOrigin() throws Exception {
        String otherPort = "http://" + uri().getHost() + ":" + (uri().getPort() + 1);
        assertEquals(403, RawWebSocket.exchange(uri(), "GET", "echo", handshakeWith("Origin", otherPort)).status());
    }

    @Test
    void thePagesOwnOriginGetsItsWebSocket() throws Exception {
        // RawWebSocket sends what a browser on this server's page sends: Origin http://host:port.
        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo")) {
            assertEquals("http://" + uri().getHost() + ":" + uri().getPort(),
                    RawWebSocket.browserHeaders(uri(), "k").get("Origin"));
            assertEchoes(ws);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ALLOWED, "http://localhost:3000"})
    void anAllowedOriginGetsItsWebSocket(String origin) throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo", Map.of("Origin", origin))) {
            assertEchoes(ws);
        }
    }

    @Test
    void aClientWithoutOriginGetsItsWebSocket() throws Exception {
        Map<String, String> headers = RawWebSocket.browserHeaders(uri(), RawWebSocket.newKey());
        headers.remove("Origin");
        RawWebSocket.HttpHead response = RawWebSocket.exchange(uri(), "GET", "echo", headers);
        assertEquals(101, response.status(), response.body());
    }

    @Test
    void headersOverTheLimitAreRefusedWith431() throws Exception {
        RawWebSocket.HttpHead response = RawWebSocket.exchange(uri(), "GET", "chat/header-test",
                handshakeWith("Cookie", "c=" + "x".repeat(MAX_HEADER_BYTES)));
        assertEquals(431, response.status(), response.body());
        assertTrue(response.body().startsWith("the request headers are over " + MAX_HEADER_BYTES + " bytes"),
                response.body());
    }

    @Test
    void headersJustUnderTheLimitAreAccepted() throws Exception {
        Map<String, String> headers = RawWebSocket.browserHeaders(uri(), RawWebSocket.newKey());
        long used = headers.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length() + 4).sum();
        // "Cookie: c=" + filler + CRLF brings the total to exactly the limit.
        headers.put("Cookie", "c=" + "x".repeat((int) (MAX_HEADER_BYTES - used - "Cookie: c=\r\n".length())));
        RawWebSocket.HttpHead response = RawWebSocket.exchange(uri(), "GET", "echo", headers);
        assertEquals(101, response.status(), response.body());
    }

    private static void assertEchoes(RawWebSocket ws) throws Exception {
        ws.send(ClientFrames.text("same"));
        assertArrayEquals("same".getBytes(StandardCharsets.UTF_8), ws.readFrame().payload());
    }
}
