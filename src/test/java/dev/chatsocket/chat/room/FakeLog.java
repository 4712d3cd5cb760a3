package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.MessageChanges;
import java.time.Duration;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.moderation.Sanctions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A room log for the room's unit tests, shaped like the shared store: appends are stored at once,
 * but reach the room only when the test says so ({@link #deliver()}, the stream reader's turn),
 * and the test can make things happen at the moment the room reads the log
 * ({@link #whenRangeIsRead}) or make the store fail or lose its history.
 */
final class FakeLog implements RoomLog {
    private final String room;
    private final int historySize;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Listed> listed = new LinkedHashMap<>();
    private final List<String> leaves = new ArrayList<>();
    private final List<String> typed = new ArrayList<>();
    private List<Listed> lastHeartbeat = List.of();
    private final Map<String, Long> sent = new HashMap<>();
    private final Queue<Runnable> onRange = new ArrayDeque<>();
    private final Sanctions sanctions = new Sanctions(100);
    private LogListener listener;
    private String epoch = "e1";
    private long lastId;
    private Position last = Position.ZERO;
    private boolean down;

    FakeLog(String room, int historySize) {
        this.room = room;
        this.historySize = historySize;
    }

    /** Delivers what the room has not had yet, as the reader would. */
    void deliver() {
        LogListener watching;
        List<Entry> pending;
        synchronized (this) {
            watching = listener;
            Position from = watching == null ? null : watching.position();
            if (from == null) {
                return;
            }
            pending = range(from, last);
        }
        if (!pending.isEmpty()) {
            watching.deliver(pending);
        }
    }

    /** Runs {@code action} the next time the room reads a range of the log, before it is read. */
    synchronized void whenRangeIsRead(Runnable action) {
        onRange.add(action);
    }

    /** The store was flushed or replaced: a new epoch, no entries, nobody listed. */
    synchronized void loseHistory(String newEpoch) {
        epoch = newEpoch;
        entries.clear();
        listed.clear();
        sent.clear();
    }

    synchronized void down(boolean down) {
        this.down = down;
    }

    /** Appends a message as another node's member would. */
    synchronized long appendMessage(String uid, String nick, String text, String ref) {
        return appendMessage(uid, nick, text, ref, 0, false);
    }

    private long appendMessage(String uid, String nick, String text, String ref, long ts, boolean bot) {
        long id = ++lastId;
        Position at = Position.ofMessage(id);
        entries.add(new Entry.Posted(at, new ChatMessage(id, room, uid, nick, text, ts, 0, false, bot), ref));
        last = at;
        if (ref != null) {
            sent.put(uid + "/" + ref, id);
        }
        // The newest historySize messages, and what came after the oldest of them.
        List<Long> messageIds = entries.stream().filter(e -> e instanceof Entry.Posted).map(e -> e.position().major()).toList();
        if (messageIds.size() > historySize) {
            long oldestKept = messageIds.get(messageIds.size() - historySize);
            entries.removeIf(e -> e.position().major() < oldestKept);
        }
        return id;
    }

    synchronized Position appendPresence(PresenceEvent event, Listed who) {
        Position at = new Position(lastId, last.major() == lastId ? last.minor() + 1 : 1);
        entries.add(new Entry.Presence(at, event, who.uid(), who.nick(), who.verified()));
        last = at;
        return at;
    }

    synchronized List<String> listed() {
        return List.copyOf(listed.keySet());
    }

    /** The uids the room asked to unlist, in order: a person leaves once, after the grace. */
    synchronized List<String> leaves() {
        return List.copyOf(leaves);
    }

    private void failIfDown() {
        if (down) {
            throw new StoreUnavailableException("the fake store is down", null);
        }
    }

    @Override
    public synchronized JoinReply join(Listed person) {
        failIfDown();
        Position at = last;
        if (listed.putIfAbsent(person.uid(), person) == null) {
            at = appendPresence(PresenceEvent.JOIN, person);
        }
        return new JoinReply(epoch, at, new ArrayList<>(listed.values()));
    }

    /** Decided against the target as the entries have it, like the real logs; stored at once, delivered when told. */
    @Override
    public synchronized CompletionStage<PostOutcome> change(String servedEpoch, MessageChange change, MessageChanges rules,
                                                          long nowMillis) {
        if (down) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("the fake store is down", null));
        }
        if (!epoch.equals(servedEpoch)) {
            return CompletableFuture.completedFuture(new PostOutcome.EpochLost());
        }
        Long prior = change.ref() == null ? null : sent.get(change.uid() + "/" + change.ref());
        if (prior != null) {
            return CompletableFuture.completedFuture(new PostOutcome.Duplicate(prior));
        }
        int at = indexOf(change.target());
        ChatMessage target = at < 0 ? null : ((Entry.Posted) entries.get(at)).message();
        MessageChanges.Verdict verdict = change.judge(rules, target, nowMillis);
        if (verdict != MessageChanges.Verdict.ALLOWED) {
            return CompletableFuture.completedFuture(new PostOutcome.Refused(verdict));
        }
        long id = ++lastId;
        Entry entry = change.entry(id, nowMillis);
        Entry.Posted posted = (Entry.Posted) entries.get(at);
        entries.set(at, new Entry.Posted(posted.position(), change instanceof MessageChange.Edit edit
                ? target.edited(edit.text(), nowMillis) : target.asDeleted(), posted.ref()));
        if (change instanceof MessageChange.Delete) {
            entries.replaceAll(e -> e instanceof Entry.Edited edit && edit.target() == change.target()
                    ? new Entry.Edited(edit.position(), edit.target(), edit.uid(), null, edit.ts(), edit.ref()) : e);
        }
        entries.add(entry);
        last = entry.position();
        if (change.ref() != null) {
            sent.put(change.uid() + "/" + change.ref(), id);
        }
        return CompletableFuture.completedFuture(new PostOutcome.Stored(id));
    }

    private int indexOf(long messageId) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) instanceof Entry.Posted posted && posted.message().id() == messageId) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public synchronized CompletionStage<PostOutcome> post(String servedEpoch, String uid, String nick, String text,
                                                        String ref, long nowMillis, boolean bot) {
        if (down) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("the fake store is down", null));
        }
        if (!epoch.equals(servedEpoch)) {
            return CompletableFuture.completedFuture(new PostOutcome.EpochLost());
        }
        Long prior = ref == null ? null : sent.get(uid + "/" + ref);
        if (prior != null) {
            return CompletableFuture.completedFuture(new PostOutcome.Duplicate(prior));
        }
        return CompletableFuture.completedFuture(new PostOutcome.Stored(appendMessage(uid, nick, text, ref, nowMillis, bot)));
    }

    @Override
    public synchronized String open() {
        if (down) {
            throw new StoreUnavailableException("the fake store is down", null);
        }
        return epoch;
    }

    @Override
    public synchronized List<Listed> members() {
        if (down) {
            throw new StoreUnavailableException("the fake store is down", null);
        }
        return new ArrayList<>(listed.values());
    }

    /**
     * Passes the notice straight to the watching room, as a channel that every node hears would;
     * what was passed on is kept for the test ({@link #typed()}), never in the entries.
     */
    @Override
    public void typing(String uid, String nick, Duration interval) {
        LogListener watching;
        synchronized (this) {
            typed.add(uid);
            watching = listener;
        }
        if (watching != null) {
            watching.typing(uid, nick);
        }
    }

    /** The uids whose typing notices the room passed on, in order. */
    synchronized List<String> typed() {
        return List.copyOf(typed);
    }

    /** Stores like the memory log (no bound), appending at a presence event's place. */
    @Override
    public synchronized ModerationOutcome moderate(Moderation moderation, long nowMillis) {
        failIfDown();
        switch (moderation.action()) {
            case KICK -> {
                if (!listed.containsKey(moderation.uid())) {
                    return ModerationOutcome.NOT_FOUND;
                }
            }
            case BAN, MUTE -> sanctions.put(moderation.sanction().orElseThrow(), nowMillis);
            case UNBAN, UNMUTE -> {
                if (!sanctions.lift(moderation.kind().orElseThrow(), moderation.uid())) {
                    return ModerationOutcome.NOT_FOUND;
                }
            }
        }
        Position at = new Position(lastId, last.major() == lastId ? last.minor() + 1 : 1);
        entries.add(new Entry.Moderated(at, moderation));
        last = at;
        return ModerationOutcome.DONE;
    }

    @Override
    public synchronized List<Sanction> sanctions(long nowMillis) {
        failIfDown();
        return sanctions.active(nowMillis);
    }

    @Override
    public synchronized CompletionStage<Void> rename(String uid, String nick) {
        Listed was = listed.get(uid);
        if (was != null) {
            listed.put(uid, new Listed(uid, nick, was.verified()));
            appendPresence(PresenceEvent.NICK, listed.get(uid));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void leave(String uid) {
        failIfDown();
        leaves.add(uid);
        Listed was = listed.remove(uid);
        if (was != null) {
            appendPresence(PresenceEvent.LEAVE, was);
        }
    }

    @Override
    public synchronized String heartbeat(String servedEpoch, List<Listed> members) {
        failIfDown();
        lastHeartbeat = List.copyOf(members);
        return epoch;
    }

    /** Whom the room's last heartbeat kept listed. */
    synchronized List<Listed> lastHeartbeat() {
        return lastHeartbeat;
    }

    @Override
    public synchronized Position end() {
        failIfDown();
        return last;
    }

    @Override
    public synchronized long firstRetained(long lastId) {
        for (Entry entry : entries) {
            if (entry instanceof Entry.Posted posted) {
                return posted.message().id();
            }
        }
        return lastId + 1;
    }

    @Override
    public List<Entry> range(Position after, Position upTo) {
        Runnable action;
        synchronized (this) {
            action = onRange.poll();
        }
        if (action != null) {
            action.run();
        }
        synchronized (this) {
            failIfDown();
            List<Entry> range = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry.position().isAfter(after) && !entry.position().isAfter(upTo)) {
                    range.add(entry);
                }
            }
            return range;
        }
    }

    @Override
    public synchronized List<ChatMessage> recent(int count) {
        List<ChatMessage> messages = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry instanceof Entry.Posted posted) {
                messages.add(posted.message());
            }
        }
        return List.copyOf(messages.subList(Math.max(0, messages.size() - count), messages.size()));
    }

    @Override
    public synchronized OlderPage older(long before, int limit) {
        List<Entry> newestFirst = new ArrayList<>(entries);
        java.util.Collections.reverse(newestFirst);
        return OlderPages.from(newestFirst.iterator(), before, limit);
    }

    @Override
    public synchronized Optional<String> storedEpoch() {
        return Optional.of(epoch);
    }

    @Override
    public synchronized void watch(LogListener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void forget(LogListener listener) {
        if (this.listener == listener) {
            this.listener = null;
        }
    }
}
