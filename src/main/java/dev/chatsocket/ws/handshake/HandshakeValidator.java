package dev.chatsocket.ws.handshake;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Decides an opening handshake (RFC 6455 §4.2.1) as a pure function of the request: every
 * requirement a client must meet, checked in the order the RFC lists them, each refusal with a
 * status and a one-line reason.
 */
public final class HandshakeValidator {
    private static final String VERSION = "13";

    private final List<String> subprotocols;

    /** @param subprotocols what the endpoint speaks, most preferred first; empty for none */
    public HandshakeValidator(List<String> subprotocols) {
        this.subprotocols = List.copyOf(subprotocols);
    }

    public HandshakeResult evaluate(HandshakeRequest request) {
        // §4.2.1 item 1: "An HTTP/1.1 or higher GET request".
        if (!"GET".equals(request.method())) {
            return new HandshakeResult.Reject(405, "a WebSocket handshake must be a GET request",
                    Map.of("Allow", "GET"));
        }
        if (!isHttp11OrLater(request.protocol())) {
            return new HandshakeResult.Reject(400, "a WebSocket handshake needs HTTP/1.1");
        }
        boolean upgradeToWebSocket = request.tokens("Upgrade").stream().anyMatch("websocket"::equalsIgnoreCase);
        boolean connectionUpgrade = request.tokens("Connection").stream().anyMatch("upgrade"::equalsIgnoreCase);
        if (!upgradeToWebSocket && !connectionUpgrade && request.values("Sec-WebSocket-Key").isEmpty()) {
            // A plain GET: a browser or a curl that came to the wrong place (§4.2.2 allows 426).
            return new HandshakeResult.Reject(426, "this is a WebSocket endpoint: connect with a WebSocket client",
                    Map.of("Upgrade", "websocket", "Connection", "Upgrade"));
        }
        // Items 3 and 4.
        if (!upgradeToWebSocket) {
            return new HandshakeResult.Reject(400, "the Upgrade header must contain \"websocket\"");
        }
        if (!connectionUpgrade) {
            return new HandshakeResult.Reject(400, "the Connection header must contain \"Upgrade\"");
        }
        // Item 6: Sec-WebSocket-Version comes first here so that an old client learns the version.
        String version = request.single("Sec-WebSocket-Version");
        if (!VERSION.equals(version)) {
            // §4.4: answer with the versions we do speak.
            return new HandshakeResult.Reject(426, "unsupported WebSocket version; this server speaks 13",
                    Map.of("Sec-WebSocket-Version", VERSION));
        }
        // Item 5: a base64 nonce that decodes to 16 bytes.
        String key = request.single("Sec-WebSocket-Key");
        if (key == null || !isValidKey(key)) {
            return new HandshakeResult.Reject(400, "Sec-WebSocket-Key must be one base64 value of 16 bytes");
        }
        return new HandshakeResult.Accept(AcceptKey.of(key), chooseSubprotocol(request));
    }

    private static boolean isHttp11OrLater(String protocol) {
        if (protocol == null || !protocol.startsWith("HTTP/")) {
            return false;
        }
        String version = protocol.substring(5);
        return !version.equals("1.0") && !version.equals("0.9");
    }

    /** §4.1: 16 random bytes base64-encoded, which is always 24 characters ending in "==". */
    private static boolean isValidKey(String key) {
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** §4.2.2 item 5.4: the first of ours that the client offered; none when we declare none. */
    private String chooseSubprotocol(HandshakeRequest request) {
        List<String> offered = request.tokens("Sec-WebSocket-Protocol");
        for (String ours : subprotocols) {
            if (offered.contains(ours)) {
                return ours;
            }
        }
        return null;
    }
}
