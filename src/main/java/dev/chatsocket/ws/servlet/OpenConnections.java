package dev.chatsocket.ws.servlet;

import dev.chatsocket.ws.protocol.WebSocketConnection;
import jakarta.servlet.ServletContext;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections a web application has open, on all its endpoints, so that stopping it can say
 * goodbye to each (RFC 6455 §7.4.1, 1001 "going away") instead of cutting TCP under them. One
 * registry per application: the first endpoint the container destroys closes them all at once,
 * so a stop waits one grace period, not one per endpoint.
 */
final class OpenConnections {
    private static final String ATTRIBUTE = OpenConnections.class.getName();

    private final Set<WebSocketConnection> open = ConcurrentHashMap.newKeySet();

    /** The application's registry, created by the first endpoint that asks. */
    static OpenConnections of(ServletContext context) {
        synchronized (context) {
            OpenConnections connections = (OpenConnections) context.getAttribute(ATTRIBUTE);
            if (connections == null) {
                connections = new OpenConnections();
                context.setAttribute(ATTRIBUTE, connections);
            }
            return connections;
        }
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
    void closeAll(int code, String reason, Duration grace) throws InterruptedException {
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
