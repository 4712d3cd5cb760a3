package dev.chatsocket.metrics;

import dev.chatsocket.testsupport.PrometheusText;
import dev.chatsocket.ws.ConnectionEvents;
import dev.chatsocket.ws.Message;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters move with the engine's events and come out as valid Prometheus text. */
class ApplicationMetricsTest {
    private final ApplicationMetrics metrics = new ApplicationMetrics();
    private final ConnectionEvents echo = metrics.endpoint("echo");

    private PrometheusText scrape() {
        return PrometheusText.parse(metrics.scrape());
    }

    private static Map<String, String> echoTags(String... more) {
        Map<String, String> tags = new java.util.HashMap<>(Map.of("endpoint", "echo"));
        for (int i = 0; i < more.length; i += 2) {
            tags.put(more[i], more[i + 1]);
        }
        return tags;
    }

    @Test
    void everyEndpointMeterExistsFromTheStartAtZero() {
        PrometheusText text = scrape();
        assertEquals("gauge", text.type("chatsocket_connections_open"));
        assertEquals("counter", text.type("chatsocket_handshakes_accepted_total"));
        for (RefusalReason reason : RefusalReason.values()) {
            assertTrue(text.samples().stream().anyMatch(s -> s.name().equals("chatsocket_handshakes_refused_total")
                    && s.labels().equals(echoTags("reason", reason.tag()))), reason.tag());
        }
        assertEquals(0, text.value("chatsocket_connections_open", echoTags()));
        assertTrue(text.has("jvm_memory_used_bytes"), "JVM memory");
        assertTrue(text.has("jvm_threads_live_threads"), "JVM threads");
    }

    @Test
    void connectionsOpenAndRelease() {
        echo.handshakeAccepted();
        echo.opened();
        echo.opened();
        echo.released();
        PrometheusText text = scrape();
        assertEquals(1, text.value("chatsocket_handshakes_accepted_total", echoTags()));
        assertEquals(1, text.value("chatsocket_connections_open", echoTags()));
    }

    @Test
    void refusalsAreCountedByTheReasonTheirStatusMeans() {
        echo.handshakeRefused(400);
        echo.handshakeRefused(400);
        echo.handshakeRefused(503);
        echo.handshakeRefused(418);
        PrometheusText text = scrape();
        assertEquals(2, text.value("chatsocket_handshakes_refused_total", echoTags("reason", "bad_request")));
        assertEquals(1, text.value("chatsocket_handshakes_refused_total", echoTags("reason", "unavailable")));
        assertEquals(1, text.value("chatsocket_handshakes_refused_total", echoTags("reason", "other")));
    }

    @Test
    void trafficAndQueuedBytes() {
        echo.bytesReceived(100);
        echo.messageReceived(new Message(true, new byte[94]));
        echo.messageQueued(96);
        echo.queuedBytesChanged(96);
        echo.queuedBytesChanged(50);
        echo.queuedBytesChanged(-96);
        echo.bytesSent(96);
        PrometheusText text = scrape();
        assertEquals(100, text.value("chatsocket_received_bytes_total", echoTags()));
        assertEquals(96, text.value("chatsocket_sent_bytes_total", echoTags()));
        assertEquals(1, text.value("chatsocket_messages_received_total", echoTags()));
        assertEquals(1, text.value("chatsocket_messages_sent_total", echoTags()));
        assertEquals(50, text.value("chatsocket_outbound_queued_bytes", echoTags()));
    }

    @Test
    void closeCodesAreTaggedWithinABoundedSet() {
        echo.closeReceived(1000, "bye");
        echo.closeReceived(1005, "");
        echo.closeReceived(4321, "a code the client chose");
        echo.closeReceived(3999, "another");
        echo.closeSent(1002, "reserved bits set");
        echo.slowConsumerClosed();
        echo.closeSent(1008, "slow consumer");
        PrometheusText text = scrape();
        assertEquals(1, text.value("chatsocket_closes_received_total", echoTags("code", "1000")));
        assertEquals(1, text.value("chatsocket_closes_received_total", echoTags("code", "1005")));
        assertEquals(2, text.value("chatsocket_closes_received_total", echoTags("code", "other")));
        assertFalse(text.samples().stream().anyMatch(s -> "4321".equals(s.labels().get("code"))));
        assertEquals(1, text.value("chatsocket_closes_sent_total", echoTags("code", "1002")));
        assertEquals(1, text.value("chatsocket_closes_sent_total", echoTags("code", "1008")));
        assertEquals(1, text.value("chatsocket_slow_consumer_closes_total", echoTags()));
    }

    @Test
    void endpointsAreSeparateSeries() {
        ConnectionEvents chat = metrics.endpoint("chat");
        chat.opened();
        PrometheusText text = scrape();
        assertEquals(1, text.value("chatsocket_connections_open", Map.of("endpoint", "chat")));
        assertEquals(0, text.value("chatsocket_connections_open", echoTags()));
    }

    @Test
    void applicationGaugesAreReadWhenScraped() {
        int[] rooms = {3};
        metrics.gauge("chatsocket.rooms", "rooms", () -> rooms[0]);
        assertEquals(3, scrape().value("chatsocket_rooms", Map.of()));
        rooms[0] = 5;
        assertEquals(5, scrape().value("chatsocket_rooms", Map.of()));
    }
}
