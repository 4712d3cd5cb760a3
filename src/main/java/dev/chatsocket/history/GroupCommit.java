package dev.chatsocket.history;

import java.io.IOException;
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
 * commit (and one fsync) for many messages rather than one each. Each caller's future completes
 * once the group is durable, with its id: an ack means stored. A full queue refuses at once; a
 * failed group fails every future in it and marks the store unwritable until a later one succeeds.
 *
 * <p>What makes a group durable depends on the database. A server (PostgreSQL) fsyncs its own log
 * at commit. The embedded H2 does not: the writer appends the group to the {@link Journal} and
 * fsyncs that before the commit (write-ahead: a group whose journal record failed is rolled back
 * and took no id), and H2 writes its file in the background. Every {@code checkpointBytes} of
 * journal, and whenever the queue is idle, the writer checkpoints ({@code CHECKPOINT SYNC}: H2's
 * file written and fsynced) and empties the journal. A group that creates a room checkpoints before
 * its acks, so a room's epoch is never only in the journal.
 *
 * <p>After any failure, and when it opens, the writer replays the journal into the database before
 * the next group: a failed write closes H2, and the pool opens it again from its file, which may
 * lack the groups since the last checkpoint. The replay inserts what is missing, idempotently on
 * {@code (room, id)}, so it is harmless when nothing was lost. To be sure to see such a reopening,
 * the writer keeps one connection of its own: a closed database fails it.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    /** Bounds one transaction's size and so the wait of the first message in it. */
    static final int MAX_BATCH = 1000;
    /** How long the queue stays empty before the writer checkpoints a journal that holds something. */
    private static final long IDLE_MILLIS = 100;
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
    /** {@code null} when the database's commit is durable by itself (a server). */
    private final Journal journal;
    private final long checkpointBytes;
    private final DedupeWindow dedupe;
    private final Clock clock;
    private final StoreHealth health;
    private final BlockingQueue<Pending<?>> queue;
    private final Thread thread;
    private volatile boolean closed;
    /** With a journal: the writer's own connection, dropped after a failure. */
    private Connection own;
    /** With a journal: whether the database may lack what the journal holds (after a failure). */
    private boolean replayNeeded = true;

    /**
     * Starts the writer; with a journal, first replays what it holds into the database (what a
     * crash left there) and empties it.
     *
     * @throws HistoryUnavailableException when that replay fails
     */
    GroupCommit(OpenDatabase database, Journal journal, long checkpointBytes, int capacity, DedupeWindow dedupe, Clock clock,
                StoreHealth health) {
        this.database = database;
        this.journal = journal;
        this.checkpointBytes = checkpointBytes;
        this.dedupe = dedupe;
        this.clock = clock;
        this.health = health;
        this.queue = new ArrayBlockingQueue<>(capacity);
        if (journal != null) {
            try {
                replay();
            } catch (SQLException | IOException e) {
                releaseJournal();
                throw new HistoryUnavailableException("the history store could not replay its journal " + journal + ": " + e.getMessage(), e);
            }
        }
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
        try {
            while (true) {
                Pending<?> first;
                try {
                    first = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (first == null) {
                    checkpointIfHolding(0);
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
                batch.clear();
                checkpointIfHolding(checkpointBytes);
            }
        } finally {
            if (journal != null) {
                releaseJournal();
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        try {
            if (journal == null) {
                try (Connection connection = database.dataSource().getConnection()) {
                    write(connection, batch, results);
                }
            } else {
                if (replayNeeded) {
                    replay();
                }
                write(ownConnection(), batch, results);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            failed(e);
            HistoryUnavailableException failure = new HistoryUnavailableException("the history store could not commit: " + e.getMessage(), e);
            batch.forEach(pending -> pending.future().completeExceptionally(failure));
            return;
        }
        health.committed();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i));
        }
    }

    /** The batch in one transaction, durable when this returns. */
    private void write(Connection connection, List<Pending<?>> batch, List<Object> results) throws SQLException, IOException {
        connection.setAutoCommit(false);
        boolean createdRoom;
        try (Writes writes = new Writes(connection, database.dialect(), dedupe, clock.millis())) {
            for (String room : new TreeSet<>(batch.stream().map(Pending::room).toList())) {
                writes.lock(room);
            }
            for (Pending<?> pending : batch) {
                results.add(pending.work().apply(writes));
            }
            writes.finish();
            commitAfterJournal(connection, writes.stored());
            createdRoom = writes.createdRoom();
        } catch (SQLException | IOException | RuntimeException e) {
            rollback(connection);
            throw e;
        }
        if (journal != null ? createdRoom : database.syncEachCommit()) {
            checkpoint(connection);
        }
    }

    /** Journals what the transaction stored, then commits it; a failed commit takes its record out again. */
    private void commitAfterJournal(Connection connection, List<Archived> stored) throws SQLException, IOException {
        if (journal == null || stored.isEmpty()) {
            connection.commit();
            return;
        }
        long before = journal.size();
        journal.append(stored);
        try {
            connection.commit();
        } catch (SQLException e) {
            try {
                journal.dropLast(before);
            } catch (IOException cut) {
                e.addSuppressed(cut); // cut before the next append, which fails until it can be
            }
            throw e;
        }
    }

    /** Inserts what the journal holds and the database lacks, then checkpoints. */
    private void replay() throws SQLException, IOException {
        List<Archived> entries = journal.entries();
        Connection connection = ownConnection();
        if (!entries.isEmpty()) {
            connection.setAutoCommit(false);
            try {
                int missing = Archive.store(connection, database.dialect(), entries);
                connection.commit();
                if (missing > 0) {
                    LOG.info(() -> "history store: " + missing + " of the " + entries.size() + " entries in " + journal
                            + " were missing from the database and were replayed");
                }
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                throw e;
            }
        }
        checkpoint(connection);
        replayNeeded = false;
    }

    /**
     * With a journal holding at least {@code atLeastBytes} (and something), checkpoints; or, when a
     * failure left a replay to do, tries it, so that the store is writable again (and says so) once
     * the disk is, even before the next post.
     */
    private void checkpointIfHolding(long atLeastBytes) {
        if (journal == null || !replayNeeded && (journal.size() == 0 || journal.size() < atLeastBytes)) {
            return;
        }
        try {
            if (replayNeeded) {
                replay();
                health.committed();
            } else {
                checkpoint(ownConnection());
            }
        } catch (SQLException | IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** Makes everything committed durable in the database's own file; with a journal, then empties it. */
    private void checkpoint(Connection connection) throws SQLException, IOException {
        try (Statement sync = connection.createStatement()) {
            sync.execute("CHECKPOINT SYNC");
        }
        if (journal != null) {
            journal.clear();
        }
    }

    private void failed(Exception e) {
        health.failed(e);
        if (journal != null) {
            replayNeeded = true;
            closeOwnConnection();
        }
    }

    private Connection ownConnection() throws SQLException {
        if (own == null) {
            own = database.dataSource().getConnection();
        }
        return own;
    }

    private void closeOwnConnection() {
        if (own != null) {
            try {
                own.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "closing the writer's connection failed", e);
            }
            own = null;
        }
    }

    private void releaseJournal() {
        closeOwnConnection();
        try {
            journal.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + journal + " failed", e);
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
