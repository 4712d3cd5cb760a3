package dev.chatsocket.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Rooms' history in a database: an embedded H2 file by default, or PostgreSQL. Each room is a
 * sequence of entries (messages, and the edits and deletes of them) numbered by ids that only grow,
 * and named by an epoch that survives restarts.
 *
 * <p>Writes ({@link #append}, {@link #edit}, {@link #delete}) go through one writer thread that
 * commits them in groups; their futures complete on that thread after the commit, so a caller
 * that does more than hand the result on should continue on its own executor. They fail with
 * {@link HistoryUnavailableException} at once when the queue is full, and after a failed commit.
 * A future that failed may still have been stored when only the final fsync failed: a retry with
 * the same ref is then answered with the original id.
 *
 * <p>Reads block on the database (an index lookup, well under a millisecond on H2): call them from
 * a worker thread, never a container's I/O thread. They throw {@link HistoryUnavailableException}
 * when the database cannot be reached.
 */
public final class HistoryStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HistoryStore.class.getName());
    /** The most entries one read returns. */
    public static final int MAX_LIMIT = 1000;
    /** How often retention runs when it is configured. */
    private static final long RETENTION_EVERY_MINUTES = 10;

    private final OpenDatabase database;
    private final Clock clock;
    private final StoreHealth health = new StoreHealth();
    private final GroupCommit writer;
    private final RetentionPass retention;
    private final ScheduledExecutorService retentionThread;

    private HistoryStore(OpenDatabase database, int queueCapacity, Retention retention, DedupeWindow dedupe, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.writer = new GroupCommit(database, queueCapacity, dedupe, clock, health);
        this.retention = new RetentionPass(database, retention);
        this.retentionThread = retention.keepsEverything() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chatsocket-history-retention");
            thread.setDaemon(true);
            return thread;
        });
        if (retentionThread != null) {
            retentionThread.scheduleWithFixedDelay(this::applyRetentionQuietly, 1, RETENTION_EVERY_MINUTES * 60, TimeUnit.SECONDS);
        }
    }

    /** Opens the database the settings name, creates or migrates its schema, and starts the writer. */
    public static HistoryStore open(HistorySettings settings) {
        return open(DataSources.open(settings.database(), settings.poolSize()), settings, Clock.systemUTC());
    }

    /**
     * Opens the store when the settings name a database that several nodes can share (a server by
     * URL, or a container DataSource: named, or bound at the default name); empty when they would
     * fall back to this node's embedded file, which no other node can reach. For cluster mode's
     * archive.
     */
    public static Optional<HistoryStore> openShared(HistorySettings settings) {
        HistorySettings.Database database = settings.database();
        if (database instanceof HistorySettings.Embedded
                || database instanceof HistorySettings.Container container
                && container.fallback().isPresent() && !DataSources.isBound(container.jndiName())) {
            return Optional.empty();
        }
        return Optional.of(open(settings));
    }

    /** With a database opened by the caller and a clock of its choice (tests). */
    static HistoryStore open(OpenDatabase database, HistorySettings settings, Clock clock) {
        try {
            String version = Schema.migrate(database.dataSource());
            LOG.info(() -> "history store: " + database.description() + ", schema version " + version
                    + ", retention " + (settings.retention().keepsEverything() ? "everything" : settings.retention()));
            return new HistoryStore(database, settings.queueCapacity(), settings.retention(), settings.dedupe(), clock);
        } catch (RuntimeException e) {
            release(database);
            throw e;
        }
    }

    /**
     * Whether opening failed because another instance holds the embedded database file (H2's
     * "database may be already in use"): an instance of the application that is still stopping.
     */
    public static boolean heldByAnother(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return true;
            }
        }
        return false;
    }

    /** The room's epoch, the name of its history; created, once and for good, with the room. */
    public String epoch(String room) {
        checkRoom(room);
        return read(connection -> {
            Optional<String> epoch = RoomRow.epoch(connection, room);
            if (epoch.isPresent()) {
                return epoch.get();
            }
            RoomRow.createIfAbsent(connection, database.dialect(), room);
            sync(connection); // a client may keep this epoch before the room stores anything
            return RoomRow.epoch(connection, room).orElseThrow();
        });
    }

    /** The room's epoch when the room exists; unlike {@link #epoch}, reading it creates nothing. */
    public Optional<String> storedEpoch(String room) {
        checkRoom(room);
        return read(connection -> RoomRow.epoch(connection, room));
    }

    /** Stores a message with the room's next id, or answers a repeat of its ref with the first one's. */
    public CompletableFuture<Appended> append(String room, NewMessage message) {
        checkRoom(room);
        return writer.submit(room, writes -> writes.append(room, message));
    }

    /**
     * Replaces the text of message {@code target} by {@code uid}, as a new entry of the room, when
     * {@code rule} allows it against the message as the store has it when the writer gets to it.
     * Idempotent per {@code (uid, ref)}, with the refs of messages and deletes alike.
     */
    public <R> CompletableFuture<Changed<R>> edit(String room, long target, String uid, String text, long ts, String ref,
                                                  ChangeRule<R> rule) {
        checkRoom(room);
        Values.require("uid", uid, Values.UID_LENGTH);
        Values.require("text", text, Values.TEXT_LENGTH);
        Values.optional("ref", ref, Values.REF_LENGTH);
        return writer.submit(room, writes -> writes.edit(room, target, uid, text, ts, ref, rule));
    }

    /**
     * Deletes message {@code target}, as a new entry of the room, when {@code rule} allows it (as
     * for {@link #edit}): its text, and the text of each of its edits, are gone from the store; the
     * message keeps its place. Idempotent per {@code (by, ref)}.
     */
    public <R> CompletableFuture<Changed<R>> delete(String room, long target, String by, long ts, String ref,
                                                    ChangeRule<R> rule) {
        checkRoom(room);
        Values.require("by", by, Values.UID_LENGTH);
        Values.optional("ref", ref, Values.REF_LENGTH);
        return writer.submit(room, writes -> writes.delete(room, target, by, ts, ref, rule));
    }

    /** Up to {@code limit} entries with ids above {@code afterId}, oldest first: what a resuming client missed. */
    public List<Entry> after(String room, long afterId, int limit) {
        checkRoom(room);
        checkLimit(limit);
        return read(connection -> Reads.after(connection, room, afterId, limit));
    }

    /** Up to {@code limit} messages with ids below {@code beforeId}, oldest first, in their current state. */
    public Page before(String room, long beforeId, int limit) {
        checkRoom(room);
        checkLimit(limit);
        return read(connection -> Reads.before(connection, room, beforeId, limit));
    }

    /** The newest {@code count} messages, oldest first. */
    public List<Message> recent(String room, int count) {
        return before(room, Long.MAX_VALUE, count).messages();
    }

    public Optional<Message> message(String room, long id) {
        checkRoom(room);
        return read(connection -> Reads.message(connection, room, id));
    }

    /** The newest id the room has handed out (messages and events); 0 for a room with none. */
    public long lastId(String room) {
        checkRoom(room);
        return read(connection -> RoomRow.peek(connection, room).map(row -> row.lastId).orElse(0L));
    }

    /**
     * The oldest id still retained: every entry from here to {@link #lastId} is kept (ids that were
     * never used aside). {@code lastId + 1} when retention removed everything; 1 for a new room.
     */
    public long firstId(String room) {
        checkRoom(room);
        return read(connection -> RoomRow.peek(connection, room).map(row -> row.firstId).orElse(1L));
    }

    /**
     * Stores entries numbered elsewhere (the Redis stream in cluster mode), in one transaction,
     * idempotently on {@code (room, id)}: what was stored before stays as it was. Blocks until
     * committed, so an archiver acknowledges its source only after this returns.
     *
     * @return how many of them were new
     */
    public int archive(List<Archived> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        return read(connection -> {
            connection.setAutoCommit(false);
            try {
                int stored = Archive.store(connection, database.dialect(), entries);
                connection.commit();
                sync(connection);
                return stored;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        });
    }

    /**
     * Sets a ban or a mute of {@code room} (at most {@code capacity} live ones a room), replacing
     * one of the same kind on the same uid, committed (and synced) before it returns. Blocking.
     *
     * @return {@code false}, having stored nothing, when the room holds {@code capacity} already
     */
    public boolean putSanction(String room, StoredSanction sanction, int capacity, long nowMillis) {
        checkRoom(room);
        return transaction(connection -> SanctionRows.put(connection, room, sanction, capacity, nowMillis));
    }

    /** Lifts a ban or a mute, committed before it returns; whether one was in force. Blocking. */
    public boolean liftSanction(String room, String kind, String uid, long nowMillis) {
        checkRoom(room);
        return transaction(connection -> SanctionRows.lift(connection, room, kind, uid, nowMillis));
    }

    /** The ban or mute of that kind on {@code uid} that has not ended at {@code nowMillis}. Blocking. */
    public Optional<StoredSanction> sanction(String room, String kind, String uid, long nowMillis) {
        checkRoom(room);
        return read(connection -> SanctionRows.find(connection, room, kind, uid, nowMillis));
    }

    /** The room's bans and mutes that have not ended at {@code nowMillis}. Blocking. */
    public List<StoredSanction> sanctions(String room, long nowMillis) {
        checkRoom(room);
        return read(connection -> SanctionRows.active(connection, room, nowMillis));
    }

    private <T> T transaction(Query<T> work) {
        return read(connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                sync(connection);
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        });
    }

    private void sync(Connection connection) throws SQLException {
        if (database.syncEachCommit()) {
            try (Statement sync = connection.createStatement()) {
                sync.execute("CHECKPOINT SYNC");
            }
        }
    }

    /** What is wrong with the store now ({@code unwritable} after a failed commit), for {@code /health}. */
    public Optional<String> problem() {
        return health.problem();
    }

    /** One retention pass now; the store runs one every {@value #RETENTION_EVERY_MINUTES} minutes by itself. */
    long applyRetention() {
        try {
            return retention.run(clock.millis());
        } catch (SQLException e) {
            throw new HistoryUnavailableException("retention failed: " + e.getMessage(), e);
        }
    }

    private void applyRetentionQuietly() {
        try {
            long removed = applyRetention();
            if (removed > 0) {
                LOG.info(() -> "history store: retention removed " + removed + " messages");
            }
        } catch (RuntimeException e) {
            // Caught, or the scheduler would never run it again.
            LOG.log(Level.WARNING, "history store: retention failed; it runs again later", e);
        }
    }

    /** Commits what is queued, stops the threads and closes the database (the pool, and with it H2's file). */
    @Override
    public void close() {
        if (retentionThread != null) {
            retentionThread.shutdownNow();
            try {
                retentionThread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer.close();
        release(database);
    }

    private static void release(OpenDatabase database) {
        try {
            database.release().close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "history store: closing the database failed", e);
        }
    }

    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Query<T> query) {
        try (Connection connection = database.dataSource().getConnection()) {
            return query.run(connection);
        } catch (SQLException e) {
            throw new HistoryUnavailableException("the history store could not be read: " + e.getMessage(), e);
        }
    }

    private static void checkRoom(String room) {
        Values.require("room", room, Values.ROOM_LENGTH);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
    }
}
