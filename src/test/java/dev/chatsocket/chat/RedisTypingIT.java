package dev.chatsocket.chat;

import dev.chatsocket.testsupport.redis.TwoRedisNodes;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

/**
 * {@link TypingContract} on two nodes that share rooms through one Redis (each its own copy of the
 * WAR on embedded Jetty, as in {@link RedisTwoNodesIT}): the typist on node A, the watcher on node
 * B, and the typist's second connection on node B, whose notices inside the interval the throttle
 * key in Redis holds back.
 */
class RedisTypingIT extends TypingContract {
    @RegisterExtension
    static final TwoRedisNodes NODES = TwoRedisNodes.sharing(SETTINGS);

    @Override
    URI nodeA() {
        return NODES.a();
    }

    @Override
    URI nodeB() {
        return NODES.b();
    }
}
