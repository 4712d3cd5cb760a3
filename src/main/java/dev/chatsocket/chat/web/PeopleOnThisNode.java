package dev.chatsocket.chat.web;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The limits that count per person (uid) on this node, whatever the connection or room (issue 14,
 * "a flood cannot escape its limit by reconnecting or opening tabs"): how many connections one uid
 * holds at once, and one message {@link TokenBucket} that all of them draw from. Pure
 * bookkeeping on an injected clock; one instance per application.
 *
 * <p>Bounds: a uid is tracked while it holds a connection (so at most as many as the engine's
 * connection cap) and, after its last connection went, until its bucket is full again, so that
 * closing and reopening never hands out a fresh burst. Those idle entries are kept in the order
 * they went idle and dropped from the oldest once full, or once there are more than
 * {@code maxIdle}: past that a uid that reconnects starts full, which costs an attacker as many
 * idle uids as the cap to earn one burst.
 */
final class PeopleOnThisNode {
    private final int maxConnections;
    private final int messagesPerSecond;
    private final int messageBurst;
    private final int maxIdle;
    private final LongSupplier nanoClock;
    /** Every tracked uid. */
    private final Map<String, Person> people = new HashMap<>();
    /** The uids of {@link #people} with no connection, oldest first (refilled first). */
    private final LinkedHashMap<String, Person> idle = new LinkedHashMap<>();

    /**
     * @param maxConnections    connections one uid may hold at once
     * @param messagesPerSecond messages a second one uid may send, over all its connections
     * @param messageBurst      messages at once after a quiet spell, likewise
     * @param maxIdle           uids without a connection kept until their bucket refills
     */
    PeopleOnThisNode(int maxConnections, int messagesPerSecond, int messageBurst, int maxIdle, LongSupplier nanoClock) {
        if (maxConnections < 1 || maxIdle < 0) {
            throw new IllegalArgumentException("at least one connection per person, and no negative idle cap");
        }
        this.maxConnections = maxConnections;
        this.messagesPerSecond = messagesPerSecond;
        this.messageBurst = messageBurst;
        this.maxIdle = maxIdle;
        this.nanoClock = nanoClock;
    }

    /** A person's share of the limits, held by one connection; give it back with {@link #release}. */
    final class Connection {
        private final Person person;
        private boolean released;

        private Connection(Person person) {
            this.person = person;
        }

        /** Takes one message from the person's bucket; false when it is empty (the message is refused). */
        boolean takeMessage() {
            return person.takeMessage();
        }

        /** Gives the connection back; only the first call counts, so every way a connection ends may call it. */
        void release() {
            synchronized (PeopleOnThisNode.this) {
                if (released) {
                    return;
                }
                released = true;
                person.connections--;
                if (person.connections == 0) {
                    if (person.isFull()) {
                        people.remove(person.uid);
                    } else {
                        idle.put(person.uid, person);
                    }
                }
                forgetIdle();
            }
        }
    }

    /** A connection for {@code uid}, or empty when it holds {@code maxConnections} already. */
    synchronized Optional<Connection> connect(String uid) {
        forgetIdle();
        Person person = people.get(uid);
        if (person == null) {
            person = new Person(uid, new TokenBucket(messageBurst, messagesPerSecond, nanoClock));
            people.put(uid, person);
        } else if (person.connections >= maxConnections) {
            return Optional.empty();
        }
        if (person.connections++ == 0) {
            idle.remove(uid);
        }
        return Optional.of(new Connection(person));
    }

    /** The connections {@code uid} holds on this node. */
    synchronized int connections(String uid) {
        Person person = people.get(uid);
        return person == null ? 0 : person.connections;
    }

    /** Uids tracked now, connected or idle. */
    synchronized int tracked() {
        return people.size();
    }

    /** Drops idle uids whose bucket is full again, oldest first, and the oldest beyond the cap. */
    private void forgetIdle() {
        Iterator<Person> oldestFirst = idle.values().iterator();
        while (oldestFirst.hasNext()) {
            Person next = oldestFirst.next();
            if (idle.size() <= maxIdle && !next.isFull()) {
                // The ones after it went idle later; they are left for a later call.
                return;
            }
            oldestFirst.remove();
            people.remove(next.uid);
        }
    }

    /** One uid's count and bucket. The count is guarded by the outer instance, the bucket by itself. */
    private static final class Person {
        private final String uid;
        private final TokenBucket messages;
        private int connections;

        Person(String uid, TokenBucket messages) {
            this.uid = uid;
            this.messages = messages;
        }

        boolean takeMessage() {
            synchronized (messages) {
                if (!messages.has(1)) {
                    return false;
                }
                messages.take(1);
                return true;
            }
        }

        boolean isFull() {
            synchronized (messages) {
                return messages.isFull();
            }
        }
    }
}
