package dev.chatsocket.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A room's row in {@code chat_rooms}, locked by the transaction that read it: the room's id
 * sequence ({@code lastId}, messages and events alike), where its retained history starts
 * ({@code firstId}: every entry from there to {@code lastId} is kept) and how many messages it
 * holds. Changed in memory while the transaction works, written back by {@link #save}.
 */
final class RoomRow {
    private static final List<Dialect.Column> COLUMNS = List.of(
            new Dialect.Column("room", "VARCHAR(128)"), new Dialect.Column("epoch", "VARCHAR(64)"),
            new Dialect.Column("last_id", "BIGINT"), new Dialect.Column("first_id", "BIGINT"),
            new Dialect.Column("message_count", "BIGINT"));

    final String room;
    long lastId;
    long firstId;
    long messageCount;

    private RoomRow(String room, long lastId, long firstId, long messageCount) {
        this.room = room;
        this.lastId = lastId;
        this.firstId = firstId;
        this.messageCount = messageCount;
    }

    /**
     * Locks the room's row for the rest of the transaction ({@code FOR UPDATE}), creating it, with a
     * new epoch, when the room has none. Transactions that lock several rooms lock them in name order,
     * so that two of them never wait for each other.
     */
    static RoomRow lock(Connection connection, Dialect dialect, String room) throws SQLException {
        Optional<RoomRow> row = select(connection, room);
        if (row.isPresent()) {
            return row.get();
        }
        createIfAbsent(connection, dialect, room);
        return select(connection, room).orElseThrow(() -> new SQLException("room " + room + " vanished"));
    }

    /** The room's epoch, the name of its history, created with the room: it never changes. */
    static Optional<String> epoch(Connection connection, String room) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT epoch FROM chat_rooms WHERE room = ?")) {
            select.setString(1, room);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Reads the row without locking it. */
    static Optional<RoomRow> peek(Connection connection, String room) throws SQLException {
        return query(connection, room, "");
    }

    static void createIfAbsent(Connection connection, Dialect dialect, String room) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(dialect.insertIfAbsent("chat_rooms", COLUMNS, List.of("room")))) {
            insert.setString(1, room);
            insert.setString(2, UUID.randomUUID().toString());
            insert.setLong(3, 0);
            insert.setLong(4, 1);
            insert.setLong(5, 0);
            insert.executeUpdate();
        }
    }

    void save(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE chat_rooms SET last_id = ?, first_id = ?, message_count = ? WHERE room = ?")) {
            update.setLong(1, lastId);
            update.setLong(2, firstId);
            update.setLong(3, messageCount);
            update.setString(4, room);
            update.executeUpdate();
        }
    }

    private static Optional<RoomRow> select(Connection connection, String room) throws SQLException {
        return query(connection, room, " FOR UPDATE");
    }

    private static Optional<RoomRow> query(Connection connection, String room, String lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_id, first_id, message_count FROM chat_rooms WHERE room = ?" + lock)) {
            select.setString(1, room);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new RoomRow(room, rs.getLong(1), rs.getLong(2), rs.getLong(3))) : Optional.empty();
            }
        }
    }
}
