package dev.chatsocket.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The store's queries, each on a connection of its own. Pages go by primary key, {@code (room, id)},
 * from a cursor: never by offset, so the thousandth page costs what the first does.
 */
final class Reads {
    private static final String MESSAGE_COLUMNS = "id, uid, nick, text, ts, edited_ts, deleted_ts, bot";

    private Reads() {
    }

    /** Up to {@code limit} entries after {@code afterId}, messages and events, oldest first. */
    static List<Entry> after(Connection connection, String room, long afterId, int limit) throws SQLException {
        List<Message> messages = messages(connection,
                "WHERE room = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY", room, afterId, limit);
        List<Entry> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, kind, target, uid, text, ts FROM chat_events WHERE room = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")) {
            select.setString(1, room);
            select.setLong(2, afterId);
            select.setInt(3, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(EventEffects.EDIT.equals(rs.getString(2))
                            ? new Edit(rs.getLong(1), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getLong(6))
                            : new Deletion(rs.getLong(1), rs.getLong(3), rs.getString(4), rs.getLong(6)));
                }
            }
        }
        return merge(messages, events, limit);
    }

    /** The first {@code limit} of two id-ordered lists, merged in id order. Pure. */
    static List<Entry> merge(List<? extends Entry> a, List<? extends Entry> b, int limit) {
        List<Entry> merged = new ArrayList<>(Math.min(limit, a.size() + b.size()));
        int i = 0;
        int j = 0;
        while (merged.size() < limit && (i < a.size() || j < b.size())) {
            if (j >= b.size() || (i < a.size() && a.get(i).id() < b.get(j).id())) {
                merged.add(a.get(i++));
            } else {
                merged.add(b.get(j++));
            }
        }
        return merged;
    }

    /**
     * Up to {@code limit} messages before {@code beforeId}, oldest first, and whether older ones exist.
     * The key range is bounded below as well as above: H2 does not walk an index backwards, so
     * {@code id < N ORDER BY id DESC} would read every older row to find the newest few. A room's
     * ids are dense (messages, and the events between them), so a span of twice the page usually
     * holds it; when it does not, the span grows until it reaches the oldest retained id.
     */
    static Page before(Connection connection, String room, long beforeId, int limit) throws SQLException {
        Optional<RoomRow> row = RoomRow.peek(connection, room);
        if (row.isEmpty()) {
            return new Page(List.of(), false);
        }
        long cursor = Math.min(beforeId, row.get().lastId + 1);
        long floor = row.get().firstId;
        for (long span = 2L * (limit + 1); ; span *= 4) {
            long from = Math.max(floor, cursor - span);
            // One more than asked: whether it comes back says whether there is more.
            List<Message> newestFirst = messages(connection,
                    "WHERE room = ? AND id < ? AND id >= ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY", room, cursor, from, limit + 1);
            if (newestFirst.size() > limit || from <= floor) {
                List<Message> page = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
                Collections.reverse(page);
                return new Page(page, newestFirst.size() > limit);
            }
        }
    }

    static Optional<Message> message(Connection connection, String room, long id) throws SQLException {
        return messages(connection, "WHERE room = ? AND id = ?", room, id).stream().findFirst();
    }

    /** The messages that {@code where} selects with {@code parameters}. */
    private static List<Message> messages(Connection connection, String where, Object... parameters) throws SQLException {
        List<Message> messages = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM chat_messages " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long edited = rs.getLong(6);
                    OptionalLong editedTs = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(edited);
                    rs.getLong(7);
                    boolean deleted = !rs.wasNull();
                    messages.add(new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), editedTs, deleted,
                            rs.getBoolean(8)));
                }
            }
        }
        return messages;
    }
}
