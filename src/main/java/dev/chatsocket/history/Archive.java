package dev.chatsocket.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stores entries that already have their ids (cluster mode: Redis numbers them, an archiver copies
 * them here), idempotently on {@code (room, id)}: an entry stored before is left as it is, so an
 * archiver that dies between the insert and its acknowledgement can simply send it again. An
 * entry older than the room's retained history is dropped (retention removed its neighbours).
 */
final class Archive {
    private static final List<Dialect.Column> MESSAGE = List.of(
            new Dialect.Column("room", "VARCHAR(128)"), new Dialect.Column("id", "BIGINT"),
            new Dialect.Column("uid", "VARCHAR(255)"), new Dialect.Column("nick", "VARCHAR(128)"),
            new Dialect.Column("text", "VARCHAR"), new Dialect.Column("ts", "BIGINT"),
            new Dialect.Column("bot", "BOOLEAN"));
    private static final List<Dialect.Column> EVENT = List.of(
            new Dialect.Column("room", "VARCHAR(128)"), new Dialect.Column("id", "BIGINT"),
            new Dialect.Column("kind", "VARCHAR(8)"), new Dialect.Column("target", "BIGINT"),
            new Dialect.Column("uid", "VARCHAR(255)"), new Dialect.Column("text", "VARCHAR"),
            new Dialect.Column("ts", "BIGINT"));
    private static final List<String> KEY = List.of("room", "id");

    private Archive() {
    }

    /** Stores what is new among {@code entries}, in the caller's transaction; returns how many were new. */
    static int store(Connection connection, Dialect dialect, List<Archived> entries) throws SQLException {
        Map<String, RoomRow> rooms = new TreeMap<>();
        for (Archived entry : entries) {
            rooms.put(entry.room(), null);
        }
        for (String room : rooms.keySet()) { // in name order, as every transaction locks rooms
            rooms.put(room, RoomRow.lock(connection, dialect, room));
        }
        int stored = 0;
        try (PreparedStatement message = connection.prepareStatement(dialect.insertIfAbsent("chat_messages", MESSAGE, KEY));
             PreparedStatement event = connection.prepareStatement(dialect.insertIfAbsent("chat_events", EVENT, KEY))) {
            for (Archived archived : entries) {
                RoomRow row = rooms.get(archived.room());
                Entry entry = archived.entry();
                if (entry.id() < row.firstId) {
                    continue;
                }
                long target;
                boolean isNew;
                if (entry instanceof Message m) {
                    bind(message, archived.room(), m.id(), m.uid(), m.nick(), m.text(), m.ts(), m.bot());
                    isNew = message.executeUpdate() == 1;
                    row.messageCount += isNew ? 1 : 0;
                    target = m.id();
                } else if (entry instanceof Edit e) {
                    bind(event, archived.room(), e.id(), EventEffects.EDIT, e.target(), e.uid(), e.text(), e.ts());
                    isNew = event.executeUpdate() == 1;
                    target = e.target();
                } else {
                    Deletion d = (Deletion) entry;
                    bind(event, archived.room(), d.id(), EventEffects.DELETE, d.target(), d.by(), null, d.ts());
                    isNew = event.executeUpdate() == 1;
                    target = d.target();
                }
                if (isNew) {
                    stored++;
                    row.lastId = Math.max(row.lastId, entry.id());
                    // A message may arrive after its own edit or delete (archivers on other nodes).
                    EventEffects.apply(connection, archived.room(), target);
                }
            }
        }
        for (RoomRow row : rooms.values()) {
            row.save(connection);
        }
        return stored;
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                statement.setNull(i + 1, Types.VARCHAR); // only a text is ever missing
            } else {
                statement.setObject(i + 1, values[i]);
            }
        }
    }
}
