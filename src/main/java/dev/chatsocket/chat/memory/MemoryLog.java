package dev.chatsocket.chat.memory;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.DedupeLimits;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * <p>This node is the only one, so a person is held by it or by nobody: listed from their first
 * join until their leave (the room calls it once the presence grace is over). A sender's
 * {@code (uid, ref)} is remembered within the {@link DedupeLimits} ({@link SentRefs}), trimmed
 * from the history or not, so a resend from any connection is acked with its first id and not
 * stored again.
 *
 * <p>The epoch is this object's: a room the registry forgot, or a restarted server, starts a new
 * one, so a client resuming from an old one learns that its ids mean nothing here.
 */
final class MemoryLog implements RoomLog {
    private final String room;
    private final String epoch = UUID.randomUUID().toString();
    private final RoomLimits limits;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /** The people listed, by uid, in order of arrival. */
    private final Map<String, Listed> listed = new LinkedHashMap<>();
    private final SentRefs sent;
    private final Set<LogListener> listeners = new LinkedHashSet<>();
    private long lastId;
    private Position last = Position.ZERO;

    MemoryLog(String room, RoomLimits limits, DedupeLimits dedupe) {
        this.room = room;
        this.limits = limits;
        this.sent = new SentRefs(dedupe);
    }

    @Override
    public synchronized JoinReply join(Listed person) {
        Position at = last;
        if (listed.putIfAbsent(person.uid(), person) == null) {
            at = appendPresence(PresenceEvent.JOIN, person);
        }
        return new JoinReply(epoch, at, new ArrayList<>(listed.values()));
    }

    @Override
    public synchronized CompletionStage<PostOutcome> post(String servedEpoch, String uid, String nick, String text,
                                                        String ref, long nowMillis) {
        if (!epoch.equals(servedEpoch)) {
            return CompletableFuture.completedFuture(new PostOutcome.EpochLost());
        }
        if (ref != null) {
            OptionalLong prior = sent.find(uid, ref, nowMillis);
            if (prior.isPresent()) {
                return CompletableFuture.completedFuture(new PostOutcome.Duplicate(prior.getAsLong()));
            }
        }
        long id = ++lastId;
        Entry.Posted posted = new Entry.Posted(Position.ofMessage(id), new ChatMessage(id, room, uid, nick, text, nowMillis), ref);
        if (ref != null) {
            sent.remember(uid, ref, id, nowMillis);
        }
        append(posted);
        trimToHistory(id);
        return CompletableFuture.completedFuture(new PostOutcome.Stored(id));
    }

    @Override
    public synchronized CompletionStage<Void> rename(String uid, String nick) {
        Listed was = listed.get(uid);
        if (was != null) {
            Listed renamed = new Listed(uid, nick, was.verified());
            listed.put(uid, renamed);
            appendPresence(PresenceEvent.NICK, renamed);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void leave(String uid) {
        Listed was = listed.remove(uid);
        if (was != null) {
            appendPresence(PresenceEvent.LEAVE, was);
        }
    }

    /** People here are listed until they leave: nothing to refresh. */
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

    private Position appendPresence(PresenceEvent event, Listed who) {
        Position at = new Position(lastId, last.major() == lastId ? last.minor() + 1 : 1);
        append(new Entry.Presence(at, event, who.uid(), who.nick(), who.verified()));
        while (entries.size() > limits.logCap()) {
            entries.removeFirst();
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
            entries.removeFirst();
        }
    }
}
