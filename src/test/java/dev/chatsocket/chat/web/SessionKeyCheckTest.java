package dev.chatsocket.chat.web;

import dev.chatsocket.identity.GuestIds;
import dev.chatsocket.identity.Identity;
import dev.chatsocket.identity.IdentityRefused;
import dev.chatsocket.identity.SessionCheck;
import dev.chatsocket.identity.SessionKey;
import dev.chatsocket.identity.SessionTokens;
import dev.chatsocket.identity.SharedKeyStore;
import dev.chatsocket.identity.SharedSessionKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The heartbeat's check of the cluster's session key, against a store that acts like Redis. */
class SessionKeyCheckTest {
    private static final Identity GUEST = Identity.guest(GuestIds.PREFIX + "check", "guest-check");

    /** SET NX then GET; {@code down} makes it fail like an unreachable Redis. */
    private static final class Store implements SharedKeyStore {
        byte[] value;
        boolean down;

        @Override
        public byte[] putIfAbsent(byte[] candidate) throws IOException {
            if (down) {
                throw new IOException("Redis: connection refused");
            }
            if (value == null) {
                value = candidate.clone();
            }
            return value.clone();
        }

        @Override
        public String describe() {
            return "the store";
        }
    }

    private final Store store = new Store();

    private SessionKeyCheck check(SessionKey held, SessionTokens sessions) {
        return new SessionKeyCheck(new SharedSessionKey(store, new SecureRandom()), held, sessions);
    }

    private static SessionTokens sessions(SessionKey key) {
        return new SessionTokens(key, Duration.ofHours(1), Clock.systemUTC());
    }

    @Test
    void aNodeChangesToTheKeyAnotherNodeStoredAfterAFlush() throws Exception {
        SessionKey old = new SharedSessionKey(store, new SecureRandom()).load();
        SessionTokens node = sessions(old);
        String before = node.issue(GUEST);
        store.value = null;
        SessionKey fresh = new SharedSessionKey(store, new SecureRandom()).load();

        check(old, node).run();
        assertThrows(IdentityRefused.class, () -> node.open(before));
        assertInstanceOf(SessionCheck.Restored.class, node.open(sessions(fresh).issue(GUEST)));
    }

    @Test
    void whileRedisIsAwayTheNodeKeepsItsKey() throws Exception {
        SessionKey held = new SharedSessionKey(store, new SecureRandom()).load();
        SessionTokens node = sessions(held);
        String session = node.issue(GUEST);
        store.down = true;
        check(held, node).run();
        assertInstanceOf(SessionCheck.Restored.class, node.open(session));
        store.down = false;
        store.value = null;
        check(held, node).run();
        assertInstanceOf(SessionCheck.Restored.class, sessions(new SharedSessionKey(store, new SecureRandom()).load())
                .open(session), "put back once Redis answers: a node started now gets the same key");
    }
}
