package dev.chatsocket.metrics;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.PrometheusText;
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
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code /metrics} on the real WAR: it is Prometheus text that a strict parser accepts, and its
 * meters move as the test acts. Each test reads the meters before and after and checks the
 * difference, and waits for a change rather than sleeping (a connection is counted once the
 * container has started it, which may be just after the client saw its 101).
 */
@ExtendWith(ArquillianExtension.class)
class MetricsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** Far more than loopback socket buffers and a 64 KiB queue hold together. */
    private static final long FLOOD_BYTES = 48L << 20;

    /** A small outbound queue on the echo (so small messages too), so that a client that stops reading fills it soon. */
    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_ECHO_MAX_MESSAGE_SIZE=1024\n"
                        + "CHATSOCKET_ECHO_MAX_OUTBOUND_BYTES=64KiB\n"
                        // Time for the flood to end and reading to start before the close times out.
                        + "CHATSOCKET_CLOSE_TIMEOUT=60s\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    private URI uri() {
        try {
            return base.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri().resolve(path)).timeout(PATIENCE).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("metrics");
        assertEquals(200, response.statusCode());
        return PrometheusText.parse(response.body());
    }

    private static Map<String, String> tags(String... pairs) {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            tags.put(pairs[i], pairs[i + 1]);
        }
        return tags;
    }

    /** Scrapes until the meter's value passes {@code test}; fails with the last value after a while. */
    private double await(String name, Map<String, String> tags, DoublePredicate test)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long pause = 5;
        while (true) {
            double value = scrape().value(name, tags);
            if (test.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                fail(name + tags + " stayed at " + value);
            }
            Thread.sleep(pause); // polling an outside process's state: backs off, bounded by PATIENCE
            pause = Math.min(pause * 2, 200);
        }
    }

    private double awaitValue(String name, Map<String, String> tags, double expected)
            throws IOException, InterruptedException {
        return await(name, tags, v -> v == expected);
    }

    @Test
    void servedAsPrometheusTextWithTheVersionedContentType() throws Exception {
        HttpResponse<String> response = get("metrics");
        assertEquals(200, response.statusCode());
        String contentType = response.headers().firstValue("Content-Type").orElseThrow();
        Set<String> parts = Arrays.stream(contentType.split(";")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        assertEquals(Set.of("text/plain", "version=0.0.4", "charset=utf-8"), parts, contentType);
        PrometheusText text = PrometheusText.parse(response.body());
        assertEquals("gauge", text.type("chatsocket_connections_open"));
        assertEquals("counter", text.type("chatsocket_handshakes_refused_total"));
        assertTrue(text.has("jvm_memory_used_bytes"), "JVM memory metrics");
        assertTrue(text.has("chatsocket_rooms"), "the chat's room gauge");
    }

    @Test
    void openingAndClosingAConnectionMovesTheOpenGaugeAndTheCloseCounters() throws Exception {
        Map<String, String> echo = tags("endpoint", "echo");
        PrometheusText before = scrape();
        double open = before.value("chatsocket_connections_open", echo);
        double accepted = before.value("chatsocket_handshakes_accepted_total", echo);
        double closesReceived = before.value("chatsocket_closes_received_total", tags("endpoint", "echo", "code", "1000"));
        double closesSent = before.value("chatsocket_closes_sent_total", tags("endpoint", "echo", "code", "1000"));

        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo")) {
            awaitValue("chatsocket_connections_open", echo, open + 1);
            assertEquals(accepted + 1, scrape().value("chatsocket_handshakes_accepted_total", echo));

            ws.send(ClientFrames.close(1000, "done"));
            assertEquals(1000, ws.readClose().closeCode());
            assertTrue(ws.awaitEof(PATIENCE), "the server closes TCP after the close handshake");
        }
        awaitValue("chatsocket_connections_open", echo, open);
        PrometheusText after = scrape();
        assertEquals(closesReceived + 1,
                after.value("chatsocket_closes_received_total", tags("endpoint", "echo", "code", "1000")));
        assertEquals(closesSent + 1,
                after.value("chatsocket_closes_sent_total", tags("endpoint", "echo", "code", "1000")));
    }

    @Test
    void messagesAndBytesAreCountedBothWays() throws Exception {
        Map<String, String> echo = tags("endpoint", "echo");
        PrometheusText before = scrape();
        int messages = 5;
        long wireIn = 0;
        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo")) {
            for (int i = 0; i < messages; i++) {
                byte[] frame = ClientFrames.text("message " + i);
                ws.send(frame);
                wireIn += frame.length;
                assertEquals("message " + i, ws.readText());
            }
            long expectedIn = wireIn;
            await("chatsocket_messages_received_total", echo,
                    v -> v == before.value("chatsocket_messages_received_total", echo) + messages);
            PrometheusText after = scrape();
            assertEquals(before.value("chatsocket_messages_sent_total", echo) + messages,
                    after.value("chatsocket_messages_sent_total", echo));
            assertEquals(before.value("chatsocket_received_bytes_total", echo) + expectedIn,
                    after.value("chatsocket_received_bytes_total", echo), "every byte the client wrote");
            // Each echo is "message N": a two-byte header and nine bytes of text.
            assertTrue(after.value("chatsocket_sent_bytes_total", echo)
                    >= before.value("chatsocket_sent_bytes_total", echo) + messages * 11L, "bytes written");
        }
    }

    @Test
    void refusedHandshakesAreCountedByReason() throws Exception {
        Map<String, String> upgradeRequired = tags("endpoint", "echo", "reason", "upgrade_required");
        Map<String, String> badRequest = tags("endpoint", "echo", "reason", "bad_request");
        Map<String, String> badRoom = tags("endpoint", "chat", "reason", "bad_request");
        PrometheusText before = scrape();

        assertEquals(426, get("echo").statusCode(), "a plain GET to a WebSocket endpoint");
        Map<String, String> badKey = RawWebSocket.browserHeaders(uri(), "not a key");
        assertEquals(400, RawWebSocket.exchange(uri(), "GET", "echo", badKey).status());
        Map<String, String> chat = RawWebSocket.browserHeaders(uri(), RawWebSocket.newKey());
        assertEquals(400, RawWebSocket.exchange(uri(), "GET", "chat/no%20spaces", chat).status());

        // A refusal is counted once the servlet returns, which can be just after its response
        // reached the client: await each count rather than read it once.
        String name = "chatsocket_handshakes_refused_total";
        awaitValue(name, upgradeRequired, before.value(name, upgradeRequired) + 1);
        awaitValue(name, badRequest, before.value(name, badRequest) + 1);
        awaitValue(name, badRoom, before.value(name, badRoom) + 1);
    }

    @Test
    void aProtocolViolationCountsTheCloseCodeSent() throws Exception {
        Map<String, String> sent1002 = tags("endpoint", "echo", "code", "1002");
        double before = scrape().value("chatsocket_closes_sent_total", sent1002);
        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo")) {
            ws.send(ClientFrames.unmasked(true, 1, new byte[] {'x'}));
            assertEquals(1002, ws.readClose().closeCode());
        }
        awaitValue("chatsocket_closes_sent_total", sent1002, before + 1);
    }

    /**
     * A client that floods the echo without reading fills its queue and is closed with 1008 (as in
     * LimitsIT); the counter moves, and once it is gone its queue no longer counts.
     */
    @Test
    void aSlowConsumerIsCountedAndItsQueueLetGo() throws Exception {
        Map<String, String> echo = tags("endpoint", "echo");
        Map<String, String> sent1008 = tags("endpoint", "echo", "code", "1008");
        PrometheusText before = scrape();
        byte[] frame = ClientFrames.binary(new byte[1024]);
        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo")) {
            for (long sent = 0; sent < FLOOD_BYTES; sent += frame.length) {
                ws.send(frame);
            }
            assertEquals(1008, ws.readClose().closeCode());
            ws.send(ClientFrames.close(1008, ""));
            assertTrue(ws.awaitEof(PATIENCE), "the server closes TCP after the close handshake");
        }
        awaitValue("chatsocket_connections_open", echo, before.value("chatsocket_connections_open", echo));
        PrometheusText after = scrape();
        assertEquals(before.value("chatsocket_slow_consumer_closes_total", echo) + 1,
                after.value("chatsocket_slow_consumer_closes_total", echo));
        assertEquals(before.value("chatsocket_closes_sent_total", sent1008) + 1,
                after.value("chatsocket_closes_sent_total", sent1008));
        assertEquals(0, after.value("chatsocket_outbound_queued_bytes", echo), "nothing is held for it any more");
    }

    @Test
    void roomsAndMembersFollowTheChat() throws Exception {
        double members = scrape().value("chatsocket_room_members", Map.of());
        try (RawWebSocket ws = RawWebSocket.open(uri(), "chat/metrics-room")) {
            ws.readText(); // the welcome
            awaitValue("chatsocket_room_members", Map.of(), members + 1);
            assertTrue(scrape().value("chatsocket_rooms", Map.of()) >= 1, "the room exists");
            assertEquals(1, scrape().value("chatsocket_connections_open", tags("endpoint", "chat")));
        }
        awaitValue("chatsocket_room_members", Map.of(), members);
    }
}
