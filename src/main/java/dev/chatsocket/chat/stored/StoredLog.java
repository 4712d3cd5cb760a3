package dev.chatsocket.chat.stored;

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
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.history.HistoryUnavailableException;
import dev.chatsocket.history.Message;
import dev.chatsocket.history.NewMessage;
import dev.chatsocket.history.Page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One room's log over the {@link HistoryStore}: messages are appended to the store, which gives
 * them their ids and commits them (in groups); each is delivered, on the delivery thread and in
 * the order the store committed them, only after its commit, so the sender's ack means stored.
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
        List<Message> newest = reading(this::newestWindow);
        synchronized (this) {
            if (epoch != null) {
                return;
            }
            List<Entry.Posted> shown = new ArrayList<>(newest.size());
            for (Message message : newest) {
                if (StoredMessages.isShown(message)) {
                    shown.add(new Entry.Posted(Position.ofMessage(message.id()), StoredMessages.of(room, message), null));
                }
            }
            window.restore(shown, storedLastId);
            epoch = storedEpoch;
        }
    }

    /** The newest {@code historySize} messages, oldest first, in pages of what the store reads at once. */
    private List<Message> newestWindow() {
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

    @Override
    public CompletionStage<PostOutcome> post(String servedEpoch, String uid, String nick, String text, String ref,
                                             long nowMillis) {
        synchronized (this) {
            if (epoch == null || !epoch.equals(servedEpoch)) {
                return CompletableFuture.completedFuture(new PostOutcome.EpochLost());
            }
        }
        CompletableFuture<Appended> stored;
        try {
            stored = stores.get().append(room, new NewMessage(uid, nick, text, nowMillis, ref));
        } catch (HistoryUnavailableException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        if (stored.isCompletedExceptionally()) {
            // Refused at once (the queue is full, the store closed): nothing to deliver, nor to wait for.
            return stored.handle((appended, failure) -> {
                throw unavailable(failure);
            });
        }
        CompletableFuture<PostOutcome> outcome = stored.handleAsync((appended, failure) -> {
            if (failure != null) {
                throw unavailable(failure);
            }
            if (appended.duplicate()) {
                return new PostOutcome.Duplicate(appended.id());
            }
            delivered(new Entry.Posted(Position.ofMessage(appended.id()),
                    new ChatMessage(appended.id(), room, uid, nick, text, nowMillis), ref));
            return new PostOutcome.Stored(appended.id());
        }, delivery);
        synchronized (this) {
            tail = outcome;
        }
        return outcome;
    }

    private static CompletionException unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return new CompletionException(new StoreUnavailableException("the message was not stored: " + cause.getMessage(), cause));
    }

    /** On the delivery thread: a committed message joins the window and goes to the room. */
    private synchronized void delivered(Entry.Posted posted) {
        window.appendMessage(posted);
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
