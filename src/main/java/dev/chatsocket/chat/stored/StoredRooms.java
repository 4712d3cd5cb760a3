package dev.chatsocket.chat.stored;

import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.StoreUnavailableException;
import dev.chatsocket.chat.room.RoomBackend;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.room.RoomLog;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.history.HistoryUnavailableException;
import dev.chatsocket.ws.WebSocketSession;

import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Rooms whose messages are kept in a database ({@link HistoryStore}: an embedded H2 file by
 * default, PostgreSQL or a container DataSource when configured), on one node: the store numbers
 * the messages and commits them, and this node delivers them, in id order, once committed. Each
 * room keeps its live window in memory ({@link StoredLog}), which is what joins and resumes read;
 * older messages are paged from the store.
 *
 * <p>Threads, none of them a container's: the store's writer (group commits; it completes each
 * post's future), one delivery thread that appends committed messages to their rooms' windows
 * and delivers them, in the order the writer completed them, and one worker for the blocking
 * work (joins, leaves, pages of older messages, reading a room's window when it opens), in the
 * order asked for, whose writes to connections wait while more of its work does ({@link RoomWorker}).
 * Both queues are bounded by {@code CHATSOCKET_STORE_QUEUE}.
 */
public final class StoredRooms implements RoomBackend {
    private static final System.Logger LOG = System.getLogger(StoredRooms.class.getName());
    private static final long STOP_WAIT_SECONDS = 10;

    /** {@code null} until opened (see {@link #opening}). */
    private volatile HistoryStore store;
    private final RoomLimits limits;
    /** Retries opening a store that another instance of the application still holds; {@code null} when open. */
    private volatile ScheduledExecutorService opener;
    private final RoomWorker worker;
    private final ThreadPoolExecutor delivery;

    /**
     * @param store    the open store, closed with this backend ({@code null} only while {@link #opening} retries)
     * @param maxQueue the most tasks waiting for the worker, and for delivery
     */
    public StoredRooms(HistoryStore store, RoomLimits limits, int maxQueue) {
        this.store = store;
        this.limits = limits;
        this.worker = new RoomWorker("chatsocket-store-worker", maxQueue);
        this.delivery = singleThread("chatsocket-store-delivery", maxQueue);
        // A committed message is never dropped: when delivery is behind, the writer waits for room
        // in its queue (in order), its own queue fills meanwhile, and new posts are refused at once.
        delivery.setRejectedExecutionHandler((task, executor) -> {
            if (executor.isShutdown()) {
                throw new RejectedExecutionException("the history store is stopping");
            }
            try {
                executor.getQueue().put(task);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectedExecutionException("interrupted while waiting to deliver", e);
            }
        });
    }

    /**
     * Opens the store now, or, when another instance of this application still holds it (a hot
     * redeploy that starts the new application before it stops the old one, as Jetty's deployer
     * does: an embedded H2 file is opened by one at a time), keeps trying every second on a thread
     * of its own. Meanwhile joins and posts get {@code unavailable} and {@code /health} says
     * {@code starting}. Any other failure to open stops the start.
     */
    public static StoredRooms opening(Supplier<HistoryStore> open, RoomLimits limits, int maxQueue) {
        try {
            return new StoredRooms(open.get(), limits, maxQueue);
        } catch (RuntimeException e) {
            if (!HistoryStore.heldByAnother(e)) {
                throw e;
            }
            LOG.log(Level.WARNING, "the history store is held by another instance of the application (a redeploy?): "
                    + "opening it once that one lets go");
            StoredRooms rooms = new StoredRooms(null, limits, maxQueue);
            ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "chatsocket-store-opener");
                thread.setDaemon(true);
                return thread;
            });
            rooms.opener = retry;
            retry.scheduleWithFixedDelay(() -> rooms.tryOpen(open), 1, 1, TimeUnit.SECONDS);
            return rooms;
        }
    }

    private void tryOpen(Supplier<HistoryStore> open) {
        try {
            store = open.get();
            LOG.log(Level.INFO, "the history store is open");
            opener.shutdown();
            opener = null;
        } catch (RuntimeException e) {
            if (!HistoryStore.heldByAnother(e)) {
                LOG.log(Level.WARNING, "opening the history store failed; trying again", e);
            }
        }
    }

    /** The open store. */
    private HistoryStore store() {
        HistoryStore open = store;
        if (open == null) {
            throw new HistoryUnavailableException("the history store is not open yet");
        }
        return open;
    }

    @Override
    public RoomLog open(String room) {
        return new StoredLog(room, this::store, limits, delivery);
    }

    @Override
    public boolean submit(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Held while more of the worker's tasks wait: see {@link RoomWorker}. */
    @Override
    public void flush(Collection<WebSocketSession> sessions) {
        worker.flush(sessions);
    }

    /** From the store: the newest messages that are not deleted; none when the store cannot be read. */
    @Override
    public List<ChatMessage> storedRecent(String room, int count) {
        if (count < 1) {
            return List.of();
        }
        try {
            return StoredMessages.shown(room, store().recent(room, Math.min(count, HistoryStore.MAX_LIMIT)));
        } catch (HistoryUnavailableException e) {
            LOG.log(Level.WARNING, "cannot read the history of room {0}: {1}", room, e.getMessage());
            return List.of();
        }
    }

    /** The stored epoch; a room that never stored anything has none yet (reading it does not create the room). */
    @Override
    public Optional<String> storedEpoch(String room) {
        try {
            return store().storedEpoch(room);
        } catch (HistoryUnavailableException e) {
            return Optional.empty();
        }
    }

    /** From the store's {@code chat_sanctions}, one query. */
    @Override
    public Optional<Sanction> ban(String room, String uid, long nowMillis) {
        try {
            return store().sanction(room, Sanction.Kind.BAN.wire(), uid, nowMillis).map(StoredMessages::sanction);
        } catch (HistoryUnavailableException e) {
            throw new StoreUnavailableException("the bans cannot be read: " + e.getMessage(), e);
        }
    }

    /** What is wrong with the store now, for {@code /health}. */
    public Optional<String> problem() {
        HistoryStore open = store;
        return open == null ? Optional.of("starting") : open.problem();
    }

    /** Lets the worker finish, commits what is queued, delivers it, and closes the store. */
    @Override
    public void close() {
        ScheduledExecutorService retrying = opener;
        if (retrying != null) {
            retrying.shutdownNow();
            await(retrying);
        }
        worker.shutdown();
        await(worker);
        HistoryStore open = store;
        if (open != null) {
            open.close(); // commits what is queued: its futures complete, and hand work to delivery
        }
        delivery.shutdown();
        await(delivery);
    }

    private static void await(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                LOG.log(Level.WARNING, "a history store thread did not stop in time");
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadPoolExecutor singleThread(String name, int capacity) {
        ThreadFactory daemon = task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity), daemon);
    }
}
