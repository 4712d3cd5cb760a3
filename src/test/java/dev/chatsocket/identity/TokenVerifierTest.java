package dev.chatsocket.identity;

import static dev.chatsocket.identity.TestTokens.CLOCK;
import static dev.chatsocket.identity.TestTokens.NOW;
import static dev.chatsocket.identity.TestTokens.claims;
import static dev.chatsocket.identity.TestTokens.hs256;
import static dev.chatsocket.identity.TestTokens.hsVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

/** One test per rule a signed token must pass, each attacking it the way a forger would. */
class TokenVerifierTest {

    private static String refusal(TokenVerifier verifier, String token) {
        return assertThrows(IdentityRefused.class, () -> verifier.verify(token)).reason();
    }

    @Test
    void aValidTokenMakesAVerifiedIdentityFromItsClaims() throws Exception {
        Identity who = hsVerifier().verify(hs256(claims().claim("name", "Alice A.")
                .claim("roles", List.of("moderator")).claim("rooms", List.of("support-*", "lobby")).build()));
        assertEquals("alice", who.uid());
        assertEquals("Alice A.", who.name());
        assertTrue(who.verified());
        assertEquals(Set.of(Role.MODERATOR), who.roles());
        assertEquals(List.of("support-*", "lobby"), who.rooms().entries());
        assertEquals(Identity.Source.TOKEN, who.source());
        assertEquals(Optional.of(NOW.plusSeconds(3600)), who.expiresAt());
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String forged = hs256(claims().build(), "another secret of at least thirty-two bytes!".getBytes(StandardCharsets.UTF_8));
        assertEquals("token signature is not valid", refusal(hsVerifier(), forged));
    }

    @Test
    void anAlteredPayloadIsRefused() {
        String[] parts = hs256(claims().build()).split("\\.");
        String altered = parts[0] + "." + TestTokens.b64("{\"sub\":\"admin\",\"exp\":1893459600,\"roles\":[\"admin\"]}")
                + "." + parts[2];
        assertEquals("token signature is not valid", refusal(hsVerifier(), altered));
    }

