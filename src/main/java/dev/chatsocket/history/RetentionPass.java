package dev.chatsocket.history;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One pass of retention over every room: removes the oldest entries past the room's count and
 * age, as a prefix of the room's sequence, so that what is kept is always every entry from
 * {@code first_id} on (what a resuming client needs to know). Each room in transactions of its
 * own, each removing at most {@link #CHUNK} messages, so that appends never wait long for the rows
 * it locks.
 *
 * <p>Age goes by the sequence: the oldest entries first, up to the first one young enough. Entries
 * are appended with the time they were accepted, so their ages follow their ids.
 */
final class RetentionPass {
    static final int CHUNK = 10_000;
    private static final int ROOMS_PER_QUERY = 500;

    private final OpenDatabase database;
    private final Retention retention;

    RetentionPass(OpenDatabase database, Retention retention) {
        this.database = database;
        this.retention = retention;
    }

    /** @return how many messages it removed */
    long run(long nowMillis) throws SQLException {
        long removed = 0;
        String after = "";
        for (List<String> rooms = rooms(after); !rooms.isEmpty(); rooms = rooms(after)) {
            for (String room : rooms) {
                long chunk;
                do {
                    chunk = pruneChunk(room, nowMillis);
                    removed += chunk;
                } while (chunk == CHUNK);
            }
            after = rooms.get(rooms.size() - 1);
        }
        return removed;
    }

    private List<String> rooms(String after) throws SQLException {
        List<String> rooms = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT room FROM chat_rooms WHERE room > ? ORDER BY room FETCH FIRST " + ROOMS_PER_QUERY + " ROWS ONLY")) {
            select.setString(1, after);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rooms.add(rs.getString(1));
                }
            }
        }
        return rooms;
    }

    /** Removes up to {@link #CHUNK} of the room's messages that retention no longer keeps. */
    private long pruneChunk(String room, long nowMillis) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                RoomRow row = RoomRow.lock(connection, database.dialect(), room);
                long cutoff = cutoff(connection, row, nowMillis);
                long removed = 0;
                if (cutoff > row.firstId) {
                    removed = delete(connection, "chat_messages", room, cutoff);
                    delete(connection, "chat_events", room, cutoff);
                    row.firstId = cutoff;
                    row.messageCount -= removed;
                    row.save(connection);
                }
                connection.commit();
                if (removed > 0 && database.syncEachCommit()) {
                    try (Statement sync = connection.createStatement()) {
                        sync.execute("CHECKPOINT SYNC");
                    }
                }
                return removed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The first id to keep: nothing below it is. */
    private long cutoff(Connection connection, RoomRow row, long nowMillis) throws SQLException {
        long cutoff = row.firstId;
        if (retention.maxCount().isPresent()) {
            long excess = row.messageCount - retention.maxCount().getAsLong();
            if (excess > 0) {
                // The offset skips only rows that are about to go, so it costs what the delete does.
                cutoff = Math.max(cutoff, messageAtOffset(connection, row, excess).orElse(row.lastId + 1));
            }
        }
        if (retention.maxAge().isPresent()) {
            long oldestKept = nowMillis - retention.maxAge().get().toMillis();
            long young = Math.min(
                    firstYoung(connection, "chat_messages", row, oldestKept).orElse(row.lastId + 1),
                    firstYoung(connection, "chat_events", row, oldestKept).orElse(row.lastId + 1));
            cutoff = Math.max(cutoff, young);
        }
        // At most CHUNK messages a transaction: stop at the message after the first CHUNK.
        OptionalLong chunkEnd = messageAtOffset(connection, row, CHUNK);
        return chunkEnd.isPresent() ? Math.min(cutoff, chunkEnd.getAsLong()) : cutoff;
    }

    /** The id of the message {@code offset} places after the room's oldest retained one. */
    private static OptionalLong messageAtOffset(Connection connection, RoomRow row, long offset) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM chat_messages WHERE room = ? AND id >= ? ORDER BY id OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")) {
            select.setString(1, row.room);
            select.setLong(2, row.firstId);
            select.setLong(3, offset);
            return single(select);
        }
    }

    /** The oldest entry of {@code table} at least as young as {@code oldestKept}; the scan stops there. */
    private static OptionalLong firstYoung(Connection connection, String table, RoomRow row, long oldestKept) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM " + table + " WHERE room = ? AND id >= ? AND ts >= ? ORDER BY id FETCH FIRST 1 ROWS ONLY")) {
            select.setString(1, row.room);
            select.setLong(2, row.firstId);
            select.setLong(3, oldestKept);
            return single(select);
        }
    }

    private static OptionalLong single(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    private static long delete(Connection connection, String table, String room, long cutoff) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE room = ? AND id < ?")) {
            delete.setString(1, room);
            delete.setLong(2, cutoff);
            return delete.executeUpdate();
        }
    }
}
