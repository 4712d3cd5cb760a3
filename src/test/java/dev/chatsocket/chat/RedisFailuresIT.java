package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.redis.ChatNode;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.chatsocket.chat.ChatClient.uniqueRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis going away under two running nodes: a restart with AOF keeps the history and its epoch;
 * while Redis is down, posts are answered with errors, never acks, and the WebSockets stay open;
 * once it is back every acked message is delivered, none missing, none twice; a flushed Redis
 * starts a new epoch, and resuming clients are told {@code recovered: false}.
 */
class RedisFailuresIT {
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private static RedisServer redis;
    private static ChatNode nodeA;
    private static ChatNode nodeB;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(true);
        Path war = ChatNode.war(Map.of(
                "CHATSOCKET_REDIS_URL", redis.url(),
                "CHATSOCKET_REDIS_TIMEOUT", "1s",
                "CHATSOCKET_REDIS_PRESENCE_TTL", "1500ms"));
        nodeA = ChatNode.inThisJvm(war);
        nodeB = ChatNode.inThisJvm(war);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[]{nodeA, nodeB, redis}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void historyAndEpochSurviveARedisRestartWithAof() throws Exception {
        String room = uniqueRoom("aof");
        List<Long> ids = new ArrayList<>();
        String epoch;
        try (ChatClient writer = ChatClient.joinRoom(nodeA.base(), room)) {
            epoch = writer.epoch();
            for (int i = 0; i < 5; i++) {
                ids.add(writer.post("kept " + i, "k" + i).get("id").asLong());
            }

            redis.stop();
            redis.restart();

            try (ChatClient reader = Retrying.join(nodeB.base(), "chat/" + room + "?since=0&epoch=" + epoch, RECOVERY)) {
                assertEquals(epoch, reader.epoch(), "the same history, so the same epoch");
                assertEquals(ids, reader.historyIds(), "every acked message is still there");
                assertTrue(reader.history().get("recovered").asBoolean(), reader.history().toString());

                // The writer's WebSocket stayed open through the restart and works again.
                List<JsonNode> meanwhile = new ArrayList<>();
                long after = Retrying.postUntilAcked(writer, "after the restart", "k-after", meanwhile, RECOVERY);
                assertEquals(ids.get(ids.size() - 1) + 1, after, "ids go on where they were");
                assertEquals(after, reader.until("message").get("id").asLong());
            }
        }
    }

    @Test
    void whileRedisIsDownPostsGetErrorsAndOnceItIsBackNothingAckedIsLost() throws Exception {
        String room = uniqueRoom("outage");
        try (ChatClient sender = ChatClient.joinRoom(nodeA.base(), room);
             ChatClient receiver = ChatClient.joinRoom(nodeB.base(), room)) {
            sender.until("presence");
            List<Long> acked = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                acked.add(sender.post("before " + i, "before-" + i).get("id").asLong());
            }

            redis.stop();
            // Redis stays down for at least three seconds. Every post meanwhile is refused with an
            // error for its ref, never acked, and the WebSocket stays open (each error comes on it).
            long downSince = System.nanoTime();
            int refused = 0;
            while (refused < 5 || System.nanoTime() - downSince < Duration.ofSeconds(3).toNanos()) {
                sender.say("during " + refused, "during-" + refused);
                JsonNode answer = sender.next();
                assertEquals("error", answer.get("type").asText(), "no ack while Redis is down: " + answer);
                assertEquals("unavailable", answer.get("code").asText(), answer.toString());
                assertEquals("during-" + refused, answer.get("ref").asText(), answer.toString());
                refused++;
                Thread.sleep(200); // the client's pace, not a wait for the server
            }
            redis.restart();

            // The client resends with the same refs, as the protocol asks, until each is acked.
            List<JsonNode> sendersFrames = new ArrayList<>();
            for (int i = 0; i < refused; i++) {
                acked.add(Retrying.postUntilAcked(sender, "during " + i, "during-" + i, sendersFrames, RECOVERY));
            }
            for (int i = 1; i < acked.size(); i++) {
                assertEquals(acked.get(i - 1) + 1, acked.get(i), "acked ids have no hole: " + acked);
            }

            // The other node's member, whose WebSocket also stayed open, gets every acked message, in order.
            List<Long> received = new ArrayList<>();
            while (received.size() < acked.size()) {
                received.add(receiver.until("message").get("id").asLong());
            }
            assertEquals(acked, received);

            try (ChatClient late = Retrying.join(nodeB.base(), "chat/" + room, RECOVERY)) {
                List<Long> history = late.historyIds();
                assertEquals(acked, history, "each acked message stored exactly once");
                assertEquals(new HashSet<>(history).size(), history.size());
            }
        }
    }

    @Test
    void aFlushedRedisStartsANewEpochAndResumingClientsAreToldNothingWasRecovered() throws Exception {
        String room = uniqueRoom("flush");
        String oldEpoch;
        long lastId;
        try (ChatClient member = ChatClient.joinRoom(nodeA.base(), room)) {
            oldEpoch = member.epoch();
            member.post("soon gone", "g1");
            lastId = member.post("also gone", "g2").get("id").asLong();

            assertEquals("+OK", redis.command("FLUSHALL"));

            // Its ids now belong to a lost history: the node closes it with 1012 so it reconnects.
            RawWebSocket.ServerFrame close = member.raw().readClose();
            assertEquals(1012, close.closeCode(), close.closeReason());
        }
        try (ChatClient resumed = Retrying.join(nodeB.base(),
                "chat/" + room + "?since=" + lastId + "&epoch=" + oldEpoch, RECOVERY)) {
            assertNotEquals(oldEpoch, resumed.epoch(), "a flushed Redis means a new epoch");
            assertFalse(resumed.history().get("recovered").asBoolean(), resumed.history().toString());
            assertTrue(resumed.historyIds().isEmpty(), "nothing is left of the old history");
            Set<String> uids = new HashSet<>();
            resumed.welcome().get("members").forEach(m -> uids.add(m.get("uid").asText()));
            assertEquals(Set.of(resumed.uid()), uids, "the closed member is not listed");
            assertEquals(1, resumed.post("first of the new epoch", "n1").get("id").asLong(), "ids start again");
        }
    }
}
