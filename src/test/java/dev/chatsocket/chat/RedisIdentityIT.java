package dev.chatsocket.chat;

import dev.chatsocket.testsupport.redis.TwoRedisNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link IdentityContract} on two nodes that share rooms through one Redis (each its own copy of
 * the WAR on embedded Jetty, as in {@link RedisTwoNodesIT}), with no session secret: the session
 * key is the one the first node stored in Redis ({@code chatsocket:session-key}), so a session
 * from one node's welcome is the same person on the other, and every refusal holds on both.
 */
class RedisIdentityIT extends IdentityContract {
    private static final String KEY = "chatsocket:session-key";
    /** A presence heartbeat of 500 ms, which is also how often each node checks the session key. */
    private static final String PRESENCE_TTL = "1500ms";

    @RegisterExtension
    static final TwoRedisNodes NODES = TwoRedisNodes.sharing(SETTINGS).with("CHATSOCKET_REDIS_PRESENCE_TTL", PRESENCE_TTL);

    @Override
    URI nodeA() {
        return NODES.a();
    }

    @Override
    URI nodeB() {
        return NODES.b();
    }

    @Override
    byte[] sessionKey() throws Exception {
        String stored = NODES.redis().get(KEY);
        assertNotNull(stored, "the first node stored the session key");
        return Base64.getDecoder().decode(stored);
    }

    @Test
    void bothNodesUseTheOneKeyInRedisAndAFlushLosesNoSession() throws Exception {
        byte[] key = sessionKey();
        assertEquals(32, key.length);
        String room = ChatClient.uniqueRoom("key");
        String uid;
        String session;
        try (ChatClient onA = ChatClient.joinRoom(nodeA(), room)) {
            uid = onA.uid();
            session = onA.welcome().get("session").asText();
        }

        // FLUSHALL takes the key with everything else; the running nodes put theirs back.
        assertEquals("+OK", NODES.redis().command("FLUSHALL"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (NODES.redis().get(KEY) == null) {
            assertTrue(System.nanoTime() < deadline, "no node put the session key back");
            Thread.sleep(50);
        }
        assertEquals(Base64.getEncoder().encodeToString(key), NODES.redis().get(KEY), "the same key, not a new one");
        try (ChatClient onB = ChatClient.join(nodeB(), "chat/" + room + "?session="
                + URLEncoder.encode(session, StandardCharsets.UTF_8))) {
            assertEquals(uid, onB.uid(), "a session from before the flush is still the same person");
        }
    }
}
