package dev.chatsocket.identity;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The session key of a cluster without a secret setting, kept in a {@link SharedKeyStore}: the
 * first node to start makes 256 random bits and stores them unless a key is there already; every
 * node uses the stored one. First writer wins, and a stored key is never overwritten.
 *
 * <p>If the store loses the key (Redis flushed), the nodes running put theirs back at their next
 * {@link #check}: sessions go on working. A node that started in between has made a new key; the
 * running ones then find it stored and change to it, so the cluster agrees again within one check,
 * and sessions signed under the old key are refused (401) like any token this key did not sign:
 * a server cannot tell a token under a key it no longer has from a forgery, and taking such
 * tokens as "expired" would renew anything a client made up. The page drops a refused session
 * and starts afresh.
 */
public final class SharedSessionKey implements SessionKeySource {
    private final SharedKeyStore store;
    private final SecureRandom random;

    public SharedSessionKey(SharedKeyStore store, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The stored key, after storing a new random one if there was none. */
    @Override
    public SessionKey load() throws IOException {
        byte[] candidate = new byte[SessionKey.BYTES];
        random.nextBytes(candidate);
        return stored(store.putIfAbsent(candidate));
    }

    /**
     * The key the cluster uses now, for a node that holds {@code held}: {@code held} again, put
     * back if the store had lost it, or the one another node stored meanwhile.
     */
    public SessionKey check(SessionKey held) throws IOException {
        SessionKey now = stored(store.putIfAbsent(held.bytes()));
        return now.sameAs(held) ? held : now;
    }

    private SessionKey stored(byte[] bytes) throws IOException {
        if (bytes == null || bytes.length != SessionKey.BYTES) {
            // Never replaced: whatever put it there may be another application's; an operator decides.
            throw new IOException(store.describe() + " holds no session key of " + SessionKey.BYTES
                    + " bytes; delete it to have a new one made (every session ends)");
        }
        return SessionKey.of(bytes);
    }
}
