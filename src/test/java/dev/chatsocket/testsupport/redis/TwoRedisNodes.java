package dev.chatsocket.testsupport.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Two chatsocket nodes that share their rooms through one Redis of their own, for a test class:
 * each node is a copy of the WAR on embedded Jetty in this JVM, started before the class's first
 * test and stopped with the Redis after its last. Register as a static field:
 * {@code @RegisterExtension static final TwoRedisNodes NODES = TwoRedisNodes.sharing(settings);}
 */
public final class TwoRedisNodes implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> settingsA;
    private final Map<String, String> settingsB;
    private RedisServer redis;
    private ChatNode a;
    private ChatNode b;

    private TwoRedisNodes(Map<String, String> settingsA, Map<String, String> settingsB) {
        this.settingsA = settingsA;
        this.settingsB = settingsB;
    }

    /** Both nodes with {@code settings} (and the Redis's URL). */
    public static TwoRedisNodes sharing(Map<String, String> settings) {
        return new TwoRedisNodes(Map.copyOf(settings), Map.copyOf(settings));
    }

    /** These nodes with one more setting on both. */
    public TwoRedisNodes with(String name, String value) {
        return new TwoRedisNodes(plus(settingsA, name, value), plus(settingsB, name, value));
    }

    /** These nodes with one more setting on node A only. */
    public TwoRedisNodes withOnA(String name, String value) {
        return new TwoRedisNodes(plus(settingsA, name, value), settingsB);
    }

    private static Map<String, String> plus(Map<String, String> settings, String name, String value) {
        Map<String, String> more = new HashMap<>(settings);
        more.put(name, value);
        return Map.copyOf(more);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        redis = RedisServer.start(false);
        Path warA = ChatNode.war(plus(settingsA, "CHATSOCKET_REDIS_URL", redis.url()));
        a = ChatNode.inThisJvm(warA);
        b = ChatNode.inThisJvm(settingsB.equals(settingsA) ? warA
                : ChatNode.war(plus(settingsB, "CHATSOCKET_REDIS_URL", redis.url())));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Exception first = null;
        for (AutoCloseable closeable : new AutoCloseable[]{a, b, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    public URI a() {
        return a.base();
    }

    public URI b() {
        return b.base();
    }

    public RedisServer redis() {
        return redis;
    }
}
