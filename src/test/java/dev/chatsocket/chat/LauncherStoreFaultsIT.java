package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.redis.ChatNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The default store, the embedded database, against real faults of the real launcher in a JVM of
 * its own: killed with SIGKILL in the middle of traffic it loses no acked message and comes back in
 * the same epoch; a data directory that cannot be written gives {@code unavailable} (never an ack)
 * and a failing {@code /health}, and the node recovers when the disk does.
 */
class LauncherStoreFaultsIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private final List<ChatNode> nodes = new ArrayList<>();
    private Path dataDir;

    @AfterEach
    void stop() throws Exception {
        for (ChatNode node : nodes) {
            node.close();
        }
        if (dataDir != null) {
            new ProcessBuilder("chattr", "-R", "-i", dataDir.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The launcher on a free port with its data in {@code dataDir}; as many messages a second as the test sends. */
    private ChatNode.InOwnProcess start(String log) throws IOException {
        String classpath = System.getProperty("chatsocket.launcher.classpath");
        assertTrue(classpath != null && !classpath.isBlank(),
                "system property chatsocket.launcher.classpath (set by the pom's it-jetty execution)");
        Map<String, String> environment = new HashMap<>();
        environment.put("CHATSOCKET_WAR", Path.of("target/chatsocket.war").toAbsolutePath().toString());
        environment.put("CHATSOCKET_DATA_DIR", dataDir.toString());
        environment.put("CHATSOCKET_CHAT_RATE_MESSAGES", "100000");
        environment.put("CHATSOCKET_CHAT_RATE_MESSAGE_BURST", "100000");
        environment.put("CHATSOCKET_USER_RATE_MESSAGES", "100000");
        environment.put("CHATSOCKET_USER_RATE_MESSAGE_BURST", "100000");
        // A window larger than what the test sends, so that a resume from the first message is whole.
        environment.put("CHATSOCKET_HISTORY_SIZE", "10000");
        Path logs = Files.createDirectories(Path.of("target/failsafe-reports-jetty"));
        ChatNode.InOwnProcess node = (ChatNode.InOwnProcess) ChatNode.inOwnProcess(classpath, environment, logs.resolve(log));
        nodes.add(node);
        return node;
    }

    private Path newDataDir() throws IOException {
        // Under target/ rather than /tmp: on the build's own disk, where chattr works (tmpfs has no immutable flag).
        dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target/store-faults")).toAbsolutePath(), "data-");
        return dataDir;
    }

    @Test
    void killedInTheMiddleOfTrafficItLosesNoAckedMessageAndResumesInTheSameEpoch() throws Exception {
        newDataDir();
        ChatNode.InOwnProcess node = start("killed-node.log");
        String room = ChatClient.uniqueRoom("kill");
        Set<Long> acked = new TreeSet<>();
        String epoch;
        try (ChatClient sender = ChatClient.joinRoom(node.base(), room)) {
            epoch = sender.epoch();
            // Posts go out from another thread while this one reads acks, and the node dies mid-stream.
            CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 5000; i++) {
                        sender.say("message " + i, "r" + i);
                    }
                } catch (IOException killed) {
                    // the node was killed: the socket is gone
                }
            });
            try {
                while (true) {
                    JsonNode frame = sender.next();
                    if (frame.path("type").asText().equals("ack")) {
                        acked.add(frame.get("id").asLong());
                        if (acked.size() == 200) {
                            node.kill();
                        }
                    }
                }
            } catch (IOException | AssertionError connectionGone) {
                // read until the connection died with the node
            }
            posting.get(30, TimeUnit.SECONDS);
        }
        assertTrue(acked.size() >= 200, "acks before the kill: " + acked.size());

        ChatNode.InOwnProcess restarted = start("restarted-node.log");
        long newest = acked.stream().mapToLong(Long::longValue).max().orElseThrow();
        try (ChatClient resumed = ChatClient.join(restarted.base(), "chat/" + room + "?since=0&epoch=" + epoch)) {
            assertEquals(epoch, resumed.epoch(), "the same epoch after the restart");
            assertTrue(resumed.history().get("recovered").asBoolean(), resumed.history().toString());
            Set<Long> kept = new TreeSet<>(resumed.historyIds());
            assertTrue(kept.containsAll(acked), "every acked message is kept: missing "
                    + acked.stream().filter(id -> !kept.contains(id)).toList());
            long last = resumed.historyIds().get(resumed.historyIds().size() - 1);
            assertTrue(last >= newest);
            JsonNode next = resumed.post("after the restart", "after");
            assertEquals(last + 1, next.get("id").asLong(), "ids go on from the store's sequence");
        }
        try (ChatClient fromNewest = ChatClient.join(restarted.base(), "chat/" + room + "?since=" + newest + "&epoch=" + epoch)) {
            assertTrue(fromNewest.history().get("recovered").asBoolean(), "a resume from the newest ack is recovered, no gap");
        }
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenRefusesPostsAndFailsHealthUntilItCanAgain() throws Exception {
        // Root ignores file permissions, so "read-only" is made with the immutable attribute, which
        // stops root too (and writes through descriptors opened before). Setting it needs CAP_LINUX_IMMUTABLE.
        newDataDir();
        ChatNode.InOwnProcess node = start("read-only-node.log");
        String room = ChatClient.uniqueRoom("readonly");
        try (ChatClient client = ChatClient.joinRoom(node.base(), room)) {
            long first = client.post("stored while writable", "w1").get("id").asLong();
            assertEquals(200, health(node.base()).statusCode());

            assumeTrue(chattr("+i"), "chattr +i is not available here (needs root or CAP_LINUX_IMMUTABLE on ext2/3/4, xfs or btrfs)");
            client.say("not stored", "ro1");
            JsonNode refused = client.until("error");
            assertEquals("unavailable", refused.get("code").asText(), refused.toString());
            assertEquals("ro1", refused.get("ref").asText());
            HttpResponse<String> failing = health(node.base());
            assertEquals(503, failing.statusCode(), failing.body());
            assertTrue(failing.body().contains("\"history\":\"unwritable\""), failing.body());

            assertTrue(chattr("-i"), "chattr -i");
            List<JsonNode> others = new ArrayList<>();
            long id = Retrying.postUntilAcked(client, "stored once writable again", "ro1", others, WITHIN);
            assertEquals(first + 1, id, "the refused post took no id");
            assertTrue(others.stream().noneMatch(f -> f.path("type").asText().equals("ack")), "never an ack while read-only: " + others);
            assertEquals(200, health(node.base()).statusCode());
        }
    }

    private boolean chattr(String flag) throws Exception {
        Process chattr = new ProcessBuilder("chattr", "-R", flag, dataDir.toString()).redirectErrorStream(true).start();
        return chattr.waitFor(10, TimeUnit.SECONDS) && chattr.exitValue() == 0;
    }

    private static HttpResponse<String> health(URI base) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
