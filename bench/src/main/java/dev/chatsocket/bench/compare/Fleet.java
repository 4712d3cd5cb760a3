package dev.chatsocket.bench.compare;

import dev.chatsocket.bench.WsClient;
import dev.chatsocket.bench.WsClient.Conn;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Many connections to one path of one server on one {@link WsClient} (one selector thread): opens
 * them with a bounded number of handshakes in flight, counts what failed or was dropped, and closes
 * them with a close handshake. A scenario extends it with what it does on each message. Everything
 * but the public-facing waits runs on the selector thread.
 */
abstract class Fleet implements WsClient.Listener, AutoCloseable {
    final WsClient client;
    /** Open connections, in the order they opened. */
    final Set<Conn> open = new LinkedHashSet<>();
    int failed;
    int dropped;
    /** The close code and reason of the last connection dropped before closeAll, for a failure's message. */
    String lastDrop = "none";
    int closedClean;
    private int toOpen;
    private int inFlight;
    private int window;
    private boolean closing;
    private CompletableFuture<Void> opening;
    private CompletableFuture<Void> closingDone;

    Fleet(Target target, String path) throws IOException {
        this.client = new WsClient(target.address(), path, 1 << 20);
    }

    /** Called on the selector thread when a connection has opened. */
    void opened(Conn conn) {
    }

    /** Opens {@code count} more connections, at most {@code window} handshakes at a time. */
    void open(int count, int window, Duration timeout) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        client.execute(() -> {
            opening = done;
            toOpen = count;
            this.window = window;
            refill();
        });
        await(done, timeout, "opening " + count + " connections");
    }

    private void refill() {
        while (inFlight < window && toOpen > 0) {
            toOpen--;
            inFlight++;
            client.connect(this, null);
        }
        if (toOpen == 0 && inFlight == 0 && opening != null) {
            opening.complete(null);
        }
    }

    @Override
    public void onOpen(Conn conn) {
        inFlight--;
        open.add(conn);
        opened(conn);
        refill();
    }

    @Override
    public void onClosed(Conn conn, int closeCode, String reason, Throwable failure) {
        if (!open.remove(conn)) {
            failed++;
            inFlight--;
            refill();
            return;
        }
        if (closing && closeCode == 1000) {
            closedClean++;
        } else {
            dropped++;
            lastDrop = closeCode + (reason == null || reason.isEmpty() ? "" : " " + reason)
                    + (failure == null ? "" : " (" + failure + ")");
        }
        if (closing && open.isEmpty()) {
            closingDone.complete(null);
        }
    }

    /** Starts the close handshake on every open connection and waits for them all to end. */
    void closeAll(Duration timeout) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        client.execute(() -> {
            closing = true;
            closingDone = done;
            if (open.isEmpty()) {
                done.complete(null);
                return;
            }
            for (Conn conn : new ArrayList<>(open)) {
                conn.close(1000);
            }
        });
        try {
            await(done, timeout, "closing");
        } catch (TimeoutException e) {
            // Reported through closedClean; the TCP connections go with the client.
        }
    }

    /** Runs {@code task} on the selector thread and returns its result. */
    <T> T call(Supplier<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        client.execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return await(result, Duration.ofSeconds(30), "a task on the selector thread");
    }

    int openCount() throws Exception {
        return call(open::size);
    }

    List<Conn> openList() {
        return new ArrayList<>(open);
    }

    static <T> T await(CompletableFuture<T> future, Duration timeout, String what) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException(what + " took longer than " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
