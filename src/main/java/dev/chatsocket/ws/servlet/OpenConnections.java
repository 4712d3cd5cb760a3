package dev.chatsocket.ws.servlet;

import dev.chatsocket.ws.protocol.WebSocketConnection;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections one endpoint has open, so that stopping the application can say goodbye to each
 * (RFC 6455 §7.4.1, 1001 "going away") instead of cutting TCP under them.
 */
final class OpenConnections {
    private final Set<WebSocketConnection> open = ConcurrentHashMap.newKeySet();

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
