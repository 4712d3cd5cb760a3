package dev.chatsocket.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * How signed tokens are checked.
 *
 * @param keys     the secret or the public keys, which also fix the accepted algorithms
 * @param issuer   when present, a token's {@code iss} must equal it (RFC 7519 §4.1.1)
 * @param audience when present, a token's {@code aud} must contain it (RFC 7519 §4.1.3)
 */
public record TokenSettings(TokenKeys keys, Optional<String> issuer, Optional<String> audience) {
    public TokenSettings {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
    }
}
