package dev.chatsocket.chat;

import dev.chatsocket.testsupport.redis.TwoRedisNodes;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

/**
 * {@link RoomEventsContract} on two nodes that share rooms through one Redis (each its own copy of
 * the WAR on embedded Jetty, as in {@link RedisTwoNodesIT}): an edit or delete made on node A is
 * seen on node B, a client resuming on B gets the edits and deletes made on A while it was away,
 * and a deleted text is gone from both nodes' history and pages.
 */
class RedisRoomEventsIT extends RoomEventsContract {
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
