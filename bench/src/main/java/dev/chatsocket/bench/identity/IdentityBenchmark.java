package dev.chatsocket.bench.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatsocket.identity.GuestIds;
import dev.chatsocket.identity.Identity;
import dev.chatsocket.identity.IdentityRefused;
import dev.chatsocket.identity.SessionCheck;
import dev.chatsocket.identity.SessionKey;
import dev.chatsocket.identity.SessionTokens;
import dev.chatsocket.identity.TokenKeys;
import dev.chatsocket.identity.TokenSettings;
import dev.chatsocket.identity.TokenVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What identity adds to a chat handshake (issue 17's last point), on one thread, in microseconds per
 * operation, the product's own classes doing the work:
 * <ul>
 *   <li>{@code verifyHs256}, {@code verifyRs256}, {@code verifyEs256}: {@link TokenVerifier#verify}
 *   of a valid {@code ?token=} (signature, algorithm and claim checks), for each kind of key the
 *   README lists;</li>
 *   <li>{@code newGuest}: {@link GuestIds#next}, a guest's random uid (every handshake without a
 *   login, token or session);</li>
 *   <li>{@code issueSession}: {@link SessionTokens#issue}, the {@code session} every {@code welcome}
 *   carries (every handshake pays it, guests included);</li>
 *   <li>{@code openSession}: {@link SessionTokens#open}, a reconnect's {@code ?session=}.</li>
 * </ul>
 * Set beside the server CPU per chat handshake that {@code bench/run.sh join} prints.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IdentityBenchmark {
    private static final String SECRET = "a benchmark's shared secret of more than 32 bytes";

    private TokenVerifier hsVerifier;
    private TokenVerifier rsVerifier;
    private TokenVerifier esVerifier;
    private String hsToken;
    private String rsToken;
    private String esToken;
    private SessionTokens sessions;
    private GuestIds guests;
    private Identity guest;
    private String session;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice").claim("name", "Alice")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(1)))).build();
        KeyPair rsa = generate("RSA", 2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair p256 = ec.generateKeyPair();

        hsVerifier = verifier(TokenKeys.SharedSecret.of(SECRET));
        rsVerifier = verifier(TokenKeys.PublicKeys.parse(pem(rsa)));
        esVerifier = verifier(TokenKeys.PublicKeys.parse(pem(p256)));
        hsToken = sign(JWSAlgorithm.HS256, claims, new MACSigner(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        rsToken = sign(JWSAlgorithm.RS256, claims, new RSASSASigner(rsa.getPrivate()));
        esToken = sign(JWSAlgorithm.ES256, claims, new ECDSASigner((ECPrivateKey) p256.getPrivate()));

        sessions = new SessionTokens(SessionKey.fromSecret(SECRET), Duration.ofHours(24), Clock.systemUTC());
        guests = new GuestIds(new SecureRandom());
        guest = guests.next();
        session = sessions.issue(guest);
        // Each must pass before it is timed: a refusal would be measured as the cheaper path.
        hsVerifier.verify(hsToken);
        rsVerifier.verify(rsToken);
        esVerifier.verify(esToken);
        sessions.open(session);
    }

    @Benchmark
    public Identity verifyHs256() throws IdentityRefused {
        return hsVerifier.verify(hsToken);
    }

    @Benchmark
    public Identity verifyRs256() throws IdentityRefused {
        return rsVerifier.verify(rsToken);
    }

    @Benchmark
    public Identity verifyEs256() throws IdentityRefused {
        return esVerifier.verify(esToken);
    }

    @Benchmark
    public Identity newGuest() {
        return guests.next();
    }

    @Benchmark
    public String issueSession() {
        return sessions.issue(guest);
    }

    @Benchmark
    public SessionCheck openSession() throws IdentityRefused {
        return sessions.open(session);
    }

    private static TokenVerifier verifier(TokenKeys keys) {
        return new TokenVerifier(new TokenSettings(keys, Optional.empty(), Optional.empty()), Clock.systemUTC());
    }

    private static String sign(JWSAlgorithm algorithm, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static KeyPair generate(String algorithm, int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
