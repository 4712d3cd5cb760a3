package dev.chatsocket.chat.memory;

import dev.chatsocket.chat.room.DedupeLimits;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@code (uid, ref)} pairs one room stored, and as which message, within the
 * {@link DedupeLimits}: a ref is forgotten once older than the window, or when its sender stored
 * {@code maxPerUser} newer ones. So the whole holds at most the refs stored in one window, and one
 * person at most {@code maxPerUser} of them. Not thread-safe: used under the log's lock.
 */
final class SentRefs {
    private record Sent(long id, long atMillis) {
    }

    /** equals and hashCode written out: see {@code Position#equals} for why a record's own would leak. */
    private record Key(String uid, String ref) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.uid.equals(uid) && k.ref.equals(ref);
        }

        @Override
        public int hashCode() {
            return uid.hashCode() * 31 + ref.hashCode();
        }
    }

    private final long windowMillis;
    private final int maxPerUser;
    /** Every remembered pair, oldest first (stored in order, so also by time). */
    private final LinkedHashMap<Key, Sent> byAge = new LinkedHashMap<>();
    /** Each sender's refs, oldest first: which to forget when one has too many. */
    private final Map<String, ArrayDeque<String>> byUid = new HashMap<>();

    SentRefs(DedupeLimits limits) {
        this.windowMillis = limits.window().toMillis();
        this.maxPerUser = limits.maxPerUser();
    }

    /** The id {@code uid} stored {@code ref} as, when still remembered at {@code nowMillis}. */
    OptionalLong find(String uid, String ref, long nowMillis) {
        expire(nowMillis);
        Sent sent = byAge.get(new Key(uid, ref));
        return sent == null ? OptionalLong.empty() : OptionalLong.of(sent.id());
    }

    void remember(String uid, String ref, long id, long nowMillis) {
        expire(nowMillis);
        ArrayDeque<String> refs = byUid.computeIfAbsent(uid, u -> new ArrayDeque<>());
        if (refs.size() >= maxPerUser) {
            byAge.remove(new Key(uid, refs.pollFirst()));
        }
        refs.addLast(ref);
        byAge.put(new Key(uid, ref), new Sent(id, nowMillis));
    }

    int size() {
        return byAge.size();
    }

    private void expire(long nowMillis) {
        var oldest = byAge.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<Key, Sent> entry = oldest.next();
            if (nowMillis - entry.getValue().atMillis() < windowMillis) {
                return;
            }
            oldest.remove();
            ArrayDeque<String> refs = byUid.get(entry.getKey().uid());
            refs.pollFirst(); // a sender's oldest is the oldest of theirs overall
            if (refs.isEmpty()) {
                byUid.remove(entry.getKey().uid());
            }
        }
    }
}
