package dev.chatsocket.ws.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The origin policy as a pure function: request headers and scheme in, 403 or nothing out. */
class OriginPolicyTest {
    private static final OriginPolicy SAME_ORIGIN_ONLY = OriginPolicy.of(List.of(), true, false);

    private static HandshakeRequest request(String host, String... originHeaders) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (host != null) {
            headers.put("Host", List.of(host));
        }
        if (originHeaders.length > 0) {
            headers.put("Origin", List.of(originHeaders));
        }
        return new HandshakeRequest("GET", "HTTP/1.1", headers);
    }

    private static void assertAllowed(Optional<HandshakeResult.Reject> result) {
        assertTrue(result.isEmpty(), () -> "refused: " + result.get().reason());
    }

    private static HandshakeResult.Reject assertForbidden(Optional<HandshakeResult.Reject> result) {
        assertTrue(result.isPresent(), "expected a refusal");
        assertEquals(403, result.get().status());
        return result.get();
    }

    @ParameterizedTest(name = "Host {0} ({1}) admits Origin {2}")
    @CsvSource({
            "localhost:8080, http, http://localhost:8080",
            "LocalHost:8080, http, http://localhost:8080",
            "chat.example.com, https, https://chat.example.com",
            "chat.example.com:443, https, https://chat.example.com",
            "chat.example.com, http, http://chat.example.com:80",
            "[::1]:8080, http, http://[::1]:8080",
    })
    void thePagesOwnOriginIsAdmitted(String host, String scheme, String origin) {
        assertAllowed(SAME_ORIGIN_ONLY.check(request(host, origin), scheme));
    }

    @ParameterizedTest(name = "Host {0} ({1}) refuses Origin {2}")
    @CsvSource({
            "localhost:8080, http, http://evil.example",
            "localhost:8080, http, http://localhost:8081",
            "localhost:8080, http, https://localhost:8080",
            "chat.example.com, https, http://chat.example.com",
            "chat.example.com, https, https://chat.example.com.evil.example",
            "chat.example.com, https, null",
    })
    void anyOtherOriginIsRefusedWith403(String host, String scheme, String origin) {
        HandshakeResult.Reject reject = assertForbidden(SAME_ORIGIN_ONLY.check(request(host, origin), scheme));
        assertTrue(reject.reason().contains("origin") || reject.reason().contains("Origin"), reject.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/", "http://localhost:8080/page", "localhost:8080",
            "http://user@localhost:8080", "http://local host", ""})
    void malformedOriginsAreRefused(String origin) {
        assertForbidden(SAME_ORIGIN_ONLY.check(request("localhost:8080", origin), "http"));
    }

    @Test
    void twoOriginHeadersAreRefused() {
        assertForbidden(SAME_ORIGIN_ONLY.check(
                request("localhost:8080", "http://localhost:8080", "http://evil.example"), "http"));
    }

    @Test
    void withoutHostNoOriginIsTheOwnOne() {
        assertForbidden(SAME_ORIGIN_ONLY.check(request(null, "http://localhost:8080"), "http"));
    }

    @Test
    void aMissingOriginIsAdmittedByDefaultAndRefusedWhenConfigured() {
        assertAllowed(SAME_ORIGIN_ONLY.check(request("localhost:8080"), "http"));
        OriginPolicy strict = OriginPolicy.of(List.of(), false, false);
        assertEquals("a WebSocket handshake without Origin is not accepted here",
                assertForbidden(strict.check(request("localhost:8080"), "http")).reason());
    }

    @Test
    void theAllowListWidensTheDefaultWithoutReplacingIt() {
        OriginPolicy policy = OriginPolicy.of(List.of(" https://App.Example.com ", "http://localhost:3000"), true, false);
        assertAllowed(policy.check(request("api.example.com", "https://app.example.com"), "https"));
        assertAllowed(policy.check(request("api.example.com", "https://app.example.com:443"), "https"));
        assertAllowed(policy.check(request("api.example.com", "http://localhost:3000"), "https"));
        assertAllowed(policy.check(request("api.example.com", "https://api.example.com"), "https"));
        assertForbidden(policy.check(request("api.example.com", "https://other.example.com"), "https"));
        assertForbidden(policy.check(request("api.example.com", "http://app.example.com"), "https"));
    }

    @Test
    void aStarAdmitsEveryOrigin() {
        OriginPolicy any = OriginPolicy.of(List.of("*"), true, false);
        assertAllowed(any.check(request("localhost:8080", "http://evil.example"), "http"));
        assertAllowed(any.check(request("localhost:8080", "null"), "http"));
    }

    @Test
    void theOpaqueOriginNeedsToBeListedLiterally() {
        OriginPolicy policy = OriginPolicy.of(List.of("null"), true, false);
        assertAllowed(policy.check(request("localhost:8080", "null"), "http"));
    }

    @Test
    void forwardedHeadersCountOnlyWhenTrusted() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("10.0.0.5:8080"));
        headers.put("Origin", List.of("https://chat.example.com"));
        headers.put("X-Forwarded-Proto", List.of("https"));
        headers.put("X-Forwarded-Host", List.of("chat.example.com, 10.0.0.1"));
        HandshakeRequest behindProxy = new HandshakeRequest("GET", "HTTP/1.1", headers);

        assertForbidden(SAME_ORIGIN_ONLY.check(behindProxy, "http"));
        assertAllowed(OriginPolicy.of(List.of(), true, true).check(behindProxy, "http"));
    }

    @Test
    void aBadAllowListEntryIsRejectedAtStartup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OriginPolicy.of(new ArrayList<>(List.of("chat.example.com")), true, false));
        assertTrue(e.getMessage().contains("chat.example.com"));
    }
}
