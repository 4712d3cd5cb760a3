package dev.chatsocket.chat.stored;

import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.Moderation;
import dev.chatsocket.chat.room.ModerationOutcome;
import dev.chatsocket.chat.room.MessageChange;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.JoinReply;
import dev.chatsocket.chat.room.Listed;
import dev.chatsocket.chat.room.LogListener;
import dev.chatsocket.chat.room.LogWindow;
import dev.chatsocket.chat.room.OlderPage;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PostOutcome;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.room.RoomLog;
import dev.chatsocket.chat.room.StoreUnavailableException;
import dev.chatsocket.history.Appended;
import dev.chatsocket.history.ChangeRule;
import dev.chatsocket.history.Changed;
import dev.chatsocket.history.Deletion;
import dev.chatsocket.history.Edit;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.history.HistoryUnavailableException;
import dev.chatsocket.history.Message;
import dev.chatsocket.history.NewMessage;
import dev.chatsocket.history.Page;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One room's log over the {@link HistoryStore}: messages are appended to the store, which gives
 * them their ids and commits them (in groups); each is delivered, on the delivery thread and in
 * the order the store committed them, only after its commit, so the sender's ack means stored.
 * Edits and deletes are decided and stored by the store's writer too, and delivered the same way.
 * Presence events are not stored: they take their place in this log's order like
 * {@code MemoryLog}'s ({@code N-1}, {@code N-2}, … after the newest delivered message {@code N}).
 *
 * <p>The live window, what joins and resumes read, is in memory and bounded like the memory log's
 * (the newest {@code historySize} messages, the log cap for presence events); it is filled from
 * the store when the room is first used on this node, so after a restart the room goes on in the
 * same epoch with the same ids, and a client resuming from inside the window gets
 * {@code recovered: true}. Older messages are paged from the store. A sender's ref is the store's
 * to remember, across restarts.
 */
final class StoredLog implements RoomLog {
    private final String room;
    private final Supplier<HistoryStore> stores;
    private final RoomLimits limits;
    private final Executor delivery;

    private final LogWindow window;
    /**
     * What the store committed for this room, in the order it committed it, waiting for the
     * delivery thread; and whether a drain of it is queued there. The writer completes a whole
     * group commit at once, so one drain usually finds the group and delivers it together.
     */
    private final Queue<Committed> committed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** The store's epoch; {@code null} until the window was read from the store. */
    private String epoch;
    /** The last post or rename issued: a rename is appended after the posts issued before it. */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    /** @param stores the open store; throws {@link HistoryUnavailableException} while it is not open yet */
    StoredLog(String room, Supplier<HistoryStore> stores, RoomLimits limits, Executor delivery) {
        this.room = room;
        this.stores = stores;
        this.limits = limits;
        this.delivery = delivery;
        this.window = new LogWindow(limits);
    }

    /** Reads the epoch, the id sequence and the window from the store the first time (blocking, outside the lock). */
    private void load() {
        synchronized (this) {
            if (epoch != null) {
                return;
            }
        }
        String storedEpoch = reading(() -> stores.get().epoch(room));
        long storedLastId = reading(() -> stores.get().lastId(room));
        List<Entry> newest = reading(this::newestWindow);
        synchronized (this) {
            if (epoch != null) {
                return;
            }
            window.restore(newest, storedLastId);
            epoch = storedEpoch;
        }
    }

