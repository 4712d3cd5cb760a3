package dev.chatsocket.identity;

import static dev.chatsocket.identity.TestTokens.CLOCK;
import static dev.chatsocket.identity.TestTokens.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SessionTokensTest {
    private static final Duration TTL = Duration.ofHours(24);
    private static final SessionKey KEY = SessionKey.fromSecret("a session secret of more than 32 bytes");
    private static final Identity BOB = new Identity("bob", "Bob", true, Set.of(Role.MODERATOR),
            RoomGrants.only(List.of("team-*", "@*")), Identity.Source.TOKEN, Optional.of(NOW.plus(Duration.ofHours(2))));

    private static SessionTokens at(Instant now) {
        return new SessionTokens(KEY, TTL, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String refusal(SessionTokens sessions, String token) {
        return assertThrows(IdentityRefused.class, () -> sessions.open(token)).reason();
    }

    @Test
    void aSessionRestoresTheSamePerson() throws Exception {
        String token = at(NOW).issue(BOB);
        Identity restored = assertInstanceOf(SessionCheck.Restored.class, at(NOW.plusSeconds(60)).open(token)).identity();
        assertEquals(new Identity("bob", "Bob", true, Set.of(Role.MODERATOR), BOB.rooms(), Identity.Source.SESSION,
                BOB.expiresAt()), restored);
        assertTrue(token.startsWith("s1."));
        assertTrue(token.matches("[A-Za-z0-9_.-]+"), "URL-safe as it stands: " + token);
    }

    @Test
    void aGuestKeepsItsUidAndName() throws Exception {
        Identity guest = new GuestIds(new SecureRandom()).next();
        Identity restored = assertInstanceOf(SessionCheck.Restored.class, at(NOW).open(at(NOW).issue(guest))).identity();
        assertEquals(guest.uid(), restored.uid());
        assertEquals(guest.name(), restored.name());
        assertEquals(false, restored.verified());
        assertEquals(Identity.Source.SESSION, restored.source());
    }

    @Test
    void aSessionSignedWithAnotherKeyIsRefused() {
        String forged = new SessionTokens(SessionKey.fromSecret("another secret, also more than 32 bytes"), TTL, CLOCK)
                .issue(BOB);
        assertEquals("session is not valid", refusal(at(NOW), forged));
    }

    @Test
    void anAlteredSessionIsRefused() {
        String[] parts = at(NOW).issue(Identity.guest(GuestIds.PREFIX + "x", "guest-x")).split("\\.");
        String admin = "{\"uid\":\"mallory\",\"name\":\"m\",\"verified\":true,\"roles\":[\"admin\"],\"iat\":0,\"exp\":"
                + NOW.plusSeconds(3600).getEpochSecond() + "}";
        assertEquals("session is not valid", refusal(at(NOW), parts[0] + "." + TestTokens.b64(admin) + "." + parts[2]));
        byte[] mac = Base64.getUrlDecoder().decode(parts[2]);
        mac[0] ^= 1;
        String flipped = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        assertEquals("session is not valid", refusal(at(NOW), flipped));
        assertEquals("session is not valid", refusal(at(NOW), parts[0] + "." + parts[1]));
        assertEquals("session is not valid", refusal(at(NOW), "s2." + parts[1] + "." + parts[2]));
        assertEquals("session is not valid", refusal(at(NOW), "s1.!!!." + parts[2]));
        assertEquals("session is not valid", refusal(at(NOW), "x".repeat(SessionTokens.MAX_TOKEN_LENGTH + 1)));
    }

    @Test
    void anExpiredSessionIsReportedAsExpiredEveryTimeItIsReplayed() throws Exception {
        String token = at(NOW).issue(Identity.guest(GuestIds.PREFIX + "y", "guest-y"));
        assertInstanceOf(SessionCheck.Restored.class, at(NOW.plus(TTL).minusSeconds(1)).open(token));
        assertInstanceOf(SessionCheck.Expired.class, at(NOW.plus(TTL)).open(token));
        assertInstanceOf(SessionCheck.Expired.class, at(NOW.plus(TTL).plusSeconds(3600)).open(token));
    }

    @Test
    void aSessionMadeFromATokenEndsWithTheToken() throws Exception {
        String token = at(NOW).issue(BOB);
        Instant tokenExpiry = BOB.expiresAt().orElseThrow();
        assertInstanceOf(SessionCheck.Restored.class, at(tokenExpiry.minusSeconds(1)).open(token));
        assertInstanceOf(SessionCheck.Expired.class, at(tokenExpiry).open(token));
    }

    @Test
    void nodesSharingTheSecretReadEachOthersSessions() throws Exception {
        String secret = "the cluster's session secret, 32 bytes or more";
        String token = new SessionTokens(SessionKey.fromSecret(secret), TTL, CLOCK).issue(BOB);
        SessionTokens otherNode = new SessionTokens(SessionKey.fromSecret(secret), TTL, CLOCK);
        assertEquals("bob", assertInstanceOf(SessionCheck.Restored.class, otherNode.open(token)).identity().uid());
    }

    @Test
    void aSessionSecretNeeds256Bits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionKey.fromSecret("short"));
        assertTrue(e.getMessage().contains("256 bits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SessionKey.of(new byte[31]));
    }
}
