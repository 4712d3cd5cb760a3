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
                "INSERT INTO chat_messages (room, id, uid, nick, text, ts, ref) VALUES (?, ?, ?, ?, ?, ?, ?)");
        // No ORDER BY: H2 would walk the primary key instead of this index. A ref is rarely reused.
        this.selectRef = connection.prepareStatement("SELECT id, ts FROM chat_messages WHERE room = ? AND uid = ? AND ref = ?");
        this.countLaterBySender = connection.prepareStatement(
                "SELECT COUNT(*) FROM chat_messages WHERE room = ? AND uid = ? AND id > ? AND ref IS NOT NULL");
    }

    /** Locks a room's row for this transaction; call in room-name order, before the writes. */
    void lock(String room) throws SQLException {
        if (!rooms.containsKey(room)) {
            rooms.put(room, RoomRow.lock(connection, dialect, room));
        }
    }

    Appended append(String room, NewMessage message) throws SQLException {
        RoomRow row = row(room);
        if (message.ref() != null) {
            RefKey key = new RefKey(room, message.uid(), message.ref());
            Long earlier = refsInBatch.get(key);
            if (earlier == null) {
                earlier = storedRef(row, message);
            }
            if (earlier != null) {
                return new Appended(earlier, true);
            }
            refsInBatch.put(key, row.lastId + 1);
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
        insertMessage.addBatch();
        pendingInserts++;
        return new Appended(id, false);
    }

    /** The id of the newest message with the sender's ref, while the dedupe window covers it. */
    private Long storedRef(RoomRow row, NewMessage message) throws SQLException {
        long newest = 0;
        long newestTs = 0;
        selectRef.setString(1, row.room);
        selectRef.setString(2, message.uid());
        selectRef.setString(3, message.ref());
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
        countLaterBySender.setString(1, row.room);
        countLaterBySender.setString(2, message.uid());
        countLaterBySender.setLong(3, newest);
        try (ResultSet rs = countLaterBySender.executeQuery()) {
            rs.next();
            later = rs.getLong(1);
        }
        return dedupe.coversCount(later) ? newest : null;
    }

    /** An edit of a message that exists and is not deleted; empty otherwise. */
    Optional<Edit> edit(String room, long target, String text, long ts) throws SQLException {
        Optional<String> author = liveAuthor(room, target);
        if (author.isEmpty()) {
            return Optional.empty();
        }
        long id = insertEvent(room, EventEffects.EDIT, target, author.get(), text, ts);
        EventEffects.apply(connection, room, target);
        return Optional.of(new Edit(id, target, author.get(), text, ts));
    }

    /** A delete of a message that exists and is not deleted yet; empty otherwise. */
    Optional<Deletion> delete(String room, long target, String by, long ts) throws SQLException {
        if (liveAuthor(room, target).isEmpty()) {
            return Optional.empty();
        }
        long id = insertEvent(room, EventEffects.DELETE, target, by, null, ts);
        EventEffects.apply(connection, room, target);
        return Optional.of(new Deletion(id, target, by, ts));
    }

    private Optional<String> liveAuthor(String room, long target) throws SQLException {
        row(room);
        flushInserts();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT uid FROM chat_messages WHERE room = ? AND id = ? AND deleted_ts IS NULL")) {
            select.setString(1, room);
            select.setLong(2, target);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private long insertEvent(String room, String kind, long target, String uid, String text, long ts) throws SQLException {
        RoomRow row = row(room);
        long id = ++row.lastId;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO chat_events (room, id, kind, target, uid, text, ts) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, room);
            insert.setLong(2, id);
            insert.setString(3, kind);
            insert.setLong(4, target);
            insert.setString(5, uid);
            insert.setString(6, text);
            insert.setLong(7, ts);
            insert.executeUpdate();
        }
        return id;
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
