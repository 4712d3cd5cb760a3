package dev.chatsocket.testsupport.redis;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Runs a whole test run with the Redis backend: when the system property
 * {@code chatsocket.it.shared-redis} is {@code true} (Failsafe's {@code it-jetty-redis} execution
 * sets it), starts one {@code redis-server} on a free port before any test and sets the system
 * property {@code CHATSOCKET_REDIS_URL}, which every WAR deployed in this JVM reads (a system
 * property comes first in {@code Settings}). So the same chat tests that prove the in-memory
 * rooms prove the Redis ones. Does nothing otherwise.
 */
public final class SharedRedisForTheRun implements LauncherSessionListener {
    static final String SWITCH = "chatsocket.it.shared-redis";

    private RedisServer redis;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean(SWITCH)) {
            return;
        }
        try {
            redis = RedisServer.start(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("CHATSOCKET_REDIS_URL", redis.url());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (redis != null) {
            System.clearProperty("CHATSOCKET_REDIS_URL");
            redis.close();
            redis = null;
        }
    }
}
