package dev.chatsocket.ws.handshake;

import dev.chatsocket.ws.handshake.HandshakeResult.Accept;
import dev.chatsocket.ws.handshake.HandshakeResult.Reject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The opening handshake of RFC 6455 §4.2.1 as a pure function: each refusal, and what is accepted. */
class HandshakeValidatorTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    /** A browser-shaped handshake; tests change one thing at a time. */
    private static final class Request {
        String method = "GET";
        String protocol = "HTTP/1.1";
        final Map<String, List<String>> headers = new LinkedHashMap<>();

        Request() {
            set("Host", "server.example.com");
            set("Upgrade", "websocket");
            set("Connection", "Upgrade");
            set("Sec-WebSocket-Key", KEY);
            set("Origin", "http://example.com");
            set("Sec-WebSocket-Version", "13");
        }

        Request set(String name, String... values) {
            headers.put(name, new ArrayList<>(List.of(values)));
            return this;
        }

        Request remove(String name) {
            headers.remove(name);
            return this;
        }

        HandshakeResult evaluate(String... subprotocols) {
            return new HandshakeValidator(List.of(subprotocols)).evaluate(new HandshakeRequest(method, protocol, headers));
        }
    }

    private static Reject rejected(HandshakeResult result, int status) {
        Reject reject = assertInstanceOf(Reject.class, result);
        assertEquals(status, reject.status(), reject.reason());
        assertFalse(reject.reason().isBlank());
        assertFalse(reject.reason().contains("\n"), "a one-line reason");
        return reject;
    }

    @Test
    void acceptsTheRfcExampleWithTheRfcAcceptValue() {
        Accept accept = assertInstanceOf(Accept.class, new Request().evaluate());
        assertEquals(ACCEPT, accept.acceptKey());
        assertNull(accept.subprotocol());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST", "PUT", "HEAD", "get"})
    void refusesAnyMethodButGetWith405(String method) {
        Request r = new Request();
        r.method = method;
        Reject reject = rejected(r.evaluate(), 405);
        assertEquals("GET", reject.headers().get("Allow"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.0", "HTTP/0.9"})
    void refusesHttpBefore1_1With400(String protocol) {
        Request r = new Request();
        r.protocol = protocol;
        rejected(r.evaluate(), 400);
    }

    @Test
    void acceptsHttpVersionsAbove1_1() {
        Request r = new Request();
        r.protocol = "HTTP/2.0";
        assertInstanceOf(Accept.class, r.evaluate());
    }

    @Test
    void refusesAMissingUpgradeHeaderWith400() {
        rejected(new Request().remove("Upgrade").evaluate(), 400);
    }

    @ParameterizedTest(name = "Upgrade: {0}")
    @ValueSource(strings = {"h2c", "websockets", "web socket", ""})
    void refusesAnUpgradeToSomethingElseWith400(String upgrade) {
        rejected(new Request().set("Upgrade", upgrade).evaluate(), 400);
    }

    @ParameterizedTest(name = "Connection: {0}")
    @ValueSource(strings = {"keep-alive", "close", "upgraded", ""})
    void refusesAConnectionHeaderWithoutUpgradeWith400(String connection) {
        rejected(new Request().set("Connection", connection).evaluate(), 400);
    }

    @Test
    void refusesAMissingConnectionHeaderWith400() {
        rejected(new Request().remove("Connection").evaluate(), 400);
    }

    @ParameterizedTest(name = "Connection: {0}")
    @ValueSource(strings = {"keep-alive, Upgrade", "Upgrade, keep-alive", "keep-alive,upgrade", " UPGRADE ", "upgrade"})
    void acceptsUpgradeAnywhereInTheConnectionTokenList(String connection) {
        assertInstanceOf(Accept.class, new Request().set("Connection", connection).evaluate());
    }

    @Test
    void acceptsConnectionTokensSpreadOverSeveralHeaderLines() {
        assertInstanceOf(Accept.class, new Request().set("Connection", "keep-alive", "Upgrade").evaluate());
    }

    @ParameterizedTest(name = "Upgrade: {0}")
    @ValueSource(strings = {"WebSocket", "WEBSOCKET", "websocket", "websocket, h2c"})
    void matchesTheUpgradeValueWithoutRegardToCase(String upgrade) {
        assertInstanceOf(Accept.class, new Request().set("Upgrade", upgrade).evaluate());
    }

    @Test
    void matchesHeaderNamesWithoutRegardToCase() {
        Request r = new Request();
        r.headers.clear();
        r.set("host", "server.example.com").set("UPGRADE", "websocket").set("connection", "upgrade")
                .set("sec-websocket-key", KEY).set("SEC-WEBSOCKET-VERSION", "13");
        Accept accept = assertInstanceOf(Accept.class, r.evaluate());
        assertEquals(ACCEPT, accept.acceptKey());
    }

    @ParameterizedTest(name = "Sec-WebSocket-Key: \"{0}\"")
    @ValueSource(strings = {
            "",
            "dGhlIHNhbXBsZSBub25j", // 15 bytes
            "dGhlIHNhbXBsZSBub25jZWU=", // 17 bytes
            "dGhlIHNhbXBsZSBub25jZQ==dGhlIHNhbXBsZSBub25jZQ==", // 32 bytes
            "not base64 at all!!!!!==",
            "dGhlIHNhbXBsZSBub25jZQ=!",
    })
    void refusesAKeyThatIsNot16Base64BytesWith400(String key) {
        rejected(new Request().set("Sec-WebSocket-Key", key).evaluate(), 400);
    }

    @Test
    void refusesAMissingKeyWith400() {
        rejected(new Request().remove("Sec-WebSocket-Key").evaluate(), 400);
    }

    @Test
    void refusesAKeySentTwiceWith400() {
        rejected(new Request().set("Sec-WebSocket-Key", KEY, KEY).evaluate(), 400);
    }

    @Test
    void refusesAKeySentTwiceUnderDifferentlyCasedNamesWith400() {
        Request r = new Request();
        r.set("sec-websocket-key", "AAAAAAAAAAAAAAAAAAAAAA==");
        rejected(r.evaluate(), 400);
    }

    @ParameterizedTest(name = "Sec-WebSocket-Version: \"{0}\"")
    @ValueSource(strings = {"8", "12", "14", "7", "", "13, 8", "thirteen"})
    void refusesAnyVersionBut13With426NamingVersion13(String version) {
        Reject reject = rejected(new Request().set("Sec-WebSocket-Version", version).evaluate(), 426);
        assertEquals("13", reject.headers().get("Sec-WebSocket-Version"));
    }

    @Test
    void refusesAMissingVersionWith426() {
        Reject reject = rejected(new Request().remove("Sec-WebSocket-Version").evaluate(), 426);
        assertEquals("13", reject.headers().get("Sec-WebSocket-Version"));
    }

    @Test
    void answersAPlainGetWithoutUpgradeHeadersWith426() {
        Request r = new Request();
        r.headers.clear();
        r.set("Host", "server.example.com").set("Accept", "text/html").set("Connection", "keep-alive");
        Reject reject = rejected(r.evaluate(), 426);
        assertEquals("websocket", reject.headers().get("Upgrade"));
    }

    @Test
    void negotiatesNoSubprotocolWhenTheEndpointDeclaresNone() {
        Accept accept = assertInstanceOf(Accept.class,
                new Request().set("Sec-WebSocket-Protocol", "chat, superchat").evaluate());
        assertNull(accept.subprotocol());
    }

    @Test
    void picksTheEndpointsMostPreferredSubprotocolThatTheClientOffered() {
        Accept accept = assertInstanceOf(Accept.class,
                new Request().set("Sec-WebSocket-Protocol", "superchat, chat").evaluate("chat", "superchat"));
        assertEquals("chat", accept.subprotocol());
        accept = assertInstanceOf(Accept.class,
                new Request().set("Sec-WebSocket-Protocol", "v1", "superchat").evaluate("chat", "superchat"));
        assertEquals("superchat", accept.subprotocol());
    }

    @Test
    void negotiatesNoSubprotocolWhenNoneMatchesOrNoneIsOffered() {
        Accept accept = assertInstanceOf(Accept.class,
                new Request().set("Sec-WebSocket-Protocol", "mqtt").evaluate("chat"));
        assertNull(accept.subprotocol());
        accept = assertInstanceOf(Accept.class, new Request().evaluate("chat"));
        assertNull(accept.subprotocol());
    }

    @Test
    void neverAcceptsAMalformedRequestWhateverTheOrderOfChecks() {
        // Every single mutation of the valid request refuses it; none crashes.
        String[] names = {"Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"};
        for (String name : names) {
            HandshakeResult result = new Request().remove(name).evaluate();
            assertTrue(result instanceof Reject, "without " + name);
        }
    }
}
