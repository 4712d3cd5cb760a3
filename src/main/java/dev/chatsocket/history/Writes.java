package dev.chatsocket.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The writes of one group commit, in one transaction on one connection: appends, edits and
 * deletes, each taking the next id of its room. The rooms are locked first
 * ({@link #lock}); messages are inserted as one JDBC batch; the rooms' sequences are written back
 * by {@link #finish}. Not thread-safe: the writer thread alone uses it.
 */
final class Writes implements AutoCloseable {
    private final Connection connection;
    private final Dialect dialect;
    private final DedupeWindow dedupe;
    private final long nowMillis;
    private final Map<String, RoomRow> rooms = new HashMap<>();
    /** The refs appended by this batch, which the database cannot see until the batch is flushed. */
    private final Map<RefKey, Long> refsInBatch = new HashMap<>();
    private final PreparedStatement insertMessage;
    private final PreparedStatement selectRef;
    private final PreparedStatement countLaterBySender;
    private int pendingInserts;

    /*
     * equals and hashCode written out: on Java 17 a record's generated equals goes through
     * java.lang.runtime.ObjectMethods, whose shared static method handle keeps the last record
     * class it was adapted to, and so the application's class loader after an undeploy.
     */
    private record RefKey(String room, String uid, String ref) {
        @Override
        public boolean equals(Object other) {
            return other instanceof RefKey k && k.room.equals(room) && k.uid.equals(uid) && k.ref.equals(ref);
        }

        @Override
        public int hashCode() {
            return (room.hashCode() * 31 + uid.hashCode()) * 31 + ref.hashCode();
        }
    }

    Writes(Connection connection, Dialect dialect, DedupeWindow dedupe, long nowMillis) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.dedupe = dedupe;
        this.nowMillis = nowMillis;
        this.insertMessage = connection.prepareStatement(
                "INSERT INTO chat_messages (room, id, uid, nick, text, ts, ref, bot) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        // No ORDER BY: H2 would walk the primary key instead of these indexes. A ref is rarely reused.
        // Messages, edits and deletes share a sender's refs.
        this.selectRef = connection.prepareStatement("SELECT id, ts FROM chat_messages WHERE room = ? AND uid = ? AND ref = ?"
                + " UNION ALL SELECT id, ts FROM chat_events WHERE room = ? AND uid = ? AND ref = ?");
        this.countLaterBySender = connection.prepareStatement(
                "SELECT (SELECT COUNT(*) FROM chat_messages WHERE room = ? AND uid = ? AND id > ? AND ref IS NOT NULL)"
                        + " + (SELECT COUNT(*) FROM chat_events WHERE room = ? AND uid = ? AND id > ? AND ref IS NOT NULL)");
    }

    /** Locks a room's row for this transaction; call in room-name order, before the writes. */
    void lock(String room) throws SQLException {
        if (!rooms.containsKey(room)) {
            rooms.put(room, RoomRow.lock(connection, dialect, room));
        }
    }

    Appended append(String room, NewMessage message) throws SQLException {
        RoomRow row = row(room);
        Long earlier = earlierRef(room, message.uid(), message.ref(), row.lastId + 1);
        if (earlier != null) {
            return new Appended(earlier, true);
        }
        long id = ++row.lastId;
        row.messageCount++;
        insertMessage.setString(1, room);
        insertMessage.setLong(2, id);
        insertMessage.setString(3, message.uid());
        insertMessage.setString(4, message.nick());
        insertMessage.setString(5, message.text());
        insertMessage.setLong(6, message.ts());
        insertMessage.setString(7, message.ref());
        insertMessage.setBoolean(8, message.bot());
        insertMessage.addBatch();
        pendingInserts++;
        return new Appended(id, false);
    }

    /**
     * The id the sender's {@code ref} was stored as (in this batch, or earlier within the dedupe
     * window); {@code null} when it is new (or {@code null}), and then it is taken for {@code nextId}.
     */
    private Long earlierRef(String room, String uid, String ref, long nextId) throws SQLException {
        if (ref == null) {
            return null;
        }
        RefKey key = new RefKey(room, uid, ref);
        Long earlier = refsInBatch.get(key);
        if (earlier == null) {
            earlier = storedRef(room, uid, ref);
        }
        if (earlier == null) {
            refsInBatch.put(key, nextId);
        }
        return earlier;
    }

    /** The id of the newest message or event with the sender's ref, while the dedupe window covers it. */
    private Long storedRef(String room, String uid, String ref) throws SQLException {
        long newest = 0;
        long newestTs = 0;
        for (int at = 0; at <= 3; at += 3) {
            selectRef.setString(at + 1, room);
            selectRef.setString(at + 2, uid);
            selectRef.setString(at + 3, ref);
        }
        try (ResultSet rs = selectRef.executeQuery()) {
            while (rs.next()) {
                if (rs.getLong(1) > newest) {
                    newest = rs.getLong(1);
                    newestTs = rs.getLong(2);
                }
            }
        }
        if (newest == 0 || !dedupe.coversAge(newestTs, nowMillis)) {
            return null;
        }
        // Only for a repeat (a client's retry), so flushing and counting cost nothing on the usual path.
        flushInserts();
        long later;
        for (int at = 0; at <= 3; at += 3) {
            countLaterBySender.setString(at + 1, room);
            countLaterBySender.setString(at + 2, uid);
            countLaterBySender.setLong(at + 3, newest);
        }
        try (ResultSet rs = countLaterBySender.executeQuery()) {
            rs.next();
            later = rs.getLong(1);
        }
        return dedupe.coversCount(later) ? newest : null;
    }

    /** An edit of a message that exists, is not deleted and that {@code rule} lets {@code uid} edit. */
    <R> Changed<R> edit(String room, long target, String uid, String text, long ts, String ref, ChangeRule<R> rule)
            throws SQLException {
        return change(room, target, uid, ref, rule, id -> {
            insertEvent(room, id, EventEffects.EDIT, target, uid, text, ts, ref);
            return new Edit(id, target, uid, text, ts);
        });
    }

    /** A delete of a message that exists, is not deleted yet and that {@code rule} lets {@code by} delete. */
    <R> Changed<R> delete(String room, long target, String by, long ts, String ref, ChangeRule<R> rule) throws SQLException {
        return change(room, target, by, ref, rule, id -> {
            insertEvent(room, id, EventEffects.DELETE, target, by, null, ts, ref);
            return new Deletion(id, target, by, ts);
        });
    }

    private interface EventInsert {
        Entry insert(long id) throws SQLException;
    }

    /** Decides against the target as this transaction sees it (the room's row is locked), then stores. */
    private <R> Changed<R> change(String room, long target, String uid, String ref, ChangeRule<R> rule, EventInsert insert)
            throws SQLException {
        RoomRow row = row(room);
        Long earlier = earlierRef(room, uid, ref, row.lastId + 1);
        if (earlier != null) {
            return new Changed.Duplicate<>(earlier);
        }
        flushInserts();
        Optional<Message> current = Reads.message(connection, room, target);
        if (current.isEmpty() || current.get().deleted()) {
            forgetRef(room, uid, ref);
            return new Changed.NotFound<>();
        }
        Optional<R> refusal = rule.refusal(current.get());
        if (refusal.isPresent()) {
            forgetRef(room, uid, ref);
            return new Changed.Refused<>(refusal.get());
        }
        Entry stored = insert.insert(++row.lastId);
        EventEffects.apply(connection, room, target);
        return new Changed.Stored<>(stored);
    }

    /** A refused change stored nothing: its ref may be used again. */
    private void forgetRef(String room, String uid, String ref) {
        if (ref != null) {
            refsInBatch.remove(new RefKey(room, uid, ref));
        }
    }

    private void insertEvent(String room, long id, String kind, long target, String uid, String text, long ts, String ref)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO chat_events (room, id, kind, target, uid, text, ts, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, room);
            insert.setLong(2, id);
            insert.setString(3, kind);
            insert.setLong(4, target);
            insert.setString(5, uid);
            insert.setString(6, text);
            insert.setLong(7, ts);
            insert.setString(8, ref);
            insert.executeUpdate();
        }
    }

    /** Writes what is pending and the rooms' new sequences; the caller commits. */
    void finish() throws SQLException {
        flushInserts();
        for (RoomRow row : rooms.values()) {
            row.save(connection);
        }
    }

    private void flushInserts() throws SQLException {
        if (pendingInserts > 0) {
            insertMessage.executeBatch();
            pendingInserts = 0;
        }
    }

    private RoomRow row(String room) {
        RoomRow row = rooms.get(room);
        if (row == null) {
            throw new IllegalStateException("room " + room + " was not locked first");
        }
        return row;
    }

    @Override
    public void close() throws SQLException {
        insertMessage.close();
        selectRef.close();
        countLaterBySender.close();
    }
}
