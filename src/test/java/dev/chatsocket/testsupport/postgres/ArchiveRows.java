package dev.chatsocket.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The archive's tables read with plain JDBC, as an operator would: what the archive tests count. */
public final class ArchiveRows {

    private ArchiveRows() {
    }

    /** Rows of {@code room} (messages, and their edits and deletes) whose text contains {@code text}. */
    public static long containing(String databaseUrl, String room, String text) {
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT (SELECT COUNT(*) FROM chat_messages WHERE room = ? AND text LIKE ?)"
                             + " + (SELECT COUNT(*) FROM chat_events WHERE room = ? AND text LIKE ?)")) {
            select.setString(1, room);
            select.setString(2, "%" + text + "%");
            select.setString(3, room);
            select.setString(4, "%" + text + "%");
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
