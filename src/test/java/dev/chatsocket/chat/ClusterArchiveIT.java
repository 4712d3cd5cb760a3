package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.postgres.PostgresServer;
import dev.chatsocket.testsupport.redis.ChatNode;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static dev.chatsocket.chat.ArchiveChecks.ack;
import static dev.chatsocket.chat.ArchiveChecks.await;
import static dev.chatsocket.chat.ChatClient.joinRoom;
import static dev.chatsocket.chat.ChatClient.uniqueRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster mode with its archive, on real processes: a redis-server, a PostgreSQL, and two nodes
 * (embedded Jetty in this JVM, each with its own copy of the WAR, so each runs its own archiver).
 * Every acked message reaches the archive exactly once; the stream is trimmed only behind the
 * archive; PostgreSQL stopped and started again while people write: live chat goes on through
 * Redis and the archive catches up; a flushed Redis continues the archive's epoch and ids.
 */
class ClusterArchiveIT {
    private static final int HISTORY_SIZE = 10;
    private static final String API_KEY = "cluster-api-key-0123456789abcdef01234567";

    private static RedisServer redis;
    private static PostgresServer postgres;
    private static ArchiveChecks archive;
    private static ChatNode nodeA;
    private static ChatNode nodeB;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(false);
        postgres = PostgresServer.start();
        String database = postgres.newDatabase();
        archive = new ArchiveChecks(database, redis);
        Path war = ChatNode.war(Map.of(
                "CHATSOCKET_REDIS_URL", redis.url(),
                "CHATSOCKET_DATABASE_URL", database,
                "CHATSOCKET_HISTORY_SIZE", Integer.toString(HISTORY_SIZE),
                "CHATSOCKET_ARCHIVE_CLAIM_AFTER", "2s",
                "CHATSOCKET_API_KEYS", "site:" + API_KEY,
                // Small, so that every test archives in many batches: the bound is reached each time.
                "CHATSOCKET_ARCHIVE_BATCH", "7",
                // The tests send the next message as soon as the last is acked: not a flood to refuse.
                "CHATSOCKET_CHAT_RATE_MESSAGES", "10000",
                "CHATSOCKET_CHAT_RATE_MESSAGE_BURST", "10000",
                "CHATSOCKET_USER_RATE_MESSAGES", "10000",
                "CHATSOCKET_USER_RATE_MESSAGE_BURST", "10000"));
        nodeA = ChatNode.inThisJvm(war);
        nodeB = ChatNode.inThisJvm(war);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[]{nodeA, nodeB, redis, postgres}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void everyMessagePostedOnEitherNodeIsArchivedOnceAndTheStreamIsTrimmedOnlyBehindTheArchive() throws Exception {
        String room = uniqueRoom("archive");
        Map<String, Long> acked = new LinkedHashMap<>();
        try (ChatClient onA = joinRoom(nodeA.base(), room); ChatClient onB = joinRoom(nodeB.base(), room)) {
            for (int i = 0; i < 60; i++) {
                String text = room + " message " + i;
                acked.put(text, ack(i % 2 == 0 ? onA : onB, text));
            }
            archive.awaitArchived(room, acked, Duration.ofSeconds(30));
            long last = acked.get(room + " message 59");
            await(() -> markAtLeast(room, last), Duration.ofSeconds(30), "the archived mark reaches the last message");

            // The next post trims the stream to the live window, now that the archive has the rest.
            String text = room + " after";
            acked.put(text, ack(onA, text));
            assertEquals(HISTORY_SIZE, archive.streamLength(room), "the stream is back to the live window");
            archive.awaitArchived(room, acked, Duration.ofSeconds(30));
            await(() -> pendingIs(room, 0), Duration.ofSeconds(30), "every entry acknowledged");

            // Older pages go on past the stream's window into the archive, back to the first message.
            List<Long> paged = new ArrayList<>();
            long before = acked.get(text) + 1;
            boolean more = true;
            while (more) {
                onB.send(ChatClient.JSON.createObjectNode().put("type", "older").put("before", before).put("limit", 25));
                JsonNode page = onB.until("page");
                List<Long> ids = new ArrayList<>();
                page.get("messages").forEach(m -> ids.add(m.get("id").asLong()));
                paged.addAll(0, ids);
                more = page.get("more").asBoolean();
                before = ids.isEmpty() ? 1 : ids.get(0);
            }
            assertEquals(LongStream.rangeClosed(1, acked.get(text)).boxed().toList(), paged,
                    "every message, from the stream and then the archive, once and in order");
        }
    }

