package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.redis.ChatNode;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.chatsocket.chat.ChatClient.uniqueRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bound on room operations waiting for Redis ({@code CHATSOCKET_REDIS_MAX_PENDING}): while
 * Redis is stalled, joins beyond it are refused at once with {@code unavailable} and 1013 instead of
 * queueing without end; once Redis answers again, joins work.
 */
class RedisPendingLimitIT {
    private static RedisServer redis;
    private static ChatNode node;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(false);
        node = ChatNode.inThisJvm(ChatNode.war(Map.of(
                "CHATSOCKET_REDIS_URL", redis.url(),
                "CHATSOCKET_REDIS_TIMEOUT", "2s",
                "CHATSOCKET_REDIS_MAX_PENDING", "1")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void joinsBeyondThePendingLimitAreRefusedWhileRedisStalls() throws Exception {
        String room = uniqueRoom("pending");
        // Redis holds every write (scripts included) for up to 20 s: the worker's joins wait on it
        // until they time out (2 s each). Reads and CLIENT UNPAUSE still go through.
        assertEquals("+OK", redis.command("CLIENT", "PAUSE", "20000", "WRITE"));
        // Three joins while the worker is stuck: one waits on Redis, one waits in the queue (the
        // limit is 1), the third is refused at once. Each handshake is upgraded first: its ban check
        // is a read on a connection of its own, which the stalled writes do not hold up. Which of
        // the three connections is which depends on the order the container runs their onOpen, so
        // the test counts the answers.
        List<String> reasons = new ArrayList<>();
        try (RawWebSocket first = RawWebSocket.open(node.base(), "chat/" + room);
             RawWebSocket second = RawWebSocket.open(node.base(), "chat/" + room);
             RawWebSocket third = RawWebSocket.open(node.base(), "chat/" + room)) {
            for (RawWebSocket ws : List.of(first, second, third)) {
                JsonNode error = ChatClient.JSON.readTree(ws.readText());
                assertEquals("error", error.get("type").asText(), error.toString());
                assertEquals("unavailable", error.get("code").asText(), error.toString());
                reasons.add(error.get("reason").asText());
                assertEquals(1013, ws.readClose().closeCode());
            }
        } finally {
            assertEquals("+OK", redis.command("CLIENT", "UNPAUSE"));
        }
        assertEquals(1, reasons.stream().filter(r -> r.contains("too many joins")).count(), reasons.toString());
        assertEquals(2, reasons.stream().filter(r -> r.contains("unreachable")).count(), reasons.toString());
        try (ChatClient later = Retrying.join(node.base(), "chat/" + room, Duration.ofSeconds(30))) {
            assertEquals("welcome", later.welcome().get("type").asText());
        }
    }
}
