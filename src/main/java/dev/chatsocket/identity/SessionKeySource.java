package dev.chatsocket.identity;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Where the session key comes from, loaded once when the application starts. Nodes that share
 * sessions must load the same key: a secret given to each of them ({@link #fromSecret}), or a
 * key kept where they all reach it ({@link SharedSessionKey}, in Redis). A single node keeps its
 * key in a file so that its sessions survive a restart ({@link SessionKeyFile}).
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
     * The secret when the settings give one; else the cluster's shared store when there is one
     * (Redis); else the key file under the data directory.
     */
    static SessionKeySource forSettings(SessionSettings settings, Optional<SharedKeyStore> shared,
                                        SecureRandom random) {
        if (settings.secret().isPresent()) {
            return fromSecret(settings.secret().get());
        }
        return shared.<SessionKeySource>map(store -> new SharedSessionKey(store, random))
                .orElseGet(() -> new SessionKeyFile(settings.dataDirectory(), random));
    }
}