    @Test
    void anUnsignedTokenWithAlgNoneIsRefused() {
        String payload = "{\"sub\":\"alice\",\"exp\":" + NOW.plusSeconds(3600).getEpochSecond() + "}";
        assertEquals("token algorithm not accepted",
                refusal(hsVerifier(), TestTokens.handMade("{\"alg\":\"none\"}", payload, "")));
        // The same with a signature part tacked on: still nothing signed it.
        String withSignature = TestTokens.handMade("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload, "c2ln");
        assertThrows(IdentityRefused.class, () -> hsVerifier().verify(withSignature));
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefusedWhenRs256IsConfigured() throws Exception {
        // The algorithm-confusion attack: the public key is public, so a forger uses its PEM text
        // (or its DER bytes) as an HMAC secret and hopes the verifier picks HS256 from the header.
        String pem = TestTokens.pem(TestTokens.RSA);
        TokenVerifier verifier = TestTokens.verifier(TokenKeys.PublicKeys.parse(pem));
        JWTClaimsSet admin = claims().subject("mallory").claim("roles", List.of("admin")).build();
        for (byte[] secret : List.of(pem.getBytes(StandardCharsets.US_ASCII), TestTokens.RSA.getPublic().getEncoded())) {
            assertEquals("token algorithm not accepted", refusal(verifier, hs256(admin, secret)));
        }
        assertEquals(Set.of(TokenKeys.Algorithm.RS256), verifier.algorithms());
    }

    @Test
    void anAlgorithmOtherThanTheConfiguredOneIsRefused() throws Exception {
        String hs512 = TestTokens.sign(new JWSHeader(JWSAlgorithm.HS512), claims().build(),
                new MACSigner((TestTokens.SECRET + TestTokens.SECRET).getBytes(StandardCharsets.UTF_8)));
        assertEquals("token algorithm not accepted", refusal(hsVerifier(), hs512));
        assertEquals("token algorithm not accepted",
                refusal(hsVerifier(), TestTokens.rs256(claims().build(), TestTokens.RSA)));
    }

    @Test
    void aTokenSignedWithAnotherPrivateKeyIsRefused() {
        TokenVerifier rsa = TestTokens.verifier(TokenKeys.PublicKeys.parse(TestTokens.pem(TestTokens.RSA)));
        assertEquals("token signature is not valid", refusal(rsa, TestTokens.rs256(claims().build(), TestTokens.OTHER_RSA)));
        TokenVerifier ec = TestTokens.verifier(TokenKeys.PublicKeys.parse(TestTokens.pem(TestTokens.EC)));
        assertEquals("token signature is not valid", refusal(ec, TestTokens.es256(claims().build(), TestTokens.OTHER_EC)));
    }

    @Test
    void rs256AndEs256FromPemKeys() throws Exception {
        TokenVerifier rsa = TestTokens.verifier(TokenKeys.PublicKeys.parse(TestTokens.pem(TestTokens.RSA)));
        assertEquals("alice", rsa.verify(TestTokens.rs256(claims().build(), TestTokens.RSA)).uid());
        TokenVerifier ec = TestTokens.verifier(TokenKeys.PublicKeys.parse(TestTokens.pem(TestTokens.EC)));
        assertEquals("alice", ec.verify(TestTokens.es256(claims().build(), TestTokens.EC)).uid());
        assertEquals(Set.of(TokenKeys.Algorithm.ES256), ec.algorithms());
    }

    @Test
    void anExpiredTokenIsRefusedAfterTheLeeway() throws Exception {
        long leeway = TokenVerifier.CLOCK_SKEW.toSeconds();
        String justInside = hs256(claims().expirationTime(Date.from(NOW.minusSeconds(leeway - 1))).build());
        assertEquals("alice", hsVerifier().verify(justInside).uid());
        String expired = hs256(claims().expirationTime(Date.from(NOW.minusSeconds(leeway))).build());
        assertEquals("token expired", refusal(hsVerifier(), expired));
    }

    @Test
    void aTokenBeforeItsNbfIsRefusedBeyondTheLeeway() throws Exception {
        long leeway = TokenVerifier.CLOCK_SKEW.toSeconds();
        String early = hs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(leeway + 1))).build());
        assertEquals("token not yet valid", refusal(hsVerifier(), early));
        String withinLeeway = hs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(leeway))).build());
        assertEquals("alice", hsVerifier().verify(withinLeeway).uid());
    }

    @Test
    void subAndExpAreRequired() {
        assertEquals("token has no sub", refusal(hsVerifier(), hs256(claims().subject(null).build())));
        assertEquals("token has no exp", refusal(hsVerifier(), hs256(claims().expirationTime(null).build())));
    }

    @Test
    void theSubMustBeABoundedPrintableUidOutsideTheGuestSpace() {
        for (String sub : List.of("a".repeat(Names.MAX_UID_LENGTH + 1), "al ice", "al\u0000ice", "\u202Eecila",
                GuestIds.PREFIX + "AAAAAAAAAAAAAAAAAAAAAA")) {
            assertTrue(refusal(hsVerifier(), hs256(claims().subject(sub).build())).startsWith("token sub is not valid"), sub);
        }
    }

    @Test
    void theNameMustBeABoundedPrintableName() throws Exception {
        for (Object name : List.of("x".repeat(Names.MAX_NAME_LENGTH + 1), "Al\nice", "Bob\u200F", "", 7)) {
            assertTrue(refusal(hsVerifier(), hs256(claims().claim("name", name).build())).startsWith("token name is not valid"));
        }
        assertEquals("x".repeat(Names.MAX_NAME_LENGTH),
                hsVerifier().verify(hs256(claims().claim("name", "x".repeat(Names.MAX_NAME_LENGTH)).build())).name());
        // No name: the uid, cut to a name's length.
        String longUid = "someone.with.a.long.address@example.org";
        assertEquals(longUid.substring(0, Names.MAX_NAME_LENGTH),
                hsVerifier().verify(hs256(claims().subject(longUid).build())).name());
    }

    @Test
    void issuerIsCheckedWhenConfigured() throws Exception {
        TokenVerifier verifier = new TokenVerifier(new TokenSettings(TokenKeys.SharedSecret.of(TestTokens.SECRET),
                Optional.of("https://id.example.org"), Optional.empty()), CLOCK);
        assertEquals("alice", verifier.verify(hs256(claims().issuer("https://id.example.org").build())).uid());
        assertEquals("token issuer not accepted", refusal(verifier, hs256(claims().issuer("https://evil.example").build())));
        assertEquals("token issuer not accepted", refusal(verifier, hs256(claims().build())));
        // Not configured: any issuer.
        assertEquals("alice", hsVerifier().verify(hs256(claims().issuer("https://anyone.example").build())).uid());
    }

    @Test
    void audienceIsCheckedWhenConfigured() throws Exception {
        TokenVerifier verifier = new TokenVerifier(new TokenSettings(TokenKeys.SharedSecret.of(TestTokens.SECRET),
                Optional.empty(), Optional.of("chatsocket")), CLOCK);
        assertEquals("alice", verifier.verify(hs256(claims().audience("chatsocket").build())).uid());
        assertEquals("alice", verifier.verify(hs256(claims().audience(List.of("billing", "chatsocket")).build())).uid());
        assertEquals("token audience not accepted", refusal(verifier, hs256(claims().audience("billing").build())));
        assertEquals("token audience not accepted", refusal(verifier, hs256(claims().build())));
    }

    @Test
    void rolesAreAnArrayOfStringsAndUnknownOnesAreIgnored() throws Exception {
        Identity who = hsVerifier().verify(hs256(claims()
                .claim("roles", List.of("admin", "moderator", "superuser", "Admin")).build()));
        assertEquals(Set.of(Role.ADMIN, Role.MODERATOR), who.roles());
        assertEquals(Set.of(), hsVerifier().verify(hs256(claims().claim("roles", List.of()).build())).roles());
        assertTrue(refusal(hsVerifier(), hs256(claims().claim("roles", "admin").build()))
                .startsWith("token roles claim is not valid"));
        assertTrue(refusal(hsVerifier(), hs256(claims().claim("roles", List.of("admin", 1)).build()))
                .startsWith("token roles claim is not valid"));
    }

    @Test
    void roomsAreNamesOrPrefixPatternsOrDirectAddresses() throws Exception {
        Identity who = hsVerifier().verify(hs256(claims().claim("rooms", List.of("lobby", "team-*", "@bob")).build()));
        assertTrue(who.rooms().restricted());
        assertTrue(who.rooms().allows("lobby"));
        assertTrue(who.rooms().allows("team-"));
        assertTrue(who.rooms().allows("team-red"));
        assertTrue(who.rooms().allows("@bob"));
        assertFalse(who.rooms().allows("lobby2"));
        assertFalse(who.rooms().allows("teams"));
        assertFalse(who.rooms().allows("@bobby"));
        assertFalse(hsVerifier().verify(hs256(claims().build())).rooms().restricted());
        for (Object bad : List.of("lobby", List.of("a room"), List.of("x".repeat(65)), List.of("te*am"), List.of(3),
                java.util.Collections.nCopies(RoomGrants.MAX_PATTERNS + 1, "lobby"))) {
            String reason = refusal(hsVerifier(), hs256(claims().claim("rooms", bad).build()));
            assertTrue(reason.startsWith("token rooms claim is not valid"), reason);
            assertFalse(reason.contains("\n"));
        }
    }

    @Test
    void anotherTypeThanJwtIsRefused() throws Exception {
        String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
                claims().build(), new MACSigner(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)));
        assertEquals("token type not accepted", refusal(hsVerifier(), token));
        String typed = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims().build(), new MACSigner(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)));
        assertEquals("alice", hsVerifier().verify(typed).uid());
    }

    @Test
    void malformedAndOversizedTokensAreRefusedBeforeAnyParsing() {
        assertEquals("token is not a valid JWT", refusal(hsVerifier(), "not.a.jwt"));
        assertEquals("token is not a valid JWT", refusal(hsVerifier(), "garbage"));
        assertEquals("token is empty", refusal(hsVerifier(), ""));
        assertEquals("token is too long", refusal(hsVerifier(), "a".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1)));
    }

    @Test
    void theReasonsNameNoKeyMaterial() {
        String reason = refusal(hsVerifier(), hs256(claims().build(), "x".repeat(40).getBytes(StandardCharsets.UTF_8)));
        assertFalse(reason.contains(TestTokens.SECRET));
        assertFalse(reason.contains("x".repeat(40)));
    }
}
