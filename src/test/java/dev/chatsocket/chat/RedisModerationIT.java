package dev.chatsocket.chat;

import dev.chatsocket.testsupport.redis.TwoRedisNodes;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

/**
 * {@link ModerationContract} on two nodes that share rooms through one Redis (each its own copy
 * of the WAR on embedded Jetty, as in {@link RedisIdentityIT}): a kick, ban or mute taken on node A
 * holds for the person's connections and handshakes on node B.
 */
class RedisModerationIT extends ModerationContract {
    @RegisterExtension
    static final TwoRedisNodes NODES = TwoRedisNodes.sharing(SETTINGS)
            .with("CHATSOCKET_SESSION_SECRET", "it-moderation-session-secret-0123456789abcdef");

    @Override
    URI nodeA() {
        return NODES.a();
    }

    @Override
    URI nodeB() {
        return NODES.b();
    }
}
