package dev.chatsocket.chat;

import dev.chatsocket.testsupport.postgres.PostgresServer;
import dev.chatsocket.testsupport.redis.ChatNode;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.chatsocket.chat.ArchiveChecks.ack;
import static dev.chatsocket.chat.ArchiveChecks.await;
import static dev.chatsocket.chat.ChatClient.joinRoom;
import static dev.chatsocket.chat.ChatClient.uniqueRoom;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node killed (SIGKILL) between Redis and the archive: its archiver had read entries from the
 * room's consumer group and could not insert them (PostgreSQL was stopped), so they were pending
 * with it, unacknowledged, when it died. The surviving node's archiver claims them once they have
 * been idle for the claim time and archives them: nothing acked is missing, nothing is doubled.
 */
class ClusterNodeCrashIT {
    private static RedisServer redis;
    private static PostgresServer postgres;
    private static ArchiveChecks archive;
    private static ChatNode survivingNode;
    private static ChatNode.InOwnProcess doomedNode;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(false);
        postgres = PostgresServer.start();
        String database = postgres.newDatabase();
        archive = new ArchiveChecks(database, redis);
        Map<String, String> settings = Map.of(
                "CHATSOCKET_REDIS_URL", redis.url(),
                "CHATSOCKET_DATABASE_URL", database,
                "CHATSOCKET_ARCHIVE_CLAIM_AFTER", "2s",
                "CHATSOCKET_CHAT_RATE_MESSAGES", "10000",
                "CHATSOCKET_CHAT_RATE_MESSAGE_BURST", "10000",
                "CHATSOCKET_USER_RATE_MESSAGES", "10000",
                "CHATSOCKET_USER_RATE_MESSAGE_BURST", "10000");
        survivingNode = ChatNode.inThisJvm(ChatNode.war(settings));
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("CHATSOCKET_WAR", Path.of("target/chatsocket.war").toAbsolutePath().toString());
        environment.put("CHATSOCKET_DATA_DIR", Files.createTempDirectory("chatsocket-doomed").toString());
        Path log = Files.createDirectories(Path.of("target/failsafe-reports-cluster")).resolve("killed-node.log");
        String classPath = System.getProperty("chatsocket.launcher.classpath");
        if (classPath == null) {
            throw new IllegalStateException("system property chatsocket.launcher.classpath (set by the pom's it-cluster execution)");
        }
        doomedNode = (ChatNode.InOwnProcess) ChatNode.inOwnProcess(classPath, environment, log);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[]{doomedNode, survivingNode, redis, postgres}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void entriesANodeReadAndDidNotArchiveBeforeItWasKilledAreArchivedByAnother() throws Exception {
        String room = uniqueRoom("killed");
        Map<String, Long> acked = new LinkedHashMap<>();
        try (ChatClient survivor = joinRoom(survivingNode.base(), room);
             ChatClient doomed = joinRoom(doomedNode.base(), room)) {
            acked.put(room + " first", ack(survivor, room + " first"));
            archive.awaitArchived(room, acked, Duration.ofSeconds(30));

            postgres.stop();
            try {
                // Both archivers read entries they cannot insert; go on until each holds some.
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                for (int i = 0; archive.consumersWithPending(room) < 2 && System.nanoTime() < until; i++) {
                    String text = room + " message " + i;
                    acked.put(text, ack(i % 2 == 0 ? survivor : doomed, text));
                }
                assertTrue(archive.consumersWithPending(room) >= 2, "both nodes' archivers hold unarchived entries");
                doomedNode.kill();
                for (int i = 0; i < 5; i++) {
                    String text = room + " after the kill " + i;
                    acked.put(text, ack(survivor, text));
                }
            } finally {
                postgres.restart();
            }
            archive.awaitArchived(room, acked, Duration.ofSeconds(60));
            await(() -> {
                try {
                    return archive.pending(room) == 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, Duration.ofSeconds(30), "nothing left pending with the dead node");
        }
    }
}
