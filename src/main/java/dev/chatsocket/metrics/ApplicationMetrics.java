package dev.chatsocket.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.ServletContext;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The metrics of one web application, in a Prometheus registry of its own (never a static
 * global one, so that two deployments in one server, or a redeploy, do not share or leak meters).
 * Kept as a servlet context attribute, like the application's open connections; its
 * {@link MetricsListener} creates it before any servlet starts and closes it at undeploy.
 */
public final class ApplicationMetrics {
    private static final String ATTRIBUTE = ApplicationMetrics.class.getName();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, EndpointMetrics> endpoints = new ConcurrentHashMap<>();

    ApplicationMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    static ApplicationMetrics install(ServletContext context) {
        ApplicationMetrics metrics = new ApplicationMetrics();
        context.setAttribute(ATTRIBUTE, metrics);
        return metrics;
    }

    /** The application's metrics; empty when the listener has not installed them. */
    public static Optional<ApplicationMetrics> of(ServletContext context) {
        return Optional.ofNullable((ApplicationMetrics) context.getAttribute(ATTRIBUTE));
    }

    /** The meters of one WebSocket endpoint, created on first use. */
    EndpointMetrics endpoint(String name) {
        return endpoints.computeIfAbsent(name, n -> new EndpointMetrics(registry, n));
    }

    /** A gauge read when scraped, for figures that their owner already keeps (rooms, members). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).strongReference(true).register(registry);
    }

    /** Every meter in the Prometheus text format, version 0.0.4. */
    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
