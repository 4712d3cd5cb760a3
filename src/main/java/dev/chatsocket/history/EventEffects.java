package dev.chatsocket.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a message's row in line with its edits and deletes: the latest edit's text, or, once
 * deleted, no text at all, in the message and in every edit of it. Recomputed from all of the
 * message's events rather than applied one at a time, so that events archived out of order (a
 * delete before the message it deletes, from another node) come to the same end.
 */
final class EventEffects {
    static final String EDIT = "edit";
    static final String DELETE = "delete";

    private EventEffects() {
    }

    /** One event of a message, in id order. */
    record Event(String kind, String uid, String text, long ts) {
    }

    /**
     * What the events make of their message: deleted (by whom, when), or its latest edit, or
     * neither. Pure.
     */
    record State(Event deletion, Event lastEdit) {
        static State of(List<Event> events) {
            Event deletion = null;
            Event lastEdit = null;
            for (Event event : events) {
                if (DELETE.equals(event.kind())) {
                    deletion = deletion == null ? event : deletion;
                } else {
                    lastEdit = event;
                }
            }
            return new State(deletion, lastEdit);
        }
    }

    static void apply(Connection connection, String room, long target) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT kind, uid, text, ts FROM chat_events WHERE room = ? AND target = ? ORDER BY id")) {
            select.setString(1, room);
            select.setLong(2, target);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        State state = State.of(events);
        if (state.deletion() != null) {
            erase(connection, room, target, state.deletion());
        } else if (state.lastEdit() != null) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE chat_messages SET text = ?, edited_ts = ? WHERE room = ? AND id = ?")) {
                update.setString(1, state.lastEdit().text());
                update.setLong(2, state.lastEdit().ts());
                update.setString(3, room);
                update.setLong(4, target);
                update.executeUpdate();
            }
        }
    }

    private static void erase(Connection connection, String room, long target, Event deletion) throws SQLException {
        try (PreparedStatement message = connection.prepareStatement(
                "UPDATE chat_messages SET text = NULL, deleted_ts = ?, deleted_by = ? WHERE room = ? AND id = ?");
             PreparedStatement edits = connection.prepareStatement(
                     "UPDATE chat_events SET text = NULL WHERE room = ? AND target = ? AND text IS NOT NULL")) {
            message.setLong(1, deletion.ts());
            message.setString(2, deletion.uid());
            message.setString(3, room);
            message.setLong(4, target);
            message.executeUpdate();
            edits.setString(1, room);
            edits.setLong(2, target);
            edits.executeUpdate();
        }
    }
}
