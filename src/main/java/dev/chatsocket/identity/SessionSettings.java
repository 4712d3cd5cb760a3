package dev.chatsocket.identity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Session tokens.
 *
 * @param ttl           how long a session token is good for after it is issued
 * @param secret        the secret every node derives the session key from; empty: a key file
 * @param dataDirectory where a single node keeps its key file ({@link SessionKeyFile}), shared
 *                      with the history store
 */
public record SessionSettings(Duration ttl, Optional<String> secret, Path dataDirectory) {
    public SessionSettings {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a session lifetime must be positive");
        }
        secret.ifPresent(SessionKey::fromSecret);
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "SessionSettings[ttl=" + ttl + ", secret=" + (secret.isPresent() ? "set" : "none")
                + ", dataDirectory=" + dataDirectory + "]";
    }
}
