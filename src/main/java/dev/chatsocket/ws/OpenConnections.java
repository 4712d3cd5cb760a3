package dev.chatsocket.ws;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections a web application has open, on all its endpoints, so that stopping it can say
 * goodbye to each (RFC 6455 §7.4.1, 1001 "going away") instead of cutting TCP under them. One
 * registry per application ({@link WebSocketEngine}): the first endpoint the container destroys
 * closes them all at once, so a stop waits one grace period, not one per endpoint.
 *
 * <p>It also holds what every endpoint of the application must agree on before an upgrade: the
 * {@link ConnectionSlots connection caps}, and whether the application is stopping, in which case
 * no endpoint takes new connections.
 *
 * <p>The shutdown runs when the container destroys the first endpoint, by which time containers
 * no longer route new requests to the application (Jetty and Tomcat answer 404), unless a
 * launcher ran it before (see {@link WebSocketEngine#SHUTDOWN_HOOK_ATTRIBUTE}).
 */
final class OpenConnections {
    private static final System.Logger LOG = System.getLogger(OpenConnections.class.getName());

    private final Set<WebSocketConnection> open = ConcurrentHashMap.newKeySet();
    private final ConnectionSlots slots;
    private final Duration shutdownGrace;
    private volatile boolean stopping;

    OpenConnections(ConnectionSlots slots, Duration shutdownGrace) {
        this.slots = slots;
        this.shutdownGrace = shutdownGrace;
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
