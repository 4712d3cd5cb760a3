package dev.chatsocket.identity;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Checks a signed token ({@code ?token=}, a JWS compact JWT, RFC 7519) and makes the identity it
 * vouches for. In this order, so that nothing is read from a token before its signature holds:
 * <ol>
 *   <li>its size and shape, and a signed (JWS) form: an unsecured JWT ({@code alg: none},
 *   RFC 7519 §6) and an encrypted one are refused;</li>
 *   <li>its {@code alg} against the algorithms the configured key allows ({@link TokenKeys}),
 *   never the other way round (RFC 8725 §3.1), and its {@code typ} ({@code JWT} or none);</li>
 *   <li>its signature, with nimbus-jose-jwt: the key is chosen by algorithm and {@code kid};</li>
 *   <li>its claims ({@link TokenClaims}): time, issuer, audience, then what the identity is
 *   made of.</li>
 * </ol>
 * Each refusal is an {@link IdentityRefused} with a one-line reason.
 */
public final class TokenVerifier {
    /** Leeway for the issuer's and our clocks disagreeing, on {@code exp} and {@code nbf} (RFC 7519 §4.1.4). */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** Characters in a token: far above any real one, and a bound on parsing work before the signature check. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    private final Set<JWSAlgorithm> accepted;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final TokenClaims claims;
    private final Clock clock;

    public TokenVerifier(TokenSettings settings, Clock clock) {
        this.clock = clock;
        this.accepted = settings.keys().algorithms().stream().map(TokenKeys.Algorithm::jws)
                .collect(Collectors.toUnmodifiableSet());
        JWKSource<SecurityContext> keys = settings.keys() instanceof TokenKeys.SharedSecret shared
                ? new ImmutableSecret<>(shared.secret())
                : new ImmutableJWKSet<>(((TokenKeys.PublicKeys) settings.keys()).keys());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(accepted, keys));
        // The claims are checked by TokenClaims, with our clock and our reasons.
        processor.setJWTClaimsSetVerifier(null);
        this.claims = new TokenClaims(settings.issuer(), settings.audience());
    }

    /** The accepted algorithms, as the configuration fixed them. */
    public Set<TokenKeys.Algorithm> algorithms() {
        Set<TokenKeys.Algorithm> algorithms = EnumSet.noneOf(TokenKeys.Algorithm.class);
        for (TokenKeys.Algorithm a : TokenKeys.Algorithm.values()) {
            if (accepted.contains(a.jws())) {
                algorithms.add(a);
            }
        }
        return algorithms;
    }

    /** The identity a valid token vouches for ({@link Identity.Source#TOKEN}, verified). */
    public Identity verify(String token) throws IdentityRefused {
        if (token == null || token.isBlank()) {
            throw new IdentityRefused("token is empty");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new IdentityRefused("token is too long");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new IdentityRefused("token is not a valid JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            // alg "none" (a PlainJWT) or an encrypted JWT: neither is signed by the issuer.
            throw new IdentityRefused("token algorithm not accepted");
        }
        JWSHeader header = signed.getHeader();
        if (!accepted.contains(header.getAlgorithm())) {
            throw new IdentityRefused("token algorithm not accepted");
        }
        if (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType())) {
            throw new IdentityRefused("token type not accepted");
        }
        JWTClaimsSet verified;
        try {
            verified = processor.process(signed, null);
        } catch (BadJOSEException | JOSEException e) {
            // Wrong key, altered header or payload, no key with the token's kid, an unknown
            // critical header: all the same to the client, whose fix is a token from the issuer.
            throw new IdentityRefused("token signature is not valid");
        }
        return claims.identity(verified, clock.instant());
    }
}
