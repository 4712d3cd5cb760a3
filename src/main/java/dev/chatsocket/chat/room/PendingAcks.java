package dev.chatsocket.chat.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The posts this node's connections made that are not acked yet, so that an ack goes to the
 * connection that posted, not to every connection of the person. Pure bookkeeping, used under the
 * room's lock.
 *
 * <p>Why by bookkeeping and not through the log: the log's entries carry the uid and ref, not the
 * connection, and the port stays the same for every backend. A stored message is matched to the
 * post whose id the log's answer named ({@link #stored}), or, when the log delivers before it
 * answers (the memory log delivers inside the call; Redis's reader may beat the script's reply), to
 * the oldest post of that uid with that ref still waiting. Posts are issued to the log in the order
 * they are registered here (the room issues them under one lock), and the log appends them in that
 * order, so the oldest waiting one is the one delivered. A post is forgotten when acked, refused
 * (duplicate, not stored), or its connection leaves; so at most what is in flight is held.
 */
final class PendingAcks {
    /** One post in flight: who sent it, under which ref, and its id once the log answered. */
    static final class Pending {
        private final Member member;
        private final String ref;
        private long id;

        private Pending(Member member, String ref) {
            this.member = member;
            this.ref = ref;
        }
    }

    private final Map<String, List<Pending>> byUid = new HashMap<>();

    Pending add(Member member, String ref) {
        Pending pending = new Pending(member, ref);
        byUid.computeIfAbsent(member.uid(), uid -> new ArrayList<>(2)).add(pending);
        return pending;
    }

    /** The log stored the post as message {@code id}, which it has not delivered here yet. */
    void stored(Pending pending, long id) {
        pending.id = id;
    }

    /** The post will not be delivered (a duplicate, or not stored): forgets it. */
    void remove(Pending pending) {
        List<Pending> waiting = byUid.get(pending.member.uid());
        if (waiting != null && waiting.remove(pending) && waiting.isEmpty()) {
            byUid.remove(pending.member.uid());
        }
    }

    /**
     * The connection that posted message {@code id} of {@code uid} with {@code ref}, now delivered,
     * or {@code null} when none here did (another node's, or its connection left); forgets the post.
     */
    Member take(String uid, String ref, long id) {
        List<Pending> waiting = byUid.get(uid);
        if (waiting == null) {
            return null;
        }
        Pending match = null;
        for (Pending pending : waiting) {
            if (pending.id == id) {
                match = pending;
                break;
            }
            if (match == null && pending.id == 0 && Objects.equals(pending.ref, ref)) {
                match = pending;
            }
        }
        if (match == null) {
            return null;
        }
        remove(match);
        return match.member;
    }

    /** The connection left: its posts will not be acked. */
    void forget(Member member) {
        List<Pending> waiting = byUid.get(member.uid());
        if (waiting == null) {
            return;
        }
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext(); ) {
            if (it.next().member == member) {
                it.remove();
            }
        }
        if (waiting.isEmpty()) {
            byUid.remove(member.uid());
        }
    }

    void clear() {
        byUid.clear();
    }
}
