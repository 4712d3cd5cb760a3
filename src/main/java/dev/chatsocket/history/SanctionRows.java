package dev.chatsocket.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The queries of the {@code chat_sanctions} table, each on the connection (and in the transaction)
 * it is given. A room holds at most a given number of rows that have not ended.
 */
final class SanctionRows {
    private static final String COLUMNS = "kind, uid, until_ms, reason, by_uid, by_admin";

    private SanctionRows() {
    }

    /**
     * Sets {@code sanction}, replacing the room's one of the same kind on the same uid; ended rows
     * of the room are dropped first.
     *
     * @return {@code false}, having written nothing, when the room holds {@code capacity} rows already
     */
    static boolean put(Connection connection, String room, StoredSanction sanction, int capacity, long nowMillis)
            throws SQLException {
        update(connection, "DELETE FROM chat_sanctions WHERE room = ? AND until_ms <= ?", room, nowMillis);
        update(connection, "DELETE FROM chat_sanctions WHERE room = ? AND kind = ? AND uid = ?", room,
                sanction.kind(), sanction.uid());
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM chat_sanctions WHERE room = ?")) {
            count.setString(1, room);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= capacity) {
                    return false;
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO chat_sanctions (room, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, room);
            insert.setString(2, sanction.kind());
            insert.setString(3, sanction.uid());
            insert.setLong(4, sanction.untilMillis());
            insert.setString(5, sanction.reason());
            insert.setString(6, sanction.by());
            insert.setBoolean(7, sanction.byAdmin());
            insert.executeUpdate();
        }
        return true;
    }

    /** @return whether a row of that kind on {@code uid} had not ended (an ended one is removed too) */
    static boolean lift(Connection connection, String room, String kind, String uid, long nowMillis) throws SQLException {
        boolean held = find(connection, room, kind, uid, nowMillis).isPresent();
        update(connection, "DELETE FROM chat_sanctions WHERE room = ? AND kind = ? AND uid = ?", room, kind, uid);
        return held;
    }

    static Optional<StoredSanction> find(Connection connection, String room, String kind, String uid, long nowMillis)
            throws SQLException {
        List<StoredSanction> found = select(connection,
                "WHERE room = ? AND kind = ? AND uid = ? AND until_ms > ?", room, kind, uid, nowMillis);
        return found.stream().findFirst();
    }

    /** The room's rows that have not ended. */
    static List<StoredSanction> active(Connection connection, String room, long nowMillis) throws SQLException {
        return select(connection, "WHERE room = ? AND until_ms > ? ORDER BY kind, uid", room, nowMillis);
    }

    private static List<StoredSanction> select(Connection connection, String where, Object... values) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM chat_sanctions " + where)) {
            bind(select, values);
            List<StoredSanction> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoredSanction(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getBoolean(6)));
                }
            }
            return rows;
        }
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Long number) {
                statement.setLong(i + 1, number);
            } else {
                statement.setString(i + 1, (String) values[i]);
            }
        }
    }
}
