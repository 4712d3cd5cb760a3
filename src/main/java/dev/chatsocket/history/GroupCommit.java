package dev.chatsocket.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store's one writer: a thread that takes what waits in a bounded queue, up to
 * {@link #MAX_BATCH} at a time, and writes it in one transaction, so that a busy store pays one
 * commit (and, for H2, one fsync) for many messages rather than one each. Each caller's future
 * completes after the commit, with its id: an ack means stored. A full queue refuses at once; a
 * failed commit fails every future of its batch and marks the store unwritable until a later
 * commit succeeds.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    /** Bounds one transaction's size and so the wait of the first message in it. */
    static final int MAX_BATCH = 1000;
    private static final long STOP_WAIT_SECONDS = 10;

    /** What one queued call does inside the batch's transaction. */
    interface Work<T> {
        T apply(Writes writes) throws SQLException;
    }

    private record Pending<T>(String room, Work<T> work, CompletableFuture<T> future) {
        void complete(Object result) {
            @SuppressWarnings("unchecked") T value = (T) result;
            future.complete(value);
        }
    }

    private final OpenDatabase database;
    private final DedupeWindow dedupe;
    private final Clock clock;
    private final StoreHealth health;
    private final BlockingQueue<Pending<?>> queue;
    private final Thread thread;
    private volatile boolean closed;

    GroupCommit(OpenDatabase database, int capacity, DedupeWindow dedupe, Clock clock, StoreHealth health) {
        this.database = database;
        this.dedupe = dedupe;
        this.clock = clock;
        this.health = health;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "chatsocket-history-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code work} on {@code room}; a future that has failed already when the queue is full or the store closed. */
    <T> CompletableFuture<T> submit(String room, Work<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new HistoryUnavailableException("the history store is closed"));
        }
        Pending<T> pending = new Pending<>(room, work, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            return CompletableFuture.failedFuture(new HistoryUnavailableException("the history store's queue is full"));
        }
        return pending.future();
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            Pending<?> first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (Writes writes = new Writes(connection, database.dialect(), dedupe, clock.millis())) {
                for (String room : new TreeSet<>(batch.stream().map(Pending::room).toList())) {
                    writes.lock(room);
                }
                for (Pending<?> pending : batch) {
                    results.add(pending.work().apply(writes));
                }
                writes.finish();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                throw e;
            }
            if (database.syncEachCommit()) {
                try (Statement sync = connection.createStatement()) {
                    sync.execute("CHECKPOINT SYNC");
                }
            }
        } catch (SQLException | RuntimeException e) {
            health.failed(e);
            HistoryUnavailableException failure = new HistoryUnavailableException("the history store could not commit: " + e.getMessage(), e);
            batch.forEach(pending -> pending.future().completeExceptionally(failure));
            return;
        }
        health.committed();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i));
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "rollback failed", e);
        }
    }

    /** Refuses new work, commits what is queued, and stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        HistoryUnavailableException closedFailure = new HistoryUnavailableException("the history store is closed");
        for (Pending<?> left; (left = queue.poll()) != null; ) {
            left.future().completeExceptionally(closedFailure);
        }
    }
}
