package dev.chatsocket.chat.web;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-person limits on a fake clock: 3 connections per uid, 2 messages a second with bursts of 4,
 * at most 2 idle uids remembered.
 */
class PeopleOnThisNodeTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(5 * SECOND);
    private final PeopleOnThisNode people = new PeopleOnThisNode(3, 2, 4, 2, clock::get);

    private PeopleOnThisNode.Connection connect(String uid) {
        Optional<PeopleOnThisNode.Connection> connection = people.connect(uid);
        assertTrue(connection.isPresent(), uid + " refused");
        return connection.get();
    }

    private static int take(PeopleOnThisNode.Connection connection, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            if (connection.takeMessage()) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void aPersonAtTheCapIsRefusedUntilOneConnectionCloses() {
        List<PeopleOnThisNode.Connection> alice = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            alice.add(connect("alice"));
        }
        assertTrue(people.connect("alice").isEmpty(), "a fourth connection is over the cap");
        assertTrue(people.connect("bob").isPresent(), "the cap is per person");
        alice.get(0).release();
        assertEquals(2, people.connections("alice"));
        assertTrue(people.connect("alice").isPresent());
    }

    @Test
    void aConnectionReleasedTwiceGivesBackOneCount() {
        PeopleOnThisNode.Connection first = connect("alice");
        connect("alice");
        first.release();
        first.release();
        assertEquals(1, people.connections("alice"), "the second release is a no-op");
    }

    @Test
    void allConnectionsOfAPersonDrawFromOneBucket() {
        PeopleOnThisNode.Connection tab1 = connect("alice");
        PeopleOnThisNode.Connection tab2 = connect("alice");
        assertEquals(2, take(tab1, 2));
        assertEquals(2, take(tab2, 10), "the second tab gets what the burst of 4 has left");
        assertFalse(tab1.takeMessage());
        assertEquals(4, take(connect("bob"), 10), "another person has a bucket of its own");
        clock.addAndGet(SECOND);
        assertEquals(2, take(tab1, 10), "two a second");
    }

    @Test
    void reconnectingEarnsNoFreshBurst() {
        PeopleOnThisNode.Connection first = connect("alice");
        assertEquals(4, take(first, 10));
        first.release();
        assertEquals(1, people.tracked(), "kept while its bucket refills");
        assertEquals(0, take(connect("alice"), 10), "the new connection finds the bucket as it was left");
    }

    @Test
    void anIdlePersonIsForgottenOnceTheBucketIsFullAgain() {
        PeopleOnThisNode.Connection alice = connect("alice");
        take(alice, 4);
        alice.release();
        connect("bob").release();
        assertEquals(1, people.tracked(), "bob's bucket was full when he left: forgotten at once");
        clock.addAndGet(SECOND);
        people.connect("carol").orElseThrow().release();
        assertEquals(1, people.tracked(), "alice has refilled half her burst: still kept");
        clock.addAndGet(SECOND);
        people.connect("carol").orElseThrow().release();
        assertEquals(0, people.tracked(), "full again after 2 s: forgotten");
    }

    @Test
    void idlePeopleBeyondTheCapAreForgottenOldestFirst() {
        for (String uid : List.of("a", "b", "c")) {
            PeopleOnThisNode.Connection connection = connect(uid);
            take(connection, 4);
            connection.release();
        }
        assertEquals(2, people.tracked(), "no more than 2 idle uids: the oldest, a, went");
        assertEquals(4, take(connect("a"), 10), "a starts afresh");
        assertEquals(0, take(connect("c"), 10), "c, still remembered, does not");
    }

    @Test
    void connectedPeopleAreNeverForgotten() {
        PeopleOnThisNode.Connection alice = connect("alice");
        take(alice, 4);
        for (int i = 0; i < 10; i++) {
            PeopleOnThisNode.Connection other = connect("idle-" + i);
            take(other, 4);
            other.release();
        }
        clock.addAndGet(60 * SECOND);
        people.connect("someone").orElseThrow().release();
        assertEquals(1, people.tracked(), "only alice, who is connected, is left");
        assertEquals(1, people.connections("alice"));
    }

    @Test
    void manyThreadsConnectingAndReleasingLeaveNothingBehind() throws Exception {
        PeopleOnThisNode shared = new PeopleOnThisNode(1000, 1, 1, 10, clock::get);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    shared.connect("uid-" + (i % 7)).orElseThrow().release();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, shared.tracked(), "full buckets, no connections: nothing is kept");
    }
}
