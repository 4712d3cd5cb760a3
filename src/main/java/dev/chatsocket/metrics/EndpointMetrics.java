package dev.chatsocket.metrics;

import dev.chatsocket.ws.ConnectionEvents;
import dev.chatsocket.ws.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one WebSocket endpoint, all tagged {@code endpoint=<name>}, moved by the events
 * the engine reports. Tags only ever take values from fixed sets (endpoint names, refusal reasons,
 * registered close codes), so the number of series stays bounded whatever clients send.
 *
 * <p>What moves with every message (messages and bytes each way, and the bytes queued) is a
 * {@link LongAdder} of its own, read only when the registry is scraped: an add is one
 * uncontended compare-and-set on most calls, and threads of many connections moving it at once
 * spread over cells instead of fighting for one. Micrometer's own counter would add a double, and
 * an exemplar check, per message.
 */
final class EndpointMetrics implements ConnectionEvents {
    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicLong open = new AtomicLong();
    private final LongAdder queuedBytes = new LongAdder();
    private final Counter accepted;
    private final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
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
        Gauge.builder("chatsocket.outbound.queued", queuedBytes, LongAdder::sum).baseUnit("bytes")
                .description("Bytes queued for clients and not yet written, over all connections")
                .tags(tags).register(registry);
        accepted = Counter.builder("chatsocket.handshakes.accepted")
                .description("Handshakes answered with 101").tags(tags).register(registry);
        for (RefusalReason reason : RefusalReason.values()) {
            refused.put(reason, Counter.builder("chatsocket.handshakes.refused")
                    .description("Handshakes refused with an HTTP error, by reason")
                    .tags(tags).tag("reason", reason.tag()).register(registry));
        }
        FunctionCounter.builder("chatsocket.messages.received", messagesReceived, LongAdder::sum)
                .description("Whole data messages received from clients").tags(tags).register(registry);
        FunctionCounter.builder("chatsocket.messages.sent", messagesSent, LongAdder::sum)
                .description("Data messages queued for clients").tags(tags).register(registry);
        FunctionCounter.builder("chatsocket.received", bytesReceived, LongAdder::sum).baseUnit("bytes")
                .description("Bytes read from clients, frame headers included").tags(tags).register(registry);
        FunctionCounter.builder("chatsocket.sent", bytesSent, LongAdder::sum).baseUnit("bytes")
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
        bytesReceived.add(count);
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
        bytesSent.add(count);
    }

    @Override
    public void queuedBytesChanged(long delta) {
        queuedBytes.add(delta);
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