    @Test
    void aBotsMessageKeepsItsMarkThroughTheArchiveIntoPagesReadFromIt() throws Exception {
        String room = uniqueRoom("bot-archive");
        ApiClient api = ApiClient.withKey(nodeA.base(), API_KEY);
        Map<String, Long> acked = new LinkedHashMap<>();
        String first = room + " from the site";
        acked.put(first, api.posted(room, first, "b1"));
        try (ChatClient onB = joinRoom(nodeB.base(), room)) {
            for (int i = 0; i < 2 * HISTORY_SIZE; i++) {
                String text = room + " message " + i;
                acked.put(text, ack(onB, text));
            }
            archive.awaitArchived(room, acked, Duration.ofSeconds(30));
            long last = acked.get(room + " message " + (2 * HISTORY_SIZE - 1));
            await(() -> markAtLeast(room, last), Duration.ofSeconds(30), "the archived mark reaches the last message");
            String after = room + " after";
            acked.put(after, ack(onB, after));
            assertEquals(HISTORY_SIZE, archive.streamLength(room), "the bot's message is in the archive only");
        }
        JsonNode page = api.get("api/v1/rooms/" + room + "/messages?before=" + (acked.get(first) + 1)).json();
        JsonNode message = page.get("messages").get(0);
        assertEquals(acked.get(first), message.get("id").asLong(), page.toString());
        assertEquals("bot:site", message.get("uid").asText());
        assertTrue(message.get("bot").asBoolean(), "read back from PostgreSQL: " + message);
    }

    @Test
    void withPostgresStoppedLiveChatGoesOnAndTheArchiveCatchesUpWithNothingMissingAndNothingDoubled() throws Exception {
        String room = uniqueRoom("outage");
        Map<String, Long> acked = new LinkedHashMap<>();
        try (ChatClient onA = joinRoom(nodeA.base(), room); ChatClient onB = joinRoom(nodeB.base(), room);
             ChatClient watcher = joinRoom(nodeB.base(), room)) {
            for (int i = 0; i < 5; i++) {
                String text = room + " before " + i;
                acked.put(text, ack(onA, text));
            }
            archive.awaitArchived(room, acked, Duration.ofSeconds(30));

            postgres.stop();
            try {
                for (int i = 0; i < 4 * HISTORY_SIZE; i++) {
                    String text = room + " during " + i;
                    acked.put(text, ack(i % 2 == 0 ? onA : onB, text));
                }
                // Live: the watcher got every message, 1, 2, 3, … with no gap.
                long last = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                List<Long> seen = new ArrayList<>();
                while (seen.isEmpty() || seen.get(seen.size() - 1) < last) {
                    JsonNode frame = watcher.next();
                    if (frame.path("type").asText().equals("message")) {
                        seen.add(frame.get("id").asLong());
                    }
                }
                for (int i = 0; i < seen.size(); i++) {
                    assertEquals(i + 1, seen.get(i), "no gap in live delivery");
                }
                // Nothing unarchived left the stream, although it holds four times the live window.
                assertTrue(archive.streamLength(room) >= 4 * HISTORY_SIZE,
                        "the stream keeps what the archive does not have yet: " + archive.streamLength(room));
                // The archivers failed to insert, and say so; they retry with backoff.
                await(() -> ArchiveChecks.metric(nodeA.base(), "chatsocket_archive_failing") == 1
                        && ArchiveChecks.metric(nodeB.base(), "chatsocket_archive_failing") == 1,
                        Duration.ofSeconds(30), "both archivers report that they cannot archive");
                // Measured at the archiver's sweep (every half claim time), so awaited.
                await(() -> ArchiveChecks.metric(nodeA.base(), "chatsocket_archive_backlog") >= 4 * HISTORY_SIZE,
                        Duration.ofSeconds(30), "the backlog counts what is not archived yet");
            } finally {
                postgres.restart();
            }
            archive.awaitArchived(room, acked, Duration.ofSeconds(60));
            await(() -> pendingIs(room, 0), Duration.ofSeconds(30), "every entry acknowledged");
            await(() -> ArchiveChecks.metric(nodeA.base(), "chatsocket_archive_failing") == 0
                    && ArchiveChecks.metric(nodeB.base(), "chatsocket_archive_failing") == 0,
                    Duration.ofSeconds(30), "both archivers archive again");
        }
    }