    /**
     * The newest {@code historySize} messages in their current state and the edits and deletes
     * after the oldest of them, oldest first: so that a client resuming after a restart still
     * gets the changes made before it.
     */
    private List<Entry> newestWindow() {
        List<Message> messages = newestMessages();
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Entry> window = new ArrayList<>();
        long after = messages.get(0).id() - 1;
        while (true) {
            List<dev.chatsocket.history.Entry> page = stores.get().after(room, after, HistoryStore.MAX_LIMIT);
            for (dev.chatsocket.history.Entry stored : page) {
                window.add(entry(stored));
            }
            if (page.size() < HistoryStore.MAX_LIMIT) {
                return window;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private Entry entry(dev.chatsocket.history.Entry stored) {
        Position at = Position.ofMessage(stored.id());
        if (stored instanceof Edit edit) {
            return new Entry.Edited(at, edit.target(), edit.uid(), edit.text(), edit.ts(), null);
        } else if (stored instanceof Deletion deletion) {
            return new Entry.Deleted(at, deletion.target(), deletion.by(), deletion.ts(), null);
        }
        return new Entry.Posted(at, StoredMessages.of(room, (Message) stored), null);
    }

    /** The newest {@code historySize} messages, oldest first, in pages of what the store reads at once. */
    private List<Message> newestMessages() {
        List<Message> newestFirst = new ArrayList<>();
        long before = Long.MAX_VALUE;
        while (newestFirst.size() < limits.historySize()) {
            Page page = stores.get().before(room, before, Math.min(HistoryStore.MAX_LIMIT, limits.historySize() - newestFirst.size()));
            List<Message> messages = new ArrayList<>(page.messages());
            Collections.reverse(messages);
            newestFirst.addAll(messages);
            if (!page.more() || messages.isEmpty()) {
                break;
            }
            before = messages.get(messages.size() - 1).id();
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public JoinReply join(Listed person) {
        load();
        synchronized (this) {
            // This node is the only one: a person is listed from their first connection's join
            // until the room's leave, once their grace is over; a join meanwhile appends nothing.
            Position at = window.list(person);
            return new JoinReply(epoch, at, window.listed());
        }
    }

    /**
     * Decided by the store's writer, in the transaction that stores it, against the target as the
     * database has it (so two deletes of one message cannot both be stored), and delivered like a
     * post once committed. Reads the log from the store first when this node has not yet (an API
     * call to a room with nobody in it here): blocking then, so such a caller is on the worker.
     */
    @Override
    public CompletionStage<PostOutcome> change(String servedEpoch, MessageChange change, MessageChanges rules,
                                               long nowMillis) {
        load();
        synchronized (this) {
            if (!epoch.equals(servedEpoch)) {
                return CompletableFuture.completedFuture(new PostOutcome.EpochLost());
            }
        }
        ChangeRule<MessageChanges.Verdict> rule = target -> {
            MessageChanges.Verdict verdict = change.judge(rules, StoredMessages.of(room, target), nowMillis);
            return verdict == MessageChanges.Verdict.ALLOWED ? Optional.empty() : Optional.of(verdict);
        };
        CompletableFuture<Changed<MessageChanges.Verdict>> stored;
        try {
            stored = change instanceof MessageChange.Edit edit
                    ? stores.get().edit(room, edit.target(), edit.uid(), edit.text(), nowMillis, edit.ref(), rule)
                    : stores.get().delete(room, change.target(), change.uid(), nowMillis, change.ref(), rule);
        } catch (HistoryUnavailableException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        if (stored.isCompletedExceptionally()) {
            return stored.handle((changed, failure) -> {
                throw unavailable(failure);
            });
        }
        CompletableFuture<PostOutcome> outcome = new CompletableFuture<>();
        stored.whenComplete((changed, failure) -> {
            if (failure != null) {
                committed(Committed.failed(unavailable(failure), outcome));
            } else if (changed instanceof Changed.Stored<MessageChanges.Verdict> entry) {
                long id = entry.entry().id();
                committed(new Committed(change.entry(id, nowMillis), new PostOutcome.Stored(id), null, outcome));
            } else if (changed instanceof Changed.Duplicate<MessageChanges.Verdict> duplicate) {
                committed(Committed.answer(new PostOutcome.Duplicate(duplicate.id()), outcome));
            } else if (changed instanceof Changed.Refused<MessageChanges.Verdict> refused) {
                committed(Committed.answer(new PostOutcome.Refused(refused.reason()), outcome));
            } else {
                committed(Committed.answer(new PostOutcome.Refused(MessageChanges.Verdict.NOT_FOUND), outcome));
            }
        });
        synchronized (this) {
            tail = outcome;
        }
        return outcome;
    }

    @Override
    public CompletionStage<PostOutcome> post(String servedEpoch, String uid, String nick, String text, String ref,
                                             long nowMillis, boolean bot) {
        synchronized (this) {
            if (epoch == null || !epoch.equals(servedEpoch)) {
                return CompletableFuture.completedFuture(new PostOutcome.EpochLost());
            }
        }
        CompletableFuture<Appended> stored;
        try {
            stored = stores.get().append(room, new NewMessage(uid, nick, text, nowMillis, ref, bot));
        } catch (HistoryUnavailableException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        if (stored.isCompletedExceptionally()) {
            // Refused at once (the queue is full, the store closed): nothing to deliver, nor to wait for.
            return stored.handle((appended, failure) -> {
                throw unavailable(failure);
            });
        }
        CompletableFuture<PostOutcome> outcome = new CompletableFuture<>();
        stored.whenComplete((appended, failure) -> {
            if (failure != null) {
                committed(Committed.failed(unavailable(failure), outcome));
            } else if (appended.duplicate()) {
                committed(Committed.answer(new PostOutcome.Duplicate(appended.id()), outcome));
            } else {
                committed(new Committed(new Entry.Posted(Position.ofMessage(appended.id()),
                        new ChatMessage(appended.id(), room, uid, nick, text, nowMillis, 0, false, bot), ref),
                        new PostOutcome.Stored(appended.id()), null, outcome));
            }
        });
        synchronized (this) {
            tail = outcome;
        }
        return outcome;
    }

    /**
     * What the store answered for one post, edit or delete: the entry to deliver, if it stored one,
     * and the outcome (or failure) that completes {@code result} once the entry is delivered.
     */
    private record Committed(Entry entry, PostOutcome outcome, Throwable failure, CompletableFuture<PostOutcome> result) {
        static Committed answer(PostOutcome outcome, CompletableFuture<PostOutcome> result) {
            return new Committed(null, outcome, null, result);
        }

        static Committed failed(Throwable failure, CompletableFuture<PostOutcome> result) {
            return new Committed(null, null, failure, result);
        }

        void complete() {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(outcome);
            }
        }
    }

    /** On the store's writer thread, in commit order: queued for the delivery thread, which is woken once per drain. */
    private void committed(Committed answer) {
        committed.add(answer);
        if (drainQueued.compareAndSet(false, true)) {
            try {
                delivery.execute(this::drainCommitted);
            } catch (RejectedExecutionException stopping) {
                drainQueued.set(false);
                for (Committed left; (left = committed.poll()) != null; ) {
                    left.result().completeExceptionally(unavailable(stopping));
                }
            }
        }
    }

    /**
     * On the delivery thread: everything committed so far joins the window and goes to the room in
     * commit order, consecutive messages as one group, each edit or delete on its own; then the
     * outcomes complete, so that what waits on one (a rename behind the posts) comes after them.
     */
    private void drainCommitted() {
        drainQueued.set(false); // before polling: what is added from now on queues a drain of its own
        List<Committed> answers = new ArrayList<>();
        for (Committed answer; (answer = committed.poll()) != null; ) {
            answers.add(answer);
        }
        synchronized (this) {
            List<Entry.Posted> messages = new ArrayList<>();
            for (Committed answer : answers) {
                if (answer.entry() instanceof Entry.Posted posted) {
                    messages.add(posted);
                } else if (answer.entry() != null) {
                    window.appendMessages(messages);
                    messages.clear();
                    window.appendChange(answer.entry());
                }
            }
            window.appendMessages(messages);
        }
        answers.forEach(Committed::complete);
    }

    private static CompletionException unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return new CompletionException(new StoreUnavailableException("the message was not stored: " + cause.getMessage(), cause));
    }

    /** The store's epoch, which reading the room's window creates. */
    @Override
    public String open() {
        load();
        synchronized (this) {
            return epoch;
        }
    }

    @Override
    public List<Listed> members() {
        load();
        synchronized (this) {
            return window.listed();
        }
    }

    /**
     * Straight to this node's room: the only node, whose room throttled the notice already. Not
     * stored, and not in the order of the posts (a notice waits for no commit).
     */
    @Override
    public synchronized void typing(String uid, String nick, Duration interval) {
        window.typing(uid, nick);
    }

    /**
     * The sanction is committed to the store first, then the entry appended to the window (and
     * delivered) under this log's lock; a moderation is not a message and takes no id of the store.
     */
    @Override
    public ModerationOutcome moderate(Moderation moderation, long nowMillis) {
        load();
        ModerationOutcome stored = switch (moderation.action()) {
            case KICK -> {
                synchronized (this) {
                    yield window.isListed(moderation.uid()) ? ModerationOutcome.DONE : ModerationOutcome.NOT_FOUND;
                }
            }
            case BAN, MUTE -> reading(() -> stores.get().putSanction(room,
                    StoredMessages.row(moderation.sanction().orElseThrow()), limits.maxSanctions(), nowMillis))
                    ? ModerationOutcome.DONE : ModerationOutcome.TOO_MANY;
            case UNBAN, UNMUTE -> reading(() -> stores.get().liftSanction(room,
                    moderation.kind().orElseThrow().wire(), moderation.uid(), nowMillis))
                    ? ModerationOutcome.DONE : ModerationOutcome.NOT_FOUND;
        };
        if (stored == ModerationOutcome.DONE) {
            synchronized (this) {
                window.appendModeration(moderation);
            }
        }
        return stored;
    }

    @Override
    public List<Sanction> sanctions(long nowMillis) {
        return reading(() -> stores.get().sanctions(room, nowMillis)).stream().map(StoredMessages::sanction).toList();
    }

    /** After the posts issued before it, whether they were stored or not. */
    @Override
    public CompletionStage<Void> rename(String uid, String nick) {
        CompletableFuture<Void> renamed;
        synchronized (this) {
            renamed = tail.handle((done, failure) -> null).thenRun(() -> {
                synchronized (this) {
                    window.rename(uid, nick);
                }
            });
            tail = renamed;
        }
        return renamed;
    }

    @Override
    public synchronized void leave(String uid) {
        window.unlist(uid);
    }

    /** Members here are listed until they leave: nothing to refresh; the epoch never changes. */
    @Override
    public String heartbeat(String servedEpoch, List<Listed> members) {
        load();
        synchronized (this) {
            return epoch;
        }
    }

    @Override
    public Position end() {
        load();
        synchronized (this) {
            return window.end();
        }
    }

    @Override
    public long firstRetained(long upToId) {
        load();
        synchronized (this) {
            return window.firstRetained(upToId);
        }
    }

    @Override
    public List<Entry> range(Position after, Position upTo) {
        load();
        synchronized (this) {
            return window.range(after, upTo);
        }
    }

    /** From the window, which holds the newest messages the store has. */
    @Override
    public List<ChatMessage> recent(int count) {
        try {
            load();
        } catch (StoreUnavailableException e) {
            return List.of();
        }
        synchronized (this) {
            return window.recent(count);
        }
    }

    /** From the store, whatever the window holds. */
    @Override
    public OlderPage older(long before, int limit) {
        Page page = reading(() -> stores.get().before(room, before, limit));
        return new OlderPage(StoredMessages.shown(room, page.messages()), page.more());
    }

    @Override
    public Optional<String> storedEpoch() {
        synchronized (this) {
            if (epoch != null) {
                return Optional.of(epoch);
            }
        }
        try {
            return stores.get().storedEpoch(room);
        } catch (HistoryUnavailableException e) {
            return Optional.empty();
        }
    }

    @Override
    public void watch(LogListener listener) {
        load();
        synchronized (this) {
            window.watch(listener);
        }
    }

    @Override
    public synchronized void forget(LogListener listener) {
        window.forget(listener);
    }

    private static <T> T reading(Supplier<T> read) {
        try {
            return read.get();
        } catch (HistoryUnavailableException e) {
            throw new StoreUnavailableException("the history store cannot be read: " + e.getMessage(), e);
        }
    }
}
