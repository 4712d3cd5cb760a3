package dev.chatsocket.chat.room;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The newest entries of one room's log, kept in memory, and the listeners they go to: what the
 * memory log is entirely and the database log keeps in front of its store. Laid out like the Redis
 * stream: messages at {@code N-0}, presence events at {@code N-1}, {@code N-2}, … after message
 * {@code N}; edits and deletes at ids of their own ({@code E-0}). The messages are trimmed to the
 * history size, and all entries together to the log cap. An appended entry is delivered at once,
 * so listeners get entries in log order.
 *
 * <p>Messages are kept in their current state: an edit replaces its target's text, and a delete
 * takes the text out of its target and out of every earlier edit of it, here as in any store.
 *
 * <p>It also lists the people of a log that is this node's alone (memory, the embedded database):
 * a person is held by this node or by nobody, so they are listed from their first connection's
 * join until the room's leave once their grace is over, and each change is one presence event.
 * Not thread-safe: its owner holds a lock around every call.
 */
public final class LogWindow {
    private final RoomLimits limits;
    /** By position: a change rewrites its target in place. */
    private final NavigableMap<Position, Entry> entries = new TreeMap<>();
    /** How many of the entries are messages. */
    private int messages;
    private final Set<LogListener> listeners = new LinkedHashSet<>();
    /** The people listed, by uid, in order of arrival. */
    private final Map<String, Listed> listed = new LinkedHashMap<>();
    private long lastId;
    private Position last = Position.ZERO;

    public LogWindow(RoomLimits limits) {
        this.limits = limits;
    }

    /**
     * Starts from what a store kept: its newest messages in their current state and the edits and
     * deletes after the oldest of them, in id order, and its last id (which may be an entry no
     * longer kept).
     */
    public void restore(List<Entry> newest, long storedLastId) {
        entries.clear();
        messages = 0;
        for (Entry entry : newest) {
            put(entry);
        }
        lastId = storedLastId;
        last = Position.ofMessage(storedLastId);
        trim();
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
        appendMessages(List.of(posted));
    }

    /**
     * Appends messages stored together (in id order), delivers them to each listener as one list,
     * and trims the window to the history size: a room then writes each member the whole group
     * and flushes once, where one message at a time would cost a socket write per message and member.
     */
    public void appendMessages(List<Entry.Posted> posted) {
        if (posted.isEmpty()) {
            return;
        }
        for (Entry.Posted one : posted) {
            lastId = Math.max(lastId, one.message().id());
        }
        append(List.<Entry>copyOf(posted));
    }

    /**
     * The message {@code id} in its current state; {@code null} when the window does not hold it
     * (never posted, trimmed, or {@code id} is not a message's).
     */
    public ChatMessage message(long id) {
        return entries.get(Position.ofMessage(id)) instanceof Entry.Posted posted ? posted.message() : null;
    }

    /**
     * Appends an edit or a delete ({@link Entry.Edited}, {@link Entry.Deleted}) and delivers it,
     * first bringing its target up to date if the window holds it: its new text, or, deleted, no
     * text, in the message and in every edit of it.
     */
    public void appendChange(Entry change) {
        if (change instanceof Entry.Edited edited) {
            rewrite(edited.target(), message -> message.edited(edited.text(), edited.ts()));
        } else if (change instanceof Entry.Deleted deleted) {
            rewrite(deleted.target(), ChatMessage::asDeleted);
            for (Entry later : new ArrayList<>(entries.tailMap(Position.ofMessage(deleted.target()), false).values())) {
                if (later instanceof Entry.Edited edit && edit.target() == deleted.target() && edit.text() != null) {
                    entries.put(edit.position(), new Entry.Edited(edit.position(), edit.target(), edit.uid(), null, edit.ts(), edit.ref()));
                }
            }
        } else {
            throw new IllegalArgumentException("not an edit or a delete: " + change);
        }
        lastId = Math.max(lastId, change.position().major());
        append(change);
    }

    private void rewrite(long target, java.util.function.UnaryOperator<ChatMessage> change) {
        if (entries.get(Position.ofMessage(target)) instanceof Entry.Posted posted) {
            entries.put(posted.position(), new Entry.Posted(posted.position(), change.apply(posted.message()), posted.ref()));
        }
    }

    /** Appends and delivers a presence event after the newest message or change; returns its position. */
    public Position appendPresence(PresenceEvent event, Listed who) {
        Position at = nextEventPosition();
        append(new Entry.Presence(at, event, who.uid(), who.nick(), who.verified()));
        return at;
    }

    /** Appends and delivers a moderation after the newest message, where presence events go. */
    public void appendModeration(Moderation moderation) {
        append(new Entry.Moderated(nextEventPosition(), moderation));
    }

    /** Whether the person is listed (has a connection, or is within their grace). */
    public boolean isListed(String uid) {
        return listed.containsKey(uid);
    }

    /** {@code N-k} after message {@code N}: an event takes no message id. */
    private Position nextEventPosition() {
        return new Position(lastId, last.major() == lastId ? last.minor() + 1 : 1);
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

    /** The oldest id (message or change) from which every entry is still in the window, {@code upToId + 1} when none is. */
    public long firstRetained(long upToId) {
        if (entries.isEmpty()) {
            return upToId + 1;
        }
        Position first = entries.firstKey();
        // A presence entry N-k follows message N, which is then out of the window already.
        return first.isMessage() ? first.major() : first.major() + 1;
    }

    /** The entries after {@code after} up to {@code upTo}, oldest first, messages in their current state. */
    public List<Entry> range(Position after, Position upTo) {
        if (!upTo.isAfter(after)) {
            return new ArrayList<>();
        }
        return new ArrayList<>(entries.subMap(after, false, upTo, true).values());
    }

    /** The newest {@code count} messages in the window, oldest first. */
    public List<ChatMessage> recent(int count) {
        List<ChatMessage> recent = new ArrayList<>(Math.min(count, messages));
        Iterator<Entry> newestFirst = entries.descendingMap().values().iterator();
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
        return OlderPages.from(entries.descendingMap().values().iterator(), before, limit);
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

    /** Hands a typing notice to the listeners; it is not an entry and is not kept. */
    public void typing(String uid, String nick) {
        for (LogListener listener : listeners) {
            listener.typing(uid, nick);
        }
    }

    private void append(Entry entry) {
        append(List.of(entry));
    }

    /** Puts the entries (in order), trims, and hands them to every listener in one list. */
    private void append(List<Entry> appended) {
        for (Entry entry : appended) {
            put(entry);
            last = entry.position();
        }
        trim();
        for (LogListener listener : listeners) {
            listener.deliver(appended);
        }
    }

    private void put(Entry entry) {
        if (entries.put(entry.position(), entry) == null && entry instanceof Entry.Posted) {
            messages++;
        }
    }

    /**
     * The newest {@code historySize} messages and what came after the oldest of them, within the
     * log cap: presence, edits and deletes cut into the messages only when there were far more of
     * them than messages.
     */
    private void trim() {
        if (messages > limits.historySize()) {
            while (messages > limits.historySize()) {
                removeFirst();
            }
            // And what came between the last message dropped and the oldest one kept.
            while (!(entries.firstEntry().getValue() instanceof Entry.Posted)) {
                removeFirst();
            }
        }
        while (entries.size() > limits.logCap()) {
            removeFirst();
        }
    }

    private void removeFirst() {
        if (entries.pollFirstEntry().getValue() instanceof Entry.Posted) {
            messages--;
        }
    }
}
