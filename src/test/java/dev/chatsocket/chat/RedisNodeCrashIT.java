package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.redis.ChatNode;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static dev.chatsocket.chat.ChatClient.uniqueRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node killed hard (SIGKILL: no close frames, no leave scripts) while its clients are sending:
 * every message that was acked is in the history exactly once; the surviving node's members saw
 * every message with no gap; the dead node's members drop out of the room's presence once their
 * heartbeat stops.
 */
class RedisNodeCrashIT {
    private static final String PRESENCE_TTL = "1500ms";

    private static RedisServer redis;
    private static ChatNode survivingNode;
    private static ChatNode.InOwnProcess doomedNode;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(false);
        Map<String, String> settings = Map.of(
                "CHATSOCKET_REDIS_URL", redis.url(),
                "CHATSOCKET_REDIS_PRESENCE_TTL", PRESENCE_TTL,
                // The senders send the next message as soon as the last is acked: not a flood to refuse.
                "CHATSOCKET_CHAT_RATE_MESSAGES", "10000",
                "CHATSOCKET_CHAT_RATE_MESSAGE_BURST", "10000",
                "CHATSOCKET_USER_RATE_MESSAGES", "10000",
                "CHATSOCKET_USER_RATE_MESSAGE_BURST", "10000");
        survivingNode = ChatNode.inThisJvm(ChatNode.war(settings));
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("CHATSOCKET_WAR", Path.of("target/chatsocket.war").toAbsolutePath().toString());
        Path log = Files.createDirectories(Path.of("target/failsafe-reports-redis")).resolve("crashed-node.log");
        doomedNode = (ChatNode.InOwnProcess) ChatNode.inOwnProcess(environment, log);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[]{doomedNode, survivingNode, redis}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    /** Sends numbered messages one after another, each after the previous one's ack, until its connection dies or it is told to stop. */
    private static final class Sender implements Runnable {
        final ChatClient client;
        final String prefix;
        final Map<String, Long> acked = new ConcurrentHashMap<>();
        volatile boolean stop;
        volatile AssertionError failure;
        final Thread thread;

        Sender(ChatClient client, String prefix) {
            this.client = client;
            this.prefix = prefix;
            this.thread = new Thread(this, "sender-" + prefix);
        }

        @Override
        public void run() {
            try {
                for (int i = 0; !stop; i++) {
                    String ref = prefix + "-" + i;
                    client.say("text of " + ref, ref);
                    while (true) {
                        JsonNode frame = client.next();
                        if (frame.path("type").asText().equals("ack")) {
                            assertEquals(ref, frame.get("ref").asText());
                            acked.put(ref, frame.get("id").asLong());
                            break;
                        }
                        if (frame.path("type").asText().equals("error")) {
                            throw new AssertionError("refused: " + frame);
                        }
                    }
                }
            } catch (IOException connectionGone) {
                // the node died under this client
            } catch (AssertionError e) {
                failure = e;
            }
        }
    }

    @Test
    void everyAckedMessageSurvivesACrashedNodeOnceAndTheOtherNodeSawNoGap() throws Exception {
        String room = uniqueRoom("crash");
        try (ChatClient watcher = ChatClient.joinRoom(survivingNode.base(), room);
             ChatClient doomed1 = ChatClient.joinRoom(doomedNode.base(), room);
             ChatClient doomed2 = ChatClient.joinRoom(doomedNode.base(), room);
             ChatClient survivor = ChatClient.joinRoom(survivingNode.base(), room)) {
            Sender onDoomed1 = new Sender(doomed1, "x1");
            Sender onDoomed2 = new Sender(doomed2, "x2");
            Sender onSurvivor = new Sender(survivor, "s");
            List<Sender> senders = List.of(onDoomed1, onDoomed2, onSurvivor);
            senders.forEach(s -> s.thread.start());

            await(() -> onDoomed1.acked.size() >= 20 && onDoomed2.acked.size() >= 20, Duration.ofSeconds(60));
            doomedNode.kill();
            onDoomed1.thread.join(30_000);
            onDoomed2.thread.join(30_000);
            int afterCrash = onSurvivor.acked.size() + 20;
            await(() -> onSurvivor.acked.size() >= afterCrash, Duration.ofSeconds(60));
            onSurvivor.stop = true;
            onSurvivor.thread.join(30_000);
            for (Sender sender : senders) {
                if (sender.failure != null) {
                    throw sender.failure;
                }
            }
            long lastId = onSurvivor.acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();

            // The watcher on the surviving node saw every message, 1, 2, 3, … with no gap.
            List<JsonNode> seen = new ArrayList<>();
            Set<String> left = new HashSet<>();
            while (seen.isEmpty() || seen.get(seen.size() - 1).get("id").asLong() < lastId) {
                JsonNode frame = watcher.next();
                if (frame.get("type").asText().equals("message")) {
                    seen.add(frame);
                } else if (frame.path("event").asText().equals("leave")) {
                    left.add(frame.get("uid").asText());
                }
            }
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i + 1, seen.get(i).get("id").asLong(), "no gap in what the surviving node delivered");
            }

            // Every acked message is in the history exactly once, with its text.
            String auditorUid;
            try (ChatClient auditor = ChatClient.joinRoom(survivingNode.base(), room)) {
                auditorUid = auditor.uid();
                Map<String, List<Long>> idsByText = new HashMap<>();
                for (JsonNode m : auditor.history().get("messages")) {
                    idsByText.computeIfAbsent(m.get("text").asText(), t -> new ArrayList<>()).add(m.get("id").asLong());
                }
                int ackedCount = 0;
                for (Sender sender : senders) {
                    for (Map.Entry<String, Long> ack : sender.acked.entrySet()) {
                        assertEquals(List.of(ack.getValue()), idsByText.get("text of " + ack.getKey()),
                                "acked " + ack.getKey() + " is stored once, under its acked id");
                        ackedCount++;
                    }
                }
                idsByText.forEach((text, ids) -> assertEquals(1, ids.size(), "stored once: " + text));
                assertTrue(ackedCount >= 60, "the test exercised enough messages: " + ackedCount);
                List<Long> seenIds = seen.stream().map(m -> m.get("id").asLong()).toList();
                assertEquals(seenIds, auditor.historyIds().subList(0, seenIds.size()),
                        "the history is what the surviving node delivered");
            }

            // The dead node said no goodbye; its members drop out when their presence expires. The
            // auditor leaves once its presence grace is over.
            while (!left.containsAll(Set.of(doomed1.uid(), doomed2.uid(), auditorUid))) {
                JsonNode frame = watcher.next();
                if (frame.path("event").asText().equals("leave")) {
                    left.add(frame.get("uid").asText());
                }
            }
            try (ChatClient newcomer = ChatClient.joinRoom(survivingNode.base(), room)) {
                Set<String> listed = new HashSet<>();
                newcomer.welcome().get("members").forEach(m -> listed.add(m.get("uid").asText()));
                assertEquals(Set.of(watcher.uid(), survivor.uid(), newcomer.uid()), listed);
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + within);
            }
            Thread.sleep(20);
        }
    }
}
