package dev.chatsocket.identity;

import static dev.chatsocket.identity.TestTokens.CLOCK;
import static dev.chatsocket.identity.TestTokens.NOW;
import static dev.chatsocket.identity.TestTokens.claims;
import static dev.chatsocket.identity.TestTokens.hs256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/** The order identity is decided in: container user, token, session, guest. */
class IdentityResolverTest {
    private static final SessionKey KEY = SessionKey.fromSecret("resolver test session secret, 32+ bytes");
    private static final SessionTokens SESSIONS = new SessionTokens(KEY, Duration.ofHours(24), CLOCK);
    private static final Predicate<String> NO_ROLES = role -> false;

    private static IdentityResolver resolver(boolean guests) {
        return new IdentityResolver(Optional.of(TestTokens.hsVerifier()), SESSIONS, new GuestIds(new SecureRandom()), guests);
    }

    private static IdentityResolver.Credentials credentials(String principal, String token, String session) {
        return new IdentityResolver.Credentials(Optional.ofNullable(principal), "chat-moderator"::equals,
                Optional.ofNullable(token), Optional.ofNullable(session));
    }

    @Test
    void theContainersUserComesFirstWithItsRoles() throws Exception {
        IdentityResolver.Resolved resolved = resolver(true).resolve(credentials("carol", hs256(claims().build()), null));
        assertEquals("carol", resolved.identity().uid());
        assertEquals(Identity.Source.CONTAINER, resolved.identity().source());
        assertEquals(Set.of(Role.MODERATOR), resolved.identity().roles());
        assertTrue(resolved.identity().verified());
    }

    @Test
    void aTokenComesBeforeASession() throws Exception {
        String bobsSession = SESSIONS.issue(Identity.container("bob", Set.of()));
        IdentityResolver.Resolved resolved = resolver(true).resolve(credentials(null, hs256(claims().build()), bobsSession));
        assertEquals("alice", resolved.identity().uid());
        assertEquals(Identity.Source.TOKEN, resolved.identity().source());
    }

    @Test
    void aBadTokenIsRefusedNotTurnedIntoAGuest() {
        String expired = hs256(claims().expirationTime(java.util.Date.from(NOW.minusSeconds(3600))).build());
        IdentityRefused refused = assertThrows(IdentityRefused.class,
                () -> resolver(true).resolve(credentials(null, expired, null)));
        assertEquals("token expired", refused.reason());
    }

    @Test
    void tokensAreRefusedWhenNoKeyIsConfigured() {
        IdentityResolver noTokens = new IdentityResolver(Optional.empty(), SESSIONS, new GuestIds(new SecureRandom()), true);
        assertEquals("tokens are not accepted here", assertThrows(IdentityRefused.class,
                () -> noTokens.resolve(credentials(null, hs256(claims().build()), null))).reason());
    }

    @Test
    void aSessionRestoresAGuestAndEveryoneGetsAFreshSession() throws Exception {
        IdentityResolver.Resolved first = resolver(true).resolve(credentials(null, null, null));
        assertEquals(Identity.Source.GUEST, first.identity().source());
        IdentityResolver.Resolved again = resolver(true).resolve(credentials(null, null, first.session()));
        assertEquals(first.identity().uid(), again.identity().uid());
        assertEquals(Identity.Source.SESSION, again.identity().source());
        assertFalse(again.sessionRenewed());
        Identity fromFresh = assertInstanceOf(SessionCheck.Restored.class, SESSIONS.open(again.session())).identity();
        assertEquals(first.identity().uid(), fromFresh.uid());
    }

    @Test
    void anExpiredSessionGivesANewIdentityMarkedRenewed() throws Exception {
        String old = new SessionTokens(KEY, Duration.ofHours(1), Clock.fixed(NOW.minus(Duration.ofHours(2)), ZoneOffset.UTC))
                .issue(new GuestIds(new SecureRandom()).next());
        IdentityResolver.Resolved resolved = resolver(true).resolve(credentials(null, null, old));
        assertTrue(resolved.sessionRenewed());
        assertEquals(Identity.Source.GUEST, resolved.identity().source());
    }

    @Test
    void aForgedSessionIsRefused() {
        String forged = new SessionTokens(SessionKey.fromSecret("somebody else's secret, 32 bytes or more"),
                Duration.ofHours(1), CLOCK).issue(Identity.container("root", Set.of(Role.ADMIN)));
        assertEquals("session is not valid", assertThrows(IdentityRefused.class,
                () -> resolver(true).resolve(credentials(null, null, forged))).reason());
    }

    @Test
    void withoutGuestsOnlyVerifiedPeopleGetIn() throws Exception {
        String guestSession = SESSIONS.issue(new GuestIds(new SecureRandom()).next());
        for (IdentityResolver.Credentials c : new IdentityResolver.Credentials[] {
                credentials(null, null, null), credentials(null, null, guestSession)}) {
            IdentityRefused refused = assertThrows(IdentityRefused.class, () -> resolver(false).resolve(c));
            assertTrue(refused.reason().startsWith("guests are not allowed here"));
        }
        assertEquals("alice", resolver(false).resolve(credentials(null, hs256(claims().build()), null)).identity().uid());
        assertEquals("carol", resolver(false).resolve(credentials("carol", null, null)).identity().uid());
    }

    @Test
    void aLoginNameThatCannotBeAUidIsRefused() {
        for (String principal : new String[] {GuestIds.PREFIX + "x", "two words", "x".repeat(Names.MAX_UID_LENGTH + 1)}) {
            assertThrows(IdentityRefused.class, () -> resolver(true).resolve(credentials(principal, null, null)));
        }
    }

    @Test
    void noRolesWhenTheContainerGrantsNone() throws Exception {
        IdentityResolver.Credentials plain = new IdentityResolver.Credentials(Optional.of("dave"), NO_ROLES,
                Optional.empty(), Optional.empty());
        assertEquals(Set.of(), resolver(true).resolve(plain).identity().roles());
    }
}
