package dev.chatsocket.ws;

import dev.chatsocket.ws.handshake.OriginPolicy;

import java.util.List;

/**
 * Which web pages may open a WebSocket here (RFC 6455 §10.2): by default only the page's own
 * origin, the one whose host and port the request was sent to.
 *
 * @param allowed               origins accepted besides the page's own, such as
 *                              {@code https://chat.example.com}, or {@code *} for all; {@code null}
 *                              admits the opaque origin of sandboxed pages
 * @param allowMissing          whether a handshake without {@code Origin} (a program, not a browser
 *                              page) is accepted
 * @param trustForwardedHeaders whether a proxy's {@code X-Forwarded-Proto} and
 *                              {@code X-Forwarded-Host} describe the request the browser sent: only
 *                              behind a proxy that sets them on every request
 * @throws IllegalArgumentException for an entry that is not a scheme and host (and port)
 */
public record OriginSettings(List<String> allowed, boolean allowMissing, boolean trustForwardedHeaders) {
    public OriginSettings {
        allowed = List.copyOf(allowed);
        // Built here only to refuse a malformed origin when the settings are read, not at the first handshake.
        OriginPolicy.of(allowed, allowMissing, trustForwardedHeaders);
    }

    OriginPolicy policy() {
        return OriginPolicy.of(allowed, allowMissing, trustForwardedHeaders);
    }
}
