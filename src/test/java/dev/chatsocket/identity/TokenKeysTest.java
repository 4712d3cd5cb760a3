package dev.chatsocket.identity;

import static dev.chatsocket.identity.TestTokens.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which keys verify tokens, read from a PEM or JWKS file's text, and the algorithms they allow. */
class TokenKeysTest {

    private static String jwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toString(false);
    }

    private static RSAKey rsa(String kid) {
        return new RSAKey.Builder((RSAPublicKey) TestTokens.RSA.getPublic()).keyID(kid).build();
    }

    private static ECKey ec(String kid) {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) TestTokens.EC.getPublic()).keyID(kid).build();
    }

    @Test
    void aSharedSecretAcceptsHs256OnlyAndNeeds256Bits() {
        assertEquals(Set.of(TokenKeys.Algorithm.HS256), TokenKeys.SharedSecret.of(TestTokens.SECRET).algorithms());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenKeys.SharedSecret.of("x".repeat(31)));
        assertTrue(e.getMessage().contains("256 bits"), e.getMessage());
        assertFalse(TokenKeys.SharedSecret.of(TestTokens.SECRET).toString().contains(TestTokens.SECRET));
    }

    @Test
    void rs256AndEs256FromAJwksFileChoosingTheKeyByKid() throws Exception {
        TokenVerifier verifier = TestTokens.verifier(TokenKeys.PublicKeys.parse(jwks(rsa("r1"), ec("e1"))));
        assertEquals(Set.of(TokenKeys.Algorithm.RS256, TokenKeys.Algorithm.ES256), verifier.algorithms());
        assertEquals("alice", verifier.verify(TestTokens.rs256(claims().build(), TestTokens.RSA, "r1")).uid());
        assertEquals("alice", verifier.verify(TestTokens.es256(claims().build(), TestTokens.EC)).uid());
        // A kid the set does not hold: no key, so no valid signature.
        IdentityRefused unknownKid = assertThrows(IdentityRefused.class,
                () -> verifier.verify(TestTokens.rs256(claims().build(), TestTokens.RSA, "r2")));
        assertEquals("token signature is not valid", unknownKid.reason());
    }

    @Test
    void privatePartsAndSymmetricKeysInAJwksAreDropped() throws Exception {
        byte[] secret = TestTokens.SECRET.getBytes(StandardCharsets.UTF_8);
        RSAKey withPrivate = new RSAKey.Builder((RSAPublicKey) TestTokens.RSA.getPublic())
                .privateKey(TestTokens.RSA.getPrivate()).build();
        TokenKeys.PublicKeys keys = TokenKeys.PublicKeys.parse(jwks(withPrivate, new OctetSequenceKey.Builder(secret).build()));
        assertEquals(1, keys.keys().getKeys().size());
        assertFalse(keys.keys().getKeys().get(0).isPrivate());
        // The oct key accepts nothing: an HS256 token signed with it is refused.
        IdentityRefused refused = assertThrows(IdentityRefused.class,
                () -> TestTokens.verifier(keys).verify(TestTokens.hs256(claims().build(), secret)));
        assertEquals("token algorithm not accepted", refused.reason());
    }

    @Test
    void aJwksWithNothingUsableIsRefused() {
        String onlyEncryption = jwks(new RSAKey.Builder(rsa("e")).keyUse(KeyUse.ENCRYPTION).build());
        assertThrows(IllegalArgumentException.class, () -> TokenKeys.PublicKeys.parse(onlyEncryption));
        assertThrows(IllegalArgumentException.class, () -> TokenKeys.PublicKeys.parse("{\"keys\":[]}"));
        assertThrows(IllegalArgumentException.class, () -> TokenKeys.PublicKeys.parse("{not json"));
    }

    @Test
    void weakOrForeignKeysAreRefused() throws Exception {
        KeyPairGenerator rsa1024 = KeyPairGenerator.getInstance("RSA");
        rsa1024.initialize(1024);
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> TokenKeys.PublicKeys.parse(TestTokens.pem(rsa1024.generateKeyPair())));
        assertTrue(small.getMessage().contains("2048"), small.getMessage());

        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertThrows(IllegalArgumentException.class, () -> TokenKeys.PublicKeys.parse(TestTokens.pem(p384.generateKeyPair())));
    }

    @Test
    void pemFilesHoldingAnythingButPublicKeysAreRefusedWithTheFix() {
        IllegalArgumentException pkcs1 = assertThrows(IllegalArgumentException.class, () -> TokenKeys.PublicKeys.parse(
                "-----BEGIN RSA PUBLIC KEY-----\nMIIB\n-----END RSA PUBLIC KEY-----\n"));
        assertTrue(pkcs1.getMessage().contains("openssl rsa -RSAPublicKey_in"), pkcs1.getMessage());
        IllegalArgumentException privateKey = assertThrows(IllegalArgumentException.class, () -> TokenKeys.PublicKeys.parse(
                "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"));
        assertTrue(privateKey.getMessage().contains("-pubout"), privateKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenKeys.PublicKeys.parse("hello"));
    }

    @Test
    void severalPemKeysForARotation() throws Exception {
        TokenVerifier verifier = TestTokens.verifier(TokenKeys.PublicKeys.parse(
                TestTokens.pem(TestTokens.RSA) + TestTokens.pem(TestTokens.OTHER_RSA)));
        assertEquals("alice", verifier.verify(TestTokens.rs256(claims().build(), TestTokens.OTHER_RSA)).uid());
        assertEquals("alice", verifier.verify(TestTokens.rs256(claims().build(), TestTokens.RSA)).uid());
    }

    @Test
    void aCertificateFromOpenssl(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path cert = dir.resolve("cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", cert.toString(), "-subj", "/CN=issuer", "-days", "1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0, () -> read(dir.resolve("log")));
        assertEquals(Set.of(TokenKeys.Algorithm.ES256), TokenKeys.PublicKeys.parse(Files.readString(cert)).algorithms());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
