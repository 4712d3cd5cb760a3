package dev.chatsocket.chat.memory;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.JoinReply;
import dev.chatsocket.chat.room.Listed;
import dev.chatsocket.chat.room.LogListener;
import dev.chatsocket.chat.room.OlderPage;
import dev.chatsocket.chat.room.OlderPages;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PostOutcome;
import dev.chatsocket.chat.room.PresenceEvent;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.room.RoomLog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One room's log in this node's memory, kept like the Redis stream it stands in for: messages at
 * {@code N-0}, presence events after them, the messages trimmed to the history size and the
 * presence events to the log cap. Appending delivers at once, under this log's lock, so entries
 * reach the room in log order.
 *
 * <p>A sender's (uid, ref) is remembered as long as its message is in the log, so a message resent
 * while it is still in the history is acked with its first id and not stored again.
 *
 * <p>The epoch is this object's: a room the registry forgot, or a restarted server, starts a new
 * one, so a client resuming from an old one learns that its ids mean nothing here.
 */
final class MemoryLog implements RoomLog {
    private final String room;
    private final String epoch = UUID.randomUUID().toString();
    private final RoomLimits limits;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<String, String> listed = new LinkedHashMap<>();
    /** (uid, ref) of the messages in the log → their id. */
    private final Map<SentKey, Long> sent = new HashMap<>();
    private final Set<LogListener> listeners = new LinkedHashSet<>();
    private long lastId;
    private Position last = Position.ZERO;

    /** equals and hashCode written out: see {@link Position#equals} for why a record's own would leak. */
    private record SentKey(String uid, String ref) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SentKey k && k.uid.equals(uid) && k.ref.equals(ref);
        }

        @Override
        public int hashCode() {
            return uid.hashCode() * 31 + ref.hashCode();
        }
    }

    MemoryLog(String room, RoomLimits limits) {
        this.room = room;
        this.limits = limits;
    }

    @Override
    public synchronized JoinReply join(String uid, String nick) {
        listed.remove(uid); // a member listed again arrives anew, as in the sorted set it stands for
        listed.put(uid, nick);
        Position at = appendPresence(PresenceEvent.JOIN, uid, nick);
        List<Listed> members = new ArrayList<>(listed.size());
        listed.forEach((u, n) -> members.add(new Listed(u, n)));
        return new JoinReply(epoch, at, members);
    }

    @Override
    public synchronized CompletionStage<PostOutcome> post(String servedEpoch, String uid, String nick, String text,
                                                        String ref, long nowMillis) {
        if (!epoch.equals(servedEpoch)) {
            return CompletableFuture.completedFuture(new PostOutcome.EpochLost());
        }
        if (ref != null) {
            Long prior = sent.get(new SentKey(uid, ref));
            if (prior != null) {
                return CompletableFuture.completedFuture(new PostOutcome.Duplicate(prior));
            }
        }
        long id = ++lastId;
        Entry.Posted posted = new Entry.Posted(Position.ofMessage(id), new ChatMessage(id, room, uid, nick, text, nowMillis), ref);
        if (ref != null) {
            sent.put(new SentKey(uid, ref), id);
        }
        append(posted);
        trimToHistory(id);
        return CompletableFuture.completedFuture(new PostOutcome.Stored(id));
    }

    @Override
    public synchronized CompletionStage<Void> rename(String uid, String nick) {
        if (listed.replace(uid, nick) != null) {
            appendPresence(PresenceEvent.NICK, uid, nick);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void leave(String uid, String nick) {
        if (listed.remove(uid) != null) {
            appendPresence(PresenceEvent.LEAVE, uid, nick);
        }
    }

    /** Members here are listed until they leave: nothing to refresh. */
    @Override
    public String heartbeat(String servedEpoch, List<Listed> members) {
        return epoch;
    }

    @Override
    public synchronized Position end() {
        return last;
    }

    @Override
    public synchronized long firstRetained(long lastId) {
        Entry first = entries.peekFirst();
        if (first == null) {
            return lastId + 1;
        }
        // A presence entry N-k follows message N, which is then gone already.
        return first.position().isMessage() ? first.position().major() : first.position().major() + 1;
    }

    @Override
    public synchronized List<Entry> range(Position after, Position upTo) {
        List<Entry> range = new ArrayList<>();
        for (Entry entry : entries) {
            Position at = entry.position();
            if (at.isAfter(upTo)) {
                break;
            }
            if (at.isAfter(after)) {
                range.add(entry);
            }
        }
        return range;
    }

    @Override
    public synchronized List<ChatMessage> recent(int count) {
        List<ChatMessage> recent = new ArrayList<>(Math.min(count, entries.size()));
        Iterator<Entry> newestFirst = entries.descendingIterator();
        while (recent.size() < count && newestFirst.hasNext()) {
            if (newestFirst.next() instanceof Entry.Posted posted) {
                recent.add(posted.message());
            }
        }
        Collections.reverse(recent);
        return recent;
    }

    /** From the window: {@code more} when an older message is in it still (what was trimmed is gone). */
    @Override
    public synchronized OlderPage older(long before, int limit) {
        return OlderPages.from(entries.descendingIterator(), before, limit);
    }

    @Override
    public Optional<String> storedEpoch() {
        return Optional.of(epoch);
    }

    /** Starts delivering, first what was appended after the listener's position. */
    @Override
    public synchronized void watch(LogListener listener) {
        if (listeners.add(listener)) {
            Position from = listener.position();
            if (from != null && last.isAfter(from)) {
                listener.deliver(range(from, last));
            }
        }
    }

    @Override
    public synchronized void forget(LogListener listener) {
        listeners.remove(listener);
    }

    private Position appendPresence(PresenceEvent event, String uid, String nick) {
        Position at = new Position(lastId, last.major() == lastId ? last.minor() + 1 : 1);
        append(new Entry.Presence(at, event, uid, nick));
        while (entries.size() > limits.logCap()) {
            forgetFirst();
        }
        return at;
    }

    private void append(Entry entry) {
        entries.addLast(entry);
        last = entry.position();
        List<Entry> one = List.of(entry);
        for (LogListener listener : listeners) {
            listener.deliver(one);
        }
    }

    /** Keeps the newest {@code historySize} messages, and the presence events after the oldest of them. */
    private void trimToHistory(long newestId) {
        long oldestKept = Math.max(0, newestId - limits.historySize() + 1);
        while (!entries.isEmpty() && entries.peekFirst().position().major() < oldestKept) {
            forgetFirst();
        }
    }

    private void forgetFirst() {
        if (entries.removeFirst() instanceof Entry.Posted posted && posted.ref() != null) {
            sent.remove(new SentKey(posted.message().uid(), posted.ref()), posted.message().id());
        }
    }
}
