package dev.chatsocket.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import dev.chatsocket.identity.IdentitySettings;
import dev.chatsocket.identity.PeopleSettings;
import dev.chatsocket.identity.TokenKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static IdentitySettings read(Map<String, String> environment) {
        return IdentityConfig.read(new Settings(environment, new Properties()));
    }

    private static String failure(Map<String, String> environment) {
        return assertThrows(IllegalArgumentException.class, () -> read(environment)).getMessage();
    }

    @Test
    void defaults() {
        IdentitySettings settings = read(Map.of());
        assertEquals(Optional.empty(), settings.tokens());
        assertTrue(settings.guests());
        assertEquals(Duration.ofHours(24), settings.sessions().ttl());
        assertEquals(Optional.empty(), settings.sessions().secret());
        assertEquals(Path.of(System.getProperty("user.home"), ".chatsocket"), settings.sessions().dataDirectory());
        assertTrue(settings.rooms().privateRooms().isEmpty());
        assertFalse(settings.rooms().guestDirectMessages());
        assertEquals(PeopleSettings.DEFAULTS, settings.people());
    }

    @Test
    void everySettingIsRead(@TempDir Path dir) {
        IdentitySettings settings = read(Map.ofEntries(
                Map.entry("CHATSOCKET_TOKEN_SECRET", SECRET),
                Map.entry("CHATSOCKET_TOKEN_ISSUER", "https://id.example.org"),
                Map.entry("CHATSOCKET_TOKEN_AUDIENCE", "chatsocket"),
                Map.entry("CHATSOCKET_GUESTS", "false"),
                Map.entry("CHATSOCKET_SESSION_TTL", "2h"),
                Map.entry("CHATSOCKET_SESSION_SECRET", SECRET + "-sessions"),
                Map.entry("CHATSOCKET_DATA_DIR", dir.toString()),
                Map.entry("CHATSOCKET_PRIVATE_ROOMS", " ops, team-* ,"),
                Map.entry("CHATSOCKET_GUEST_DIRECT_MESSAGES", "true"),
                Map.entry("CHATSOCKET_PRESENCE_GRACE", "0"),
                Map.entry("CHATSOCKET_DEDUPE_WINDOW", "1m"),
                Map.entry("CHATSOCKET_DEDUPE_MAX_PER_USER", "50"),
                Map.entry("CHATSOCKET_MAX_CONNECTIONS_PER_USER", "3"),
                Map.entry("CHATSOCKET_USER_RATE_MESSAGES", "4"),
                Map.entry("CHATSOCKET_USER_RATE_MESSAGE_BURST", "8"),
                Map.entry("CHATSOCKET_MAX_IDLE_USER_BUCKETS", "100")));
        assertEquals(TokenKeys.SharedSecret.of(SECRET), settings.tokens().orElseThrow().keys());
        assertEquals(Optional.of("https://id.example.org"), settings.tokens().orElseThrow().issuer());
        assertEquals(Optional.of("chatsocket"), settings.tokens().orElseThrow().audience());
        assertFalse(settings.guests());
        assertEquals(Duration.ofHours(2), settings.sessions().ttl());
        assertEquals(Optional.of(SECRET + "-sessions"), settings.sessions().secret());
        assertEquals(dir, settings.sessions().dataDirectory());
        assertEquals("[ops, team-*]", settings.rooms().privateRooms().toString());
        assertTrue(settings.rooms().guestDirectMessages());
        assertEquals(new PeopleSettings(Duration.ZERO, Duration.ofMinutes(1), 50, 3, 4, 8, 100), settings.people());
    }

    @Test
    void aBadValueNamesItsSetting() {
        assertTrue(failure(Map.of("CHATSOCKET_SESSION_TTL", "abc")).startsWith("CHATSOCKET_SESSION_TTL=abc is not valid: "));
        assertTrue(failure(Map.of("CHATSOCKET_SESSION_TTL", "0")).startsWith("CHATSOCKET_SESSION_TTL=0 is not valid: "));
        assertTrue(failure(Map.of("CHATSOCKET_GUESTS", "maybe")).startsWith("CHATSOCKET_GUESTS=maybe is not valid"));
        assertTrue(failure(Map.of("CHATSOCKET_PRIVATE_ROOMS", "ops, a room")).startsWith("CHATSOCKET_PRIVATE_ROOMS="));
        assertTrue(failure(Map.of("CHATSOCKET_MAX_CONNECTIONS_PER_USER", "0"))
                .startsWith("CHATSOCKET_MAX_CONNECTIONS_PER_USER=0 is not valid"));
        assertTrue(failure(Map.of("CHATSOCKET_DEDUPE_WINDOW", "0")).startsWith("CHATSOCKET_DEDUPE_WINDOW=0 is not valid"));
        assertTrue(failure(Map.of("CHATSOCKET_MAX_IDLE_USER_BUCKETS", "0"))
                .startsWith("CHATSOCKET_MAX_IDLE_USER_BUCKETS=0 is not valid"));
        assertTrue(failure(Map.of("CHATSOCKET_USER_RATE_MESSAGES", "-1"))
                .startsWith("CHATSOCKET_USER_RATE_MESSAGES=-1 is not valid"));
    }

    @Test
    void aShortSecretStopsTheDeploymentWithoutShowingTheSecret() {
        String tokenSecret = failure(Map.of("CHATSOCKET_TOKEN_SECRET", "short-secret"));
        assertTrue(tokenSecret.startsWith("CHATSOCKET_TOKEN_SECRET=(hidden) is not valid: "), tokenSecret);
        assertTrue(tokenSecret.contains("256 bits"), tokenSecret);
        assertFalse(tokenSecret.contains("short-secret"));
        String sessionSecret = failure(Map.of("CHATSOCKET_SESSION_SECRET", "tiny"));
        assertTrue(sessionSecret.startsWith("CHATSOCKET_SESSION_SECRET=(hidden) is not valid: "), sessionSecret);
        assertFalse(sessionSecret.contains("tiny"));
    }

    @Test
    void aPublicKeyFileIsReadAndAnUnreadableOneStopsTheDeployment(@TempDir Path dir) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path pem = dir.resolve("issuer.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        IdentitySettings settings = read(Map.of("CHATSOCKET_TOKEN_PUBLIC_KEY", pem.toString()));
        assertEquals(Set.of(TokenKeys.Algorithm.RS256), settings.tokens().orElseThrow().keys().algorithms());

        Path missing = dir.resolve("missing.pem");
        String unreadable = failure(Map.of("CHATSOCKET_TOKEN_PUBLIC_KEY", missing.toString()));
        assertTrue(unreadable.startsWith("CHATSOCKET_TOKEN_PUBLIC_KEY=" + missing + " is not valid: cannot read"), unreadable);
        Files.writeString(dir.resolve("junk.pem"), "junk");
        assertTrue(failure(Map.of("CHATSOCKET_TOKEN_PUBLIC_KEY", dir.resolve("junk.pem").toString()))
                .startsWith("CHATSOCKET_TOKEN_PUBLIC_KEY="));
    }

    @Test
    void aSecretAndAPublicKeyTogetherAreRefused(@TempDir Path dir) {
        String both = failure(Map.of("CHATSOCKET_TOKEN_SECRET", SECRET,
                "CHATSOCKET_TOKEN_PUBLIC_KEY", dir.resolve("k.pem").toString()));
        assertTrue(both.contains("both set"), both);
    }

    @Test
    void anIssuerWithoutAKeyIsAMistake() {
        assertTrue(failure(Map.of("CHATSOCKET_TOKEN_ISSUER", "https://id.example.org")).contains("no key"));
    }
}
