package dev.chatsocket.ws;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Caps on concurrent WebSocket connections, in total and per client address, so that one client
 * (or a crowd of them) cannot exhaust the server's sockets, threads and memory. A handshake takes
 * a slot before the upgrade and the connection gives it back when it ends, whichever way it ends.
 * Pure bookkeeping, no I/O; one instance per application, shared by its endpoints.
 */
final class ConnectionSlots {
    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<String, Integer> perAddress = new HashMap<>();
    private int total;

    /**
     * A taken slot; {@link #release} gives it back, once however often it is called. Every path
     * of a handshake and a connection ends by releasing its slot, so the endpoint's own release
     * ({@link WebSocketEndpoint#onReleased}) rides on it.
     */
    final class Slot {
        private final String address;
        private boolean released;
        private WebSocketEndpoint endpoint;

        /** The endpoint made for this slot, told when the slot is released (at once if it was). */
        void heldBy(WebSocketEndpoint endpoint) {
            boolean releasedAlready;
            synchronized (ConnectionSlots.this) {
                releasedAlready = released;
                this.endpoint = endpoint;
            }
            if (releasedAlready) {
                endpoint.onReleased();
            }
        }

        private Slot(String address) {
            this.address = address;
        }

        void release() {
            WebSocketEndpoint held;
            synchronized (ConnectionSlots.this) {
                if (released) {
                    return;
                }
                released = true;
                total--;
                perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
                held = endpoint;
            }
            // Outside the lock: the endpoint's bookkeeping is its own.
            if (held != null) {
                held.onReleased();
            }
        }
    }

    /** What {@link #acquire} answers: a slot, or why there is none. */
    record Outcome(Optional<Slot> slot, String refusal) {
    }

    /** Both caps at least 1, as {@link EngineSettings} has them. */
    ConnectionSlots(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a slot for a connection from {@code address}, or says which cap is reached. */
    synchronized Outcome acquire(String address) {
        if (total >= maxTotal) {
            return new Outcome(Optional.empty(), "the server is at its connection limit; try again later");
        }
        int fromAddress = perAddress.getOrDefault(address, 0);
        if (fromAddress >= maxPerAddress) {
            return new Outcome(Optional.empty(), "too many connections from your address; close one and try again");
        }
        total++;
        perAddress.put(address, fromAddress + 1);
        return new Outcome(Optional.of(new Slot(address)), null);
    }

    synchronized int total() {
        return total;
    }

    synchronized int from(String address) {
        return perAddress.getOrDefault(address, 0);
    }

    /** Addresses holding a slot: bounded by the total cap, since each holds at least one. */
    synchronized int addresses() {
        return perAddress.size();
    }
}
