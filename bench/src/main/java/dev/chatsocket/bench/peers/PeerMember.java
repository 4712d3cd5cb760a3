package dev.chatsocket.bench.peers;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One member's outbound side: a bounded queue drained by the asynchronous remote, one message in
 * flight at a time (Tomcat refuses a second concurrent send on a session; Jetty accepts it but the
 * order would then be the container's). A member that lets {@value #MAX_QUEUED} messages pile up is
 * closed with 1008, the counterpart of chatsocket's slow-consumer limit, so a stuck client cannot
 * exhaust the heap.
 */
final class PeerMember implements SendHandler {
    static final int MAX_QUEUED = 4096;

    private final String uid;
    private final String nick;
    private final Session session;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** True while one thread owns the sending (a send in flight or being started). */
    private final AtomicBoolean sending = new AtomicBoolean();
    /**
     * Whether the send just started has completed (1), or its starter returned first (2): the later
     * of the two continues with the next message, so a container that completes sends inline does
     * not recurse once per queued message.
     */
    private final AtomicInteger handoff = new AtomicInteger();

    PeerMember(String uid, String nick, Session session) {
        this.uid = uid;
        this.nick = nick;
        this.session = session;
    }

    String uid() {
        return uid;
    }

    String nick() {
        return nick;
    }

    void enqueue(String json) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            closeSlow();
            return;
        }
        queue.add(json);
    }

    /** Starts sending unless a send is already in flight (whose completion continues). */
    void pump() {
        while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
            if (sendQueued()) {
                return;
            }
        }
    }

    /**
     * Sends queued messages while they complete inline.
     *
     * @return true when a send is in flight and its completion will continue
     */
    private boolean sendQueued() {
        while (true) {
            String next = queue.poll();
            if (next == null) {
                sending.set(false);
                return false; // pump() looks again: a message may have been queued meanwhile
            }
            queued.decrementAndGet();
            handoff.set(0);
            try {
                session.getAsyncRemote().sendText(next, this);
            } catch (RuntimeException e) {
                sending.set(false);
                return false;
            }
            if (handoff.compareAndSet(0, 2)) {
                return true; // not complete yet: onResult continues
            }
            // completed inline: loop
        }
    }

    @Override
    public void onResult(SendResult result) {
        if (!result.isOK()) {
            queue.clear();
            queued.set(0);
            sending.set(false);
            return;
        }
        if (handoff.compareAndSet(0, 1)) {
            return; // the starter is still in sendQueued() and continues
        }
        if (!sendQueued()) {
            pump();
        }
    }

    private void closeSlow() {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "slow consumer"));
        } catch (IOException | RuntimeException ignored) {
            // already closing
        }
    }
}
