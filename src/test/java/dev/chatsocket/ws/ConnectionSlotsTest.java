package dev.chatsocket.ws;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection caps, without sockets: slots taken, refused at each cap, given back. */
class ConnectionSlotsTest {

    private static ConnectionSlots.Slot take(ConnectionSlots slots, String address) {
        ConnectionSlots.Outcome outcome = slots.acquire(address);
        assertTrue(outcome.slot().isPresent(), () -> "refused: " + outcome.refusal());
        return outcome.slot().get();
    }

    @Test
    void perAddressCapRefusesTheNextFromThatAddressOnly() {
        ConnectionSlots slots = new ConnectionSlots(10, 2);
        take(slots, "10.0.0.1");
        take(slots, "10.0.0.1");
        ConnectionSlots.Outcome third = slots.acquire("10.0.0.1");
        assertTrue(third.slot().isEmpty());
        assertTrue(third.refusal().contains("your address"), third.refusal());
        take(slots, "10.0.0.2");
        assertEquals(3, slots.total());
    }

    @Test
    void totalCapRefusesEveryAddress() {
        ConnectionSlots slots = new ConnectionSlots(3, 2);
        take(slots, "a");
        take(slots, "b");
        take(slots, "c");
        ConnectionSlots.Outcome full = slots.acquire("d");
        assertTrue(full.slot().isEmpty());
        assertTrue(full.refusal().contains("connection limit"), full.refusal());
    }

    @Test
    void releasingGivesTheSlotBackOnceAndForgetsEmptyAddresses() {
        ConnectionSlots slots = new ConnectionSlots(2, 1);
        ConnectionSlots.Slot slot = take(slots, "a");
        take(slots, "b");
        assertTrue(slots.acquire("c").slot().isEmpty());
        slot.release();
        slot.release();
        assertEquals(1, slots.total(), "a second release does not free a second slot");
        assertEquals(0, slots.from("a"));
        assertEquals(1, slots.addresses(), "an address without connections is not kept");
        take(slots, "a");
    }

    @Test
    void manyThreadsTakingAndReleasingEndAtZero() throws Exception {
        ConnectionSlots slots = new ConnectionSlots(1000, 1000);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String address = "10.0.0." + t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    slots.acquire(address).slot().orElseThrow().release();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, slots.total());
        assertEquals(0, slots.addresses());
    }

    /** What an endpoint hears of its slot's release. */
    private static final class CountingEndpoint implements WebSocketEndpoint {
        int released;

        @Override
        public void onMessage(WebSocketSession session, Message message) {
        }

        @Override
        public void onReleased() {
            released++;
        }
    }

    @Test
    void theEndpointHoldingASlotIsToldOnceWhenItIsReleased() {
        ConnectionSlots slots = new ConnectionSlots(10, 10);
        ConnectionSlots.Slot slot = take(slots, "a");
        CountingEndpoint endpoint = new CountingEndpoint();
        slot.heldBy(endpoint);
        assertEquals(0, endpoint.released);
        slot.release();
        slot.release();
        assertEquals(1, endpoint.released, "once, however often the slot is released");
    }

    @Test
    void anEndpointGivenASlotReleasedAlreadyIsToldAtOnce() {
        ConnectionSlots slots = new ConnectionSlots(10, 10);
        ConnectionSlots.Slot slot = take(slots, "a");
        slot.release();
        CountingEndpoint endpoint = new CountingEndpoint();
        slot.heldBy(endpoint);
        assertEquals(1, endpoint.released);
    }
}
