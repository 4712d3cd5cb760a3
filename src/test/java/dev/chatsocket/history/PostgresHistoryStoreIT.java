package dev.chatsocket.history;

import dev.chatsocket.testsupport.postgres.PostgresExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The contract on a real PostgreSQL (Debian's, started for this class on a free port, see
 * {@link PostgresExtension}), a database of its own per test; and a server that stops and comes back.
 */
class PostgresHistoryStoreIT extends HistoryStoreContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private String url;

    @BeforeEach
    void newDatabase() {
        url = POSTGRES.server().newDatabase();
    }

    @Override
    HistorySettings.Database database() {
        return new HistorySettings.Server(url, Optional.empty(), Optional.empty());
    }

    @Override
    Connection direct() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Test
    void aStoppedServerFailsCommitsAndTheStoreRecoversWhenItIsBack() throws IOException {
        HistoryStore store = open();
        assertEquals(1, post(store, "stored before the server stopped"));

        POSTGRES.server().stop();
        try {
            CompletionException failure = assertThrows(CompletionException.class, () -> post(store, "not stored"));
            assertInstanceOf(HistoryUnavailableException.class, failure.getCause());
            assertEquals(Optional.of("unwritable"), store.problem());
            assertThrows(HistoryUnavailableException.class, () -> store.recent("lobby", 10), "reads fail too");
        } finally {
            POSTGRES.server().restart();
        }

        long id = H2HistoryStoreTest.awaitAppend(store, "stored after it came back");
        assertEquals(2, id, "the failed append took no id");
        assertEquals(Optional.empty(), store.problem());
        assertEquals("stored before the server stopped", store.message("lobby", 1).orElseThrow().text());
    }
}
