package dev.chatsocket.identity;

import static dev.chatsocket.identity.TestTokens.CLOCK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The cluster's session key against a fake store that behaves like SET NX then GET. */
class SharedSessionKeyTest {
    private static final Identity GUEST = Identity.guest(GuestIds.PREFIX + "shared", "guest-shared");

    /** One value, never overwritten; {@link #flush} loses it, as FLUSHALL would. */
    private static final class FakeStore implements SharedKeyStore {
        byte[] value;

        @Override
        public byte[] putIfAbsent(byte[] candidate) {
            if (value == null) {
                value = candidate.clone();
            }
            return value.clone();
        }

        void flush() {
            value = null;
        }

        @Override
        public String describe() {
            return "the fake store";
        }
    }

    private final FakeStore store = new FakeStore();

    private SharedSessionKey node() {
        return new SharedSessionKey(store, new SecureRandom());
    }

    private static SessionTokens sessions(SessionKey key) {
        return new SessionTokens(key, Duration.ofHours(1), CLOCK);
    }

    @Test
    void theFirstNodeStoresARandomKeyAndEveryNodeUsesThatOne() throws Exception {
        SessionKey first = node().load();
        assertNotNull(store.value);
        byte[] stored = store.value.clone();
        SessionKey second = node().load();
        assertArrayEquals(stored, store.value, "never overwritten");
        String session = sessions(first).issue(GUEST);
        assertInstanceOf(SessionCheck.Restored.class, sessions(second).open(session), "a session of one node opens on the other");
    }

    @Test
    void afterAFlushTheRunningNodePutsItsKeyBackAndSessionsGoOn() throws Exception {
        SharedSessionKey node = node();
        SessionKey held = node.load();
        store.flush();
        assertSame(held, node.check(held), "the same key");
        SessionKey late = node().load();
        String session = sessions(held).issue(GUEST);
        assertInstanceOf(SessionCheck.Restored.class, sessions(late).open(session), "a node started later has it too");
    }

    @Test
    void aNodeStartedInTheGapWinsTheOthersChangeToItAndOldSessionsAreRefused() throws Exception {
        SharedSessionKey running = node();
        SessionKey old = running.load();
        SessionTokens runningSessions = sessions(old);
        String before = runningSessions.issue(GUEST);
        store.flush();
        SessionKey fresh = node().load();

        SessionKey now = running.check(old);
        assertTrue(now.sameAs(fresh), "the stored key wins");
        runningSessions.useKey(now);
        IdentityRefused refused = assertThrows(IdentityRefused.class, () -> runningSessions.open(before));
        assertEquals("session is not valid", refused.reason(), "refused like a forged one, on every node alike");
        assertInstanceOf(SessionCheck.Restored.class, sessions(fresh).open(runningSessions.issue(GUEST)));
    }

    @Test
    void somethingElseUnderTheKeyStopsTheStartAndIsLeftAlone() {
        store.value = new byte[] {1, 2, 3};
        IOException e = assertThrows(IOException.class, () -> node().load());
        assertTrue(e.getMessage().startsWith("the fake store holds no session key of 32 bytes"), e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, store.value);
    }

    @Test
    void theSecretComesFirstThenTheSharedStoreThenTheFile() {
        SessionSettings withSecret = new SessionSettings(Duration.ofHours(1),
                Optional.of("a session secret of more than 32 bytes"), java.nio.file.Path.of("unused"));
        SessionSettings withoutSecret = new SessionSettings(Duration.ofHours(1), Optional.empty(),
                java.nio.file.Path.of("unused"));
        SecureRandom random = new SecureRandom();
        assertTrue(!(SessionKeySource.forSettings(withSecret, Optional.of(store), random) instanceof SharedSessionKey));
        assertInstanceOf(SharedSessionKey.class, SessionKeySource.forSettings(withoutSecret, Optional.of(store), random));
        assertInstanceOf(SessionKeyFile.class, SessionKeySource.forSettings(withoutSecret, Optional.empty(), random));
    }
}
