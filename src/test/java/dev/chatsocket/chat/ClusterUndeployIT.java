package dev.chatsocket.chat;

import dev.chatsocket.testsupport.postgres.PostgresServer;
import dev.chatsocket.testsupport.redis.ChatNode;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.chatsocket.chat.ArchiveChecks.ack;
import static dev.chatsocket.chat.ChatClient.uniqueRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Stopping a node in cluster mode with its archive leaves no thread behind: the archiver, its
 * Redis connection and the archive's pool end with the application, as the Redis backend's own
 * threads do (RedisUndeployIT), and the PostgreSQL driver's cleaner thread ends once the
 * application's class loader has been collected.
 */
class ClusterUndeployIT {

    @Test
    void aStoppedNodeLeavesNoArchiverRedisOrDatabaseThreadRunning() throws Exception {
        try (RedisServer redis = RedisServer.start(false); PostgresServer postgres = PostgresServer.start()) {
            String database = postgres.newDatabase();
            ArchiveChecks archive = new ArchiveChecks(database, redis);
            // The test's own PostgreSQL driver starts its threads before these are counted.
            archive.archived("none");
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            ChatNode node = ChatNode.inThisJvm(ChatNode.war(Map.of(
                    "CHATSOCKET_REDIS_URL", redis.url(), "CHATSOCKET_DATABASE_URL", database)));
            try {
                String room = uniqueRoom("undeploy");
                try (ChatClient client = ChatClient.joinRoom(node.base(), room)) {
                    Map<String, Long> acked = new LinkedHashMap<>();
                    acked.put("archived", ack(client, "archived"));
                    archive.awaitArchived(room, acked, Duration.ofSeconds(30));
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
                        .filter(ClusterUndeployIT::belongsToTheApplication)
                        .sorted().collect(Collectors.toList());
                if (left.isEmpty()) {
                    break;
                }
                // PostgreSQL's driver (Java 11+) cleans up through a java.lang.ref.Cleaner of its own,
                // whose thread ("Cleaner-N") ends once the driver's classes, and so the application's
                // class loader, are collected: only if nothing else holds the application.
                System.gc();
                Thread.sleep(200);
            } while (System.nanoTime() < deadline);
            assertEquals(List.of(), left, "threads still running after the node stopped");
        }
    }

    /** Threads the JVM itself, or the test's own JDBC driver, may start meanwhile are not the application's. */
    private static boolean belongsToTheApplication(String name) {
        return !(name.startsWith("process reaper") || name.startsWith("Attach Listener")
                || name.startsWith("Common-Cleaner") || name.startsWith("ForkJoinPool.commonPool")
                || name.startsWith("surefire") || name.startsWith("node-output"));
    }
}
