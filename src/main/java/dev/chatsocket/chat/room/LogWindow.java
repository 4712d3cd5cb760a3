package dev.chatsocket.chat.room;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The newest entries of one room's log, kept in memory, and the listeners they go to: what the
 * memory log is entirely and the database log keeps in front of its store. Laid out like the Redis
 * stream: messages at {@code N-0}, presence events at {@code N-1}, {@code N-2}, … after message
 * {@code N}; the messages trimmed to the history size and the presence events to the log cap. An
 * appended entry is delivered at once, so listeners get entries in log order.
 *
 * <p>It also lists the people of a log that is this node's alone (memory, the embedded database):
 * a person is held by this node or by nobody, so they are listed from their first connection's
 * join until the room's leave once their grace is over, and each change is one presence event.
 * Not thread-safe: its owner holds a lock around every call.
 */
public final class LogWindow {
    private final RoomLimits limits;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Set<LogListener> listeners = new LinkedHashSet<>();
    /** The people listed, by uid, in order of arrival. */
    private final Map<String, Listed> listed = new LinkedHashMap<>();
    private long lastId;
    private Position last = Position.ZERO;

    public LogWindow(RoomLimits limits) {
        this.limits = limits;
    }

    /**
     * Starts from what a store kept: its newest messages, oldest first, and its last id (which
     * may be a message no longer shown, deleted or trimmed).
     */
    public void restore(List<Entry.Posted> newest, long storedLastId) {
        entries.clear();
        entries.addAll(newest);
        lastId = storedLastId;
        last = Position.ofMessage(storedLastId);
    }

    /** The newest message id appended or restored; 0 for an empty log. */
    public long lastId() {
        return lastId;
    }

    /** The newest entry's position. */
    public Position end() {
        return last;
    }

    /** Appends a message, delivers it, and trims the window to the history size. */
    public void appendMessage(Entry.Posted posted) {
        long id = posted.message().id();
        lastId = Math.max(lastId, id);
        append(posted);
        // The newest historySize messages, and the presence events after the oldest of them.
        long oldestKept = Math.max(0, id - limits.historySize() + 1);
        while (!entries.isEmpty() && entries.peekFirst().position().major() < oldestKept) {
            entries.removeFirst();
        }
    }

    /** Appends and delivers a presence event after the newest message; returns its position. */
    public Position appendPresence(PresenceEvent event, Listed who) {
        Position at = new Position(lastId, last.major() == lastId ? last.minor() + 1 : 1);
        append(new Entry.Presence(at, event, who.uid(), who.nick(), who.verified()));
        while (entries.size() > limits.logCap()) {
            entries.removeFirst();
        }
        return at;
    }

    /**
     * Lists a person, appending their join unless they are listed already.
     *
     * @return the join entry's position, or the newest entry's when nothing was appended
     */
    public Position list(Listed person) {
        return listed.putIfAbsent(person.uid(), person) == null ? appendPresence(PresenceEvent.JOIN, person) : last;
    }

    /** The people listed, in order of arrival. */
    public List<Listed> listed() {
        return new ArrayList<>(listed.values());
    }

    /** Renames a listed person, with its nick event; nothing for someone not listed. */
    public void rename(String uid, String nick) {
        Listed was = listed.get(uid);
        if (was != null) {
            Listed renamed = new Listed(uid, nick, was.verified());
            listed.put(uid, renamed);
            appendPresence(PresenceEvent.NICK, renamed);
        }
    }

    /** Unlists a person, with its leave event, once. */
    public void unlist(String uid) {
        Listed was = listed.remove(uid);
        if (was != null) {
            appendPresence(PresenceEvent.LEAVE, was);
        }
    }

    /** The oldest message id still in the window, {@code upToId + 1} when none is. */
    public long firstRetained(long upToId) {
        Entry first = entries.peekFirst();
        if (first == null) {
            return upToId + 1;
        }
        // A presence entry N-k follows message N, which is then out of the window already.
        return first.position().isMessage() ? first.position().major() : first.position().major() + 1;
    }

    /** The entries after {@code after} up to {@code upTo}, oldest first. */
    public List<Entry> range(Position after, Position upTo) {
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

    /** The newest {@code count} messages in the window, oldest first. */
    public List<ChatMessage> recent(int count) {
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

    /** A page from the window: {@code more} when an older message is in it still. */
    public OlderPage older(long before, int limit) {
        return OlderPages.from(entries.descendingIterator(), before, limit);
    }

    /** Starts delivering to {@code listener}, first what was appended after its position. */
    public void watch(LogListener listener) {
        if (listeners.add(listener)) {
            Position from = listener.position();
            if (from != null && last.isAfter(from)) {
                listener.deliver(range(from, last));
            }
        }
    }

    public void forget(LogListener listener) {
        listeners.remove(listener);
    }

    private void append(Entry entry) {
        entries.addLast(entry);
        last = entry.position();
        List<Entry> one = List.of(entry);
        for (LogListener listener : listeners) {
            listener.deliver(one);
        }
    }
}
