package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that floods a room (rate limits here: 20 messages a second, bursts of 40, closed after
 * 5 refusals in a row; the per-person limit above that, so that the connection's own is tested) is told {@code rate-limited} once, then closed with 1008; what it sent over
 * the limit is neither stored nor broadcast. A quiet pair in the same room meanwhile gets every
 * message it sends. Their latency is printed (target/failsafe-reports-*&#47;*-output.txt), never
 * asserted.
 */
@ExtendWith(ArquillianExtension.class)
class ChatFloodIT {
    private static final int QUIET_MESSAGES = 20;
    private static final int RATE = 20;
    private static final int BURST = 40;
    /** The most the flooder sends before it sees its close; far more than any burst. */
    private static final int MAX_FLOOD_FRAMES = 20_000;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_CHAT_RATE_MESSAGES=" + RATE + "\n"
                        + "CHATSOCKET_CHAT_RATE_MESSAGE_BURST=" + BURST + "\n"
                        + "CHATSOCKET_CHAT_RATE_MAX_REFUSALS=5\n"
                        + "CHATSOCKET_USER_RATE_MESSAGES=1000\n"
                        + "CHATSOCKET_USER_RATE_MESSAGE_BURST=1000\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    /** What the flooder saw before its close. */
    private record FloodOutcome(int sent, int acks, List<String> errorCodes, int closeCode, long closedAfterMillis) {
    }

    @Test
    void theFlooderIsToldThenClosedWith1008AndTheQuietPairGetsEveryMessage() throws Exception {
        URI uri = ChatClient.uri(base);
        String room = ChatClient.uniqueRoom("flood");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (ChatClient sender = ChatClient.joinRoom(uri, room);
             ChatClient receiver = ChatClient.joinRoom(uri, room);
             ChatClient flooder = ChatClient.joinRoom(uri, room)) {
            Map<String, Long> receivedAt = new ConcurrentHashMap<>();
            Map<String, Integer> receivedFrom = new ConcurrentHashMap<>();
            CompletableFuture<Void> receiving = CompletableFuture.runAsync(
                    () -> receiveUntil(receiver, "after-flood", receivedAt, receivedFrom), threads);

            CompletableFuture<FloodOutcome> flood = CompletableFuture.supplyAsync(() -> flood(flooder, threads), threads);

            // The quiet sender posts during the flood, each message once the last one's ack is back.
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            for (int i = 1; i <= QUIET_MESSAGES; i++) {
                String text = "quiet-" + i;
                sentAt.put(text, System.nanoTime());
                sender.say(text, "q" + i);
                assertEquals("q" + i, sender.until("ack").get("ref").asText(), "the quiet sender is never refused");
            }
            FloodOutcome outcome = flood.get(60, TimeUnit.SECONDS);
            // Sent after the flooder's close: every broadcast of the flooder's is ahead of it.
            sender.say("after-flood", null);
            sender.until("ack");
            receiving.get(60, TimeUnit.SECONDS);

            assertEquals(List.of("rate-limited"), outcome.errorCodes(),
                    "one error frame, for the first message over the limit; the rest are dropped quietly");
            assertEquals(1008, outcome.closeCode());
            assertTrue(outcome.acks() < outcome.sent(), "most of the flood was refused: " + outcome);
            // An ack comes once the message is stored, which with the database store may be after
            // the flooder's close: then its accepted messages reach the room without their acks.
            // Either way nothing refused does: at most the burst and what the rate refilled.
            int fromFlooder = receivedFrom.getOrDefault(flooder.uid(), 0);
            long admissible = BURST + (long) Math.ceil(RATE * (outcome.closedAfterMillis() / 1000.0)) + 1;
            assertTrue(fromFlooder >= outcome.acks() && fromFlooder <= admissible,
                    "every acked message of the flooder's reached the room, nothing refused did: " + fromFlooder
                            + " reached, " + outcome.acks() + " acked, at most " + admissible + " admissible");
            for (int i = 1; i <= QUIET_MESSAGES; i++) {
                assertTrue(receivedAt.containsKey("quiet-" + i), "quiet-" + i + " reached the receiver");
            }
            assertEquals(QUIET_MESSAGES + 1, receivedFrom.get(sender.uid()).intValue(), "and nothing else of the sender's");

            List<Double> latencies = new ArrayList<>();
            sentAt.forEach((text, at) -> latencies.add((receivedAt.get(text) - at) / 1e6));
            Collections.sort(latencies);
            System.out.printf("ChatFloodIT: flooder sent %d frames, %d accepted, closed with %d after %d ms; "
                            + "quiet pair latency over %d messages: median %.2f ms, max %.2f ms%n",
                    outcome.sent(), outcome.acks(), outcome.closeCode(), outcome.closedAfterMillis(),
                    latencies.size(), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Writes message frames as fast as the socket takes them, on one thread, while another reads
     * until the server's close; then stops writing and answers the close.
     */
    private static FloodOutcome flood(ChatClient flooder, ExecutorService threads) {
        RawWebSocket ws = flooder.raw();
        byte[] frame = ClientFrames.text("{\"type\":\"message\",\"text\":\"flood\"}");
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        CompletableFuture<Integer> writing = CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            try {
                while (!stop.get() && sent < MAX_FLOOD_FRAMES) {
                    ws.send(frame);
                    sent++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sent;
        }, threads);
        try {
            int acks = 0;
            List<String> errors = new ArrayList<>();
            while (true) {
                RawWebSocket.ServerFrame next = ws.readFrame(Duration.ofSeconds(30));
                if (next.opcode() == 8) {
                    long closedAfter = Duration.ofNanos(System.nanoTime() - start).toMillis();
                    stop.set(true);
                    int sent = writing.get(30, TimeUnit.SECONDS);
                    ws.send(ClientFrames.close(1000, ""));
                    return new FloodOutcome(sent, acks, errors, next.closeCode(), closedAfter);
                }
                if (next.opcode() == 1) {
                    JsonNode json = ChatClient.JSON.readTree(next.text());
                    switch (json.path("type").asText()) {
                        case "ack" -> acks++;
                        case "error" -> errors.add(json.path("code").asText());
                        default -> {
                            // The room's broadcasts, the flooder's own included.
                        }
                    }
                }
            }
        } catch (Exception e) {
            stop.set(true);
            throw new IllegalStateException(e);
        }
    }

    /** Reads the room until {@code lastText}, noting when each message came and whose it was. */
    private static void receiveUntil(ChatClient receiver, String lastText, Map<String, Long> receivedAt,
                                     Map<String, Integer> receivedFrom) {
        try {
            while (true) {
                JsonNode frame = receiver.until("message");
                receivedAt.putIfAbsent(frame.get("text").asText(), System.nanoTime());
                receivedFrom.merge(frame.get("uid").asText(), 1, Integer::sum);
                if (lastText.equals(frame.get("text").asText())) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
