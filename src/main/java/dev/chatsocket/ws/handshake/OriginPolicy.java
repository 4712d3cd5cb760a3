package dev.chatsocket.ws.handshake;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which web pages may open a WebSocket here, decided from the {@code Origin} header (RFC 6455
 * §4.2.2 item 4, §10.2; RFC 6454). Browsers send cookies with a WebSocket handshake whatever page
 * starts it, so a server that accepts every origin lets any site act as its visitors
 * (cross-site WebSocket hijacking). By default only the page's own origin is accepted: the one
 * whose host and port are those the request was sent to ({@code Host}), with the request's own
 * scheme. An allow-list widens that ({@code *} for every origin); a request without an
 * {@code Origin} comes from a program, not a browser page, and is accepted unless configured
 * otherwise.
 *
 * <p>Behind a proxy that terminates TLS or rewrites the host, the request the server sees is not
 * the one the browser sent; with {@code trustForwardedHeaders} the proxy's
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} stand for them. Only turn that on when a
 * proxy sets those headers on every request, or clients can claim any origin is their own.
 */
public final class OriginPolicy {
    private static final int FORBIDDEN = 403;

    private final Set<String> allowed;
    private final boolean allowAny;
    private final boolean allowMissing;
    private final boolean trustForwardedHeaders;

    private OriginPolicy(Set<String> allowed, boolean allowAny, boolean allowMissing, boolean trustForwardedHeaders) {
        this.allowed = Set.copyOf(allowed);
        this.allowAny = allowAny;
        this.allowMissing = allowMissing;
        this.trustForwardedHeaders = trustForwardedHeaders;
    }

    /**
     * @param allowedOrigins        origins accepted besides the page's own, such as
     *                              {@code https://chat.example.com}, or {@code *} for all; a
     *                              literal {@code null} admits the opaque origin of sandboxed pages
     * @param allowMissing          whether a handshake without {@code Origin} is accepted
     * @param trustForwardedHeaders whether {@code X-Forwarded-Proto}/{@code -Host} describe the
     *                              request the browser sent
     * @throws IllegalArgumentException for an entry that is not a scheme and host (and port)
     */
    public static OriginPolicy of(List<String> allowedOrigins, boolean allowMissing, boolean trustForwardedHeaders) {
        Set<String> allowed = new LinkedHashSet<>();
        boolean any = false;
        for (String entry : allowedOrigins) {
            String origin = entry.trim();
            if (origin.equals("*")) {
                any = true;
            } else if (origin.equals("null")) {
                allowed.add("null");
            } else if (!origin.isEmpty()) {
                allowed.add(normalize(origin).orElseThrow(() -> new IllegalArgumentException(
                        "not an origin (scheme://host[:port]): " + origin)));
            }
        }
        return new OriginPolicy(allowed, any, allowMissing, trustForwardedHeaders);
    }

    /**
     * @param scheme the scheme the request came with ({@code http} or {@code https})
     * @return a 403 refusal, or empty when the origin may connect
     */
    public Optional<HandshakeResult.Reject> check(HandshakeRequest request, String scheme) {
        List<String> origins = request.values("Origin");
        if (origins.isEmpty()) {
            return allowMissing ? Optional.empty()
                    : refuse("a WebSocket handshake without Origin is not accepted here");
        }
        if (origins.size() > 1) {
            return refuse("a WebSocket handshake carries one Origin header");
        }
        String origin = origins.get(0).trim();
        if (allowAny || (origin.equals("null") && allowed.contains("null"))) {
            return Optional.empty();
        }
        Optional<String> normalized = normalize(origin);
        if (normalized.isEmpty()) {
            return refuse("malformed Origin header");
        }
        if (allowed.contains(normalized.get()) || normalized.equals(ownOrigin(request, scheme))) {
            return Optional.empty();
        }
        return refuse("origin " + normalized.get() + " may not open a WebSocket here");
    }

    /** The origin of the page this request was sent for, from Host (or the proxy's headers). */
    private Optional<String> ownOrigin(HandshakeRequest request, String scheme) {
        String host = request.single("Host");
        if (trustForwardedHeaders) {
            String forwardedProto = firstToken(request, "X-Forwarded-Proto");
            String forwardedHost = firstToken(request, "X-Forwarded-Host");
            scheme = forwardedProto == null ? scheme : forwardedProto;
            host = forwardedHost == null ? host : forwardedHost;
        }
        if (host == null || scheme == null) {
            return Optional.empty();
        }
        return normalize(scheme + "://" + host);
    }

    /** A proxy chain appends to these headers; the first value is what the browser sent. */
    private static String firstToken(HandshakeRequest request, String name) {
        List<String> tokens = request.tokens(name);
        return tokens.isEmpty() ? null : tokens.get(0);
    }

    /**
     * RFC 6454 §6.1 serialization: lower-case scheme and host, the port only when it is not the
     * scheme's default, no path. Empty when {@code origin} is not of that shape.
     */
    static Optional<String> normalize(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
            return Optional.empty();
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        int defaultPort = switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
        String authority = host.toLowerCase(Locale.ROOT) + (port == -1 || port == defaultPort ? "" : ":" + port);
        return Optional.of(scheme + "://" + authority);
    }

    private static Optional<HandshakeResult.Reject> refuse(String reason) {
        return Optional.of(new HandshakeResult.Reject(FORBIDDEN, reason));
    }
}
