package dev.chatsocket.chat.room;

import dev.chatsocket.ws.HandshakeInfo;
import dev.chatsocket.ws.OutboundMessage;
import dev.chatsocket.ws.WebSocketSession;
import dev.chatsocket.ws.CloseCodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A session that keeps what it was sent, as the engine's would: frames are queued, then written
 * (kept here) by {@link #flush()}; a session whose client "reads" no more than {@code capacity}
 * frames in all refuses the next one and is closed with 1008 at the flush, as the engine closes a
 * client that fell too far behind.
 */
public final class FakeSession implements WebSocketSession {
    private final String id;
    private final int capacity;
    private final List<String> queued = new ArrayList<>();
    private final List<String> written = new ArrayList<>();
    private boolean open = true;
    private boolean tooSlow;
    private int closeCode;
    private String closeReason;

    public FakeSession(String id) {
        this(id, Integer.MAX_VALUE);
    }

    public FakeSession(String id, int capacity) {
        this.id = id;
        this.capacity = capacity;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public HandshakeInfo handshake() {
        return new HandshakeInfo("/chat", Map.of(), "127.0.0.1", null, null);
    }

    @Override
    public synchronized boolean enqueue(OutboundMessage message) {
        if (!open || tooSlow) {
            return false;
        }
        if (queued.size() + written.size() >= capacity) {
            tooSlow = true;
            return false;
        }
        queued.add(TextFrames.textOf(message));
        return true;
    }

    @Override
    public synchronized void flush() {
        if (open) {
            written.addAll(queued);
            notifyAll();
        }
        queued.clear();
        if (tooSlow) {
            close(CloseCodes.POLICY_VIOLATION, "too slow");
        }
    }

    @Override
    public synchronized boolean send(OutboundMessage message) {
        boolean queuedIt = enqueue(message);
        flush();
        return queuedIt;
    }

    /** As the engine's: the close frame goes out behind what was queued before it. */
    @Override
    public synchronized void close(int code, String reason) {
        if (open) {
            written.addAll(queued);
            queued.clear();
            notifyAll();
            open = false;
            closeCode = code;
            closeReason = reason;
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    /** The frames written so far, and forgets them: each call returns what came since the last. */
    public synchronized List<String> take() {
        List<String> taken = List.copyOf(written);
        written.clear();
        return taken;
    }

    /**
     * Waits until {@code count} frames have been written since the last {@link #take()}, then takes
     * them: for backends that deliver on threads of their own.
     *
     * @throws AssertionError when they do not come within {@code timeout}
     */
    public synchronized List<String> take(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(id + " got " + written + ", not " + count + " frames within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return take();
    }

    /** The frames written so far, kept. */
    public synchronized List<String> written() {
        return List.copyOf(written);
    }

    /** The code it was closed with, 0 while open. */
    public synchronized int closeCode() {
        return closeCode;
    }

    public synchronized String closeReason() {
        return closeReason;
    }
}
