package dev.chatsocket.identity;

import java.io.IOException;
import java.security.SecureRandom;

/**
 * Where the session key comes from, loaded once when the application starts. Nodes that share
 * sessions must load the same key: a secret given to each of them ({@link #fromSecret}), or a
 * key kept where they all reach it (Redis, for clusters without a secret: to be added beside
 * these). A single node keeps its key in a file so that its sessions survive a restart
 * ({@link SessionKeyFile}).
 */
@FunctionalInterface
public interface SessionKeySource {

    SessionKey load() throws IOException;

    /** The key derived from a secret setting ({@link SessionKey#fromSecret}). */
    static SessionKeySource fromSecret(String secret) {
        SessionKey key = SessionKey.fromSecret(secret);
        return () -> key;
    }

    /**
     * The secret when the settings give one, else the key file under the data directory. A
     * cluster's source (Redis) belongs between the two.
     */
    static SessionKeySource forSettings(SessionSettings settings, SecureRandom random) {
        return settings.secret().map(SessionKeySource::fromSecret)
                .orElseGet(() -> new SessionKeyFile(settings.dataDirectory(), random));
    }
}
