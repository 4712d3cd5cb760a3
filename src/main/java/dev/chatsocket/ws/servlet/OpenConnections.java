package dev.chatsocket.ws.servlet;

import dev.chatsocket.config.Settings;
import dev.chatsocket.health.HealthChecks;
import dev.chatsocket.ws.codec.CloseCodes;
import dev.chatsocket.ws.protocol.WebSocketConnection;
import jakarta.servlet.ServletContext;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections a web application has open, on all its endpoints, so that stopping it can say
 * goodbye to each (RFC 6455 §7.4.1, 1001 "going away") instead of cutting TCP under them. One
 * registry per application: the first endpoint the container destroys closes them all at once,
 * so a stop waits one grace period, not one per endpoint.
 *
 * <p>It also holds what every endpoint of the application must agree on before an upgrade: the
 * {@link ConnectionSlots connection caps} ({@code CHATSOCKET_MAX_CONNECTIONS},
 * {@code CHATSOCKET_MAX_CONNECTIONS_PER_ADDRESS}), and whether the application is stopping, in
 * which case no endpoint takes new connections and the {@code shutdown} health check says so.
 *
 * <p>The shutdown runs when the container destroys the first endpoint, by which time containers
 * no longer route new requests to the application (Jetty and Tomcat answer 404). A launcher that
 * knows better runs it first, while requests still arrive: it finds a {@link Runnable} under the
 * context attribute {@value WebSocketServlet#SHUTDOWN_HOOK_ATTRIBUTE} (a JDK type, so the
 * launcher needs none of the application's classes), and for the grace period new handshakes get
 * the application's own 503 and {@code /health} says {@code stopping}.
 */
final class OpenConnections {
    private static final System.Logger LOG = System.getLogger(OpenConnections.class.getName());
    private static final String ATTRIBUTE = OpenConnections.class.getName();
    static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 100;

    private final Set<WebSocketConnection> open = ConcurrentHashMap.newKeySet();
    private final ConnectionSlots slots;
    private final Duration shutdownGrace;
    private volatile boolean stopping;

    private OpenConnections(ConnectionSlots slots, Duration shutdownGrace) {
        this.slots = slots;
        this.shutdownGrace = shutdownGrace;
    }

    /** The application's registry, created (with the caps from {@code settings}) by the first endpoint that asks. */
    static OpenConnections of(ServletContext context, Settings settings) {
        synchronized (context) {
            OpenConnections connections = (OpenConnections) context.getAttribute(ATTRIBUTE);
            if (connections == null) {
                connections = new OpenConnections(new ConnectionSlots(
                        settings.integer("CHATSOCKET_MAX_CONNECTIONS", WebSocketServlet.DEFAULT_MAX_CONNECTIONS),
                        settings.integer("CHATSOCKET_MAX_CONNECTIONS_PER_ADDRESS", DEFAULT_MAX_CONNECTIONS_PER_ADDRESS)),
                        settings.duration("CHATSOCKET_SHUTDOWN_GRACE", Duration.ofSeconds(5)));
                OpenConnections registry = connections;
                HealthChecks.of(context).add("shutdown",
                        () -> registry.isStopping() ? Optional.of("stopping") : Optional.empty());
                context.setAttribute(ATTRIBUTE, connections);
                context.setAttribute(WebSocketServlet.SHUTDOWN_HOOK_ATTRIBUTE, (Runnable) registry::shutDown);
            }
            return connections;
        }
    }

    ConnectionSlots slots() {
        return slots;
    }

    /**
     * Stops taking connections, closes every open one with 1001 (RFC 6455 §7.4.1, going away)
     * and waits up to the shutdown grace for the clients to answer. Safe to run more than once:
     * a second run finds nothing open and returns at once.
     */
    void shutDown() {
        stopping = true;
        if (size() > 0) {
            LOG.log(Level.INFO, "closing {0} WebSocket connections with 1001", size());
        }
        try {
            closeAll(CloseCodes.GOING_AWAY, "server shutting down", shutdownGrace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isStopping() {
        return stopping;
    }

    void add(WebSocketConnection connection) {
        open.add(connection);
    }

    void remove(WebSocketConnection connection) {
        if (open.remove(connection)) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    int size() {
        return open.size();
    }

    /**
     * Starts the closing handshake on every connection, waits up to {@code grace} for the clients
     * to answer, then drops whatever is left.
     */
    private void closeAll(int code, String reason, Duration grace) throws InterruptedException {
        for (WebSocketConnection connection : List.copyOf(open)) {
            connection.close(code, reason);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (this) {
            long left;
            while (!open.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000));
            }
        }
        for (WebSocketConnection connection : List.copyOf(open)) {
            connection.abort();
        }
    }
}