    @Test
    void aFlushedRedisContinuesTheArchivesEpochAndIds() throws Exception {
        String room = uniqueRoom("flushed");
        Map<String, Long> acked = new LinkedHashMap<>();
        String epoch;
        try (ChatClient onA = joinRoom(nodeA.base(), room)) {
            for (int i = 0; i < 5; i++) {
                String text = room + " before " + i;
                acked.put(text, ack(onA, text));
            }
            epoch = onA.epoch();
            assertEquals(archive.archivedEpoch(room), epoch, "Redis took the room's epoch from the archive");
            archive.awaitArchived(room, acked, Duration.ofSeconds(30));
        }

        assertEquals("+OK", redis.command("FLUSHALL"));

        // Node B never served this room; node A did. Both join the emptied Redis.
        try (ChatClient onB = Retrying.join(nodeB.base(), "chat/" + room, Duration.ofSeconds(30));
             ChatClient onA = Retrying.join(nodeA.base(), "chat/" + room, Duration.ofSeconds(30))) {
            assertEquals(epoch, onB.epoch(), "the same epoch after the flush: the archive's");
            assertEquals(epoch, onA.epoch());
            String text = room + " after";
            long id = ack(onB, text);
            assertEquals(6, id, "ids continue above the archive's last id");
            acked.put(text, id);
            acked.put(room + " after on A", ack(onA, room + " after on A"));
            archive.awaitArchived(room, acked, Duration.ofSeconds(30));
        }
    }

    @Test
    void anEditAndADeleteMadeOnEitherNodeReachTheArchiveAndTheDeletedTextIsGoneFromRedisAndTheArchive() throws Exception {
        String room = uniqueRoom("changes");
        try (ChatClient onA = joinRoom(nodeA.base(), room); ChatClient onB = joinRoom(nodeB.base(), room)) {
            long kept = ack(onA, room + " kept");
            // Its ref is not its text (ack(client, text) uses the text as the ref, which Redis keeps for dedupe).
            long secret = ack(onB, ChatClient.JSON.createObjectNode().put("type", "message")
                    .put("text", room + " secret one").put("ref", "s1"));
            ack(onA, ChatClient.JSON.createObjectNode().put("type", "edit").put("id", kept)
                    .put("text", room + " kept, edited").put("ref", "e1"));
            ack(onB, ChatClient.JSON.createObjectNode().put("type", "edit").put("id", secret)
                    .put("text", room + " secret two").put("ref", "e2"));
            await(() -> (room + " secret two").equals(archive.archivedText(room, secret)), Duration.ofSeconds(30),
                    "the secret's edit archived");
            long delete = ack(onB, ChatClient.JSON.createObjectNode().put("type", "delete").put("id", secret).put("ref", "d1"));

            await(() -> "(deleted)".equals(archive.archivedText(room, secret)), Duration.ofSeconds(30), "the delete archived");
            await(() -> (room + " kept, edited").equals(archive.archivedText(room, kept)), Duration.ofSeconds(30),
                    "the edit archived");
            assertEquals(0, archive.rowsContaining(room, "secret"), "no text of the deleted message in the archive");
            assertEquals(0, redis.valuesContaining("chatsocket:{" + room + "}:*", "secret"), "nor in Redis");
            await(() -> pendingIs(room, 0), Duration.ofSeconds(30), "every entry acknowledged");

            // A newcomer on the other node: the message deleted in its place, the edit and the delete after it.
            try (ChatClient late = joinRoom(nodeA.base(), room)) {
                JsonNode deleted = null;
                for (JsonNode message : late.history().get("messages")) {
                    if (message.get("id").asLong() == secret) {
                        deleted = message;
                    }
                }
                assertTrue(deleted != null && deleted.path("deleted").asBoolean() && !deleted.has("text"),
                        "shown deleted, without its text: " + late.history());
                assertTrue(delete > secret);
            }
        }
    }

    private static boolean markAtLeast(String room, long id) {
        try {
            return archive.archivedMark(room) >= id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean pendingIs(String room, long count) {
        try {
            return archive.pending(room) == count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
