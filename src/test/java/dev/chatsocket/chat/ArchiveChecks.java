package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatsocket.testsupport.PrometheusText;
import dev.chatsocket.testsupport.postgres.ArchiveRows;
import dev.chatsocket.testsupport.redis.RedisServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the cluster tests look at: the archive's tables in PostgreSQL (read with plain JDBC, as an
 * operator would) and the room's keys in Redis (integer replies over RESP), and the waiting for
 * the archive to catch up (a condition polled until a deadline, never a fixed sleep).
 */
final class ArchiveChecks {
    private final String databaseUrl;
    private final RedisServer redis;

    ArchiveChecks(String databaseUrl, RedisServer redis) {
        this.databaseUrl = databaseUrl;
        this.redis = redis;
    }

    /** Posts {@code text} with a ref and returns the ack's id, skipping the other frames in between. */
    static long ack(ChatClient sender, String text) throws IOException {
        return ack(sender, ChatClient.JSON.createObjectNode().put("type", "message").put("text", text).put("ref", text));
    }

    /** Sends {@code command} (which has a ref) and returns the ack's id, skipping the other frames in between. */
    static long ack(ChatClient sender, ObjectNode command) throws IOException {
        String ref = command.get("ref").asText();
        sender.send(command);
        while (true) {
            JsonNode frame = sender.next();
            String type = frame.path("type").asText();
            if (type.equals("ack") && frame.get("ref").asText().equals(ref)) {
                return frame.get("id").asLong();
            }
            if (type.equals("error")) {
                throw new AssertionError("refused: " + frame);
            }
        }
    }

    /** Rows of the room in the archive, messages and their edits, whose text contains {@code text}. */
    long rowsContaining(String room, String text) {
        return ArchiveRows.containing(databaseUrl, room, text);
    }

    /**
     * Message {@code id} of the room as the archive has it: its text, or {@code "(deleted)"} once
     * deleted (no text, a deletion time), or {@code null} when the archive does not have it.
     */
    String archivedText(String room, long id) {
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT text, deleted_ts FROM chat_messages WHERE room = ? AND id = ?")) {
            select.setString(1, room);
            select.setLong(2, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                String text = rows.getString(1);
                rows.getLong(2);
                return text == null && !rows.wasNull() ? "(deleted)" : text;
            }
        } catch (SQLException e) {
            return null; // not migrated yet
        }
    }

    /** The archive's messages of {@code room}: text to every id it is stored under. */
    Map<String, List<Long>> archived(String room) {
        Map<String, List<Long>> idsByText = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             PreparedStatement select = connection.prepareStatement("SELECT id, text FROM chat_messages WHERE room = ? ORDER BY id")) {
            select.setString(1, room);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    idsByText.computeIfAbsent(rows.getString(2), t -> new java.util.ArrayList<>()).add(rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            // Not migrated yet, or stopped by the test: nothing to see now.
            return Map.of();
        }
        return idsByText;
    }

    /** The room's epoch in the archive. */
    String archivedEpoch(String room) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             PreparedStatement select = connection.prepareStatement("SELECT epoch FROM chat_rooms WHERE room = ?")) {
            select.setString(1, room);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /**
     * Waits until the archive holds exactly {@code acked} (text to acked id) for {@code room}: each
     * acked message once, under its id, and nothing else.
     */
    void awaitArchived(String room, Map<String, Long> acked, Duration within) throws InterruptedException {
        Map<String, List<Long>> expected = new HashMap<>();
        acked.forEach((text, id) -> expected.put(text, List.of(id)));
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, List<Long>> archived = archived(room);
        while (!archived.equals(expected)) {
            if (System.nanoTime() > deadline) {
                assertEquals(expected, archived, "the archive holds every acked message once, under its id, within " + within);
            }
            Thread.sleep(50);
            archived = archived(room);
        }
    }

    /** Entries in the room's stream now. */
    long streamLength(String room) throws IOException {
        return integer("XLEN", "chatsocket:{" + room + "}:stream");
    }

    /** The room's archived mark: every entry below this message id is in the archive. */
    long archivedMark(String room) throws IOException {
        return integer("EVAL", "return tonumber(redis.call('GET', KEYS[1]) or '0')", "1", "chatsocket:{" + room + "}:archived");
    }

    /** How many consumers of the archive's group hold entries they read and did not acknowledge. */
    long consumersWithPending(String room) throws IOException {
        return integer("EVAL", """
                local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
                if not ok then return 0 end
                local n = 0
                for _, c in ipairs(consumers) do
                  for i = 1, #c, 2 do
                    if c[i] == 'pending' and c[i + 1] > 0 then n = n + 1 end
                  end
                end
                return n
                """, "1", "chatsocket:{" + room + "}:stream", "chatsocket-archive");
    }

    /** Entries of the room read by some node's archiver and not acknowledged. */
    long pending(String room) throws IOException {
        return integer("EVAL", """
                local ok, summary = pcall(redis.call, 'XPENDING', KEYS[1], ARGV[1])
                if not ok then return -1 end
                return summary[1]
                """, "1", "chatsocket:{" + room + "}:stream", "chatsocket-archive");
    }

    private long integer(String... command) throws IOException {
        String reply = redis.command(command);
        if (!reply.startsWith(":")) {
            throw new AssertionError("expected an integer reply to " + command[0] + ", got " + reply);
        }
        return Long.parseLong(reply.substring(1));
    }

    /** A value of the node's metrics ({@code /metrics}), e.g. {@code chatsocket_archive_failing}. */
    static double metric(URI node, String name) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(node.resolve("metrics")).build(), HttpResponse.BodyHandlers.ofString());
            return PrometheusText.parse(response.body()).value(name, Map.of());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void await(java.util.function.BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within);
            }
            Thread.sleep(20);
        }
    }
}
