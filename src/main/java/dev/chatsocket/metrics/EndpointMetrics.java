package dev.chatsocket.metrics;

import dev.chatsocket.ws.ConnectionEvents;
import dev.chatsocket.ws.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one WebSocket endpoint, all tagged {@code endpoint=<name>}, moved by the events
 * the engine reports. Tags only ever take values from fixed sets (endpoint names, refusal reasons,
 * registered close codes), so the number of series stays bounded whatever clients send.
 */
final class EndpointMetrics implements ConnectionEvents {
    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Counter accepted;
    private final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);
    private final Counter messagesReceived;
    private final Counter messagesSent;
    private final Counter bytesReceived;
    private final Counter bytesSent;
    private final Counter slowConsumerCloses;
    /**
     * Close counters by code tag, made on first use and then found here rather than through the
     * registry's builder, which cost a handshake cycle about 2% of its CPU; as bounded as the tag.
     */
    private final Map<String, Counter> closesSent = new ConcurrentHashMap<>();
    private final Map<String, Counter> closesReceived = new ConcurrentHashMap<>();

    EndpointMetrics(MeterRegistry registry, String endpoint) {
        this.registry = registry;
        this.tags = Tags.of("endpoint", endpoint);
        Gauge.builder("chatsocket.connections.open", open, AtomicLong::get)
                .description("WebSocket connections open now").tags(tags).register(registry);
        Gauge.builder("chatsocket.outbound.queued", queuedBytes, AtomicLong::get).baseUnit("bytes")
                .description("Bytes queued for clients and not yet written, over all connections")
                .tags(tags).register(registry);
        accepted = Counter.builder("chatsocket.handshakes.accepted")
                .description("Handshakes answered with 101").tags(tags).register(registry);
        for (RefusalReason reason : RefusalReason.values()) {
            refused.put(reason, Counter.builder("chatsocket.handshakes.refused")
                    .description("Handshakes refused with an HTTP error, by reason")
                    .tags(tags).tag("reason", reason.tag()).register(registry));
        }
        messagesReceived = Counter.builder("chatsocket.messages.received")
                .description("Whole data messages received from clients").tags(tags).register(registry);
        messagesSent = Counter.builder("chatsocket.messages.sent")
                .description("Data messages queued for clients").tags(tags).register(registry);
        bytesReceived = Counter.builder("chatsocket.received").baseUnit("bytes")
                .description("Bytes read from clients, frame headers included").tags(tags).register(registry);
        bytesSent = Counter.builder("chatsocket.sent").baseUnit("bytes")
                .description("Bytes written to clients, frame headers included").tags(tags).register(registry);
        slowConsumerCloses = Counter.builder("chatsocket.slow.consumer.closes")
                .description("Clients closed with 1008 because they stopped reading while their queue filled")
                .tags(tags).register(registry);
    }

    @Override
    public void handshakeAccepted() {
        accepted.increment();
    }

    @Override
    public void handshakeRefused(int status) {
        refused.get(RefusalReason.of(status)).increment();
    }

    @Override
    public void opened() {
        open.incrementAndGet();
    }

    @Override
    public void released() {
        open.decrementAndGet();
    }

    @Override
    public void bytesReceived(int count) {
        bytesReceived.increment(count);
    }

    @Override
    public void messageReceived(Message message) {
        messagesReceived.increment();
    }

    @Override
    public void messageQueued(int frameBytes) {
        messagesSent.increment();
    }

    @Override
    public void bytesSent(int count) {
        bytesSent.increment(count);
    }

    @Override
    public void queuedBytesChanged(long delta) {
        queuedBytes.addAndGet(delta);
    }

    @Override
    public void closeSent(int code, String reason) {
        closeCounter(closesSent, "chatsocket.closes.sent", "Close frames sent, by code", code).increment();
    }

    @Override
    public void closeReceived(int code, String reason) {
        closeCounter(closesReceived, "chatsocket.closes.received", "Close frames received, by code (1005: none given)",
                code).increment();
    }

    @Override
    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    private Counter closeCounter(Map<String, Counter> counters, String name, String description, int code) {
        return counters.computeIfAbsent(CloseCodeTag.of(code), tag -> Counter.builder(name).description(description)
                .tags(tags).tag("code", tag).register(registry));
    }
}
