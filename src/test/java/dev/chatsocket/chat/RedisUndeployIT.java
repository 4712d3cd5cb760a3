package dev.chatsocket.chat;

import dev.chatsocket.testsupport.redis.ChatNode;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.chatsocket.chat.ChatClient.uniqueRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Stopping a node that used Redis leaves no thread behind: the reader, the worker, the heartbeat
 * and every Lettuce/Netty thread end with the application (a redeploy must not pile them up).
 */
class RedisUndeployIT {

    @Test
    void aStoppedNodeLeavesNoRedisOrNettyThreadRunning() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (RedisServer redis = RedisServer.start(false)) {
            ChatNode node = ChatNode.inThisJvm(ChatNode.war(Map.of("CHATSOCKET_REDIS_URL", redis.url())));
            try {
                String room = uniqueRoom("undeploy");
                try (ChatClient client = ChatClient.joinRoom(node.base(), room)) {
                    assertEquals(List.of(), client.historyIds(), "a new room");
                    client.post("busy", "r1");
                }
            } finally {
                node.close();
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<String> left;
            do {
                left = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> !before.contains(t) && t.isAlive())
                        .map(Thread::getName)
                        .filter(RedisUndeployIT::belongsToTheApplication)
                        .sorted().collect(Collectors.toList());
                if (left.isEmpty()) {
                    break;
                }
                Thread.sleep(50);
            } while (System.nanoTime() < deadline);
            assertEquals(List.of(), left, "threads still running after the node stopped");
        }
    }

    /** Threads the JVM itself may start meanwhile are not the application's. */
    private static boolean belongsToTheApplication(String name) {
        return !(name.startsWith("process reaper") || name.startsWith("Attach Listener")
                || name.startsWith("Common-Cleaner") || name.startsWith("ForkJoinPool.commonPool")
                || name.startsWith("surefire") || name.startsWith("node-output"));
    }
}
