package dev.chatsocket.history;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract on the embedded default, an H2 file in a temporary data directory; and H2's own cases. */
class H2HistoryStoreTest extends HistoryStoreContract {
    @TempDir
    Path dataDir;

    @Override
    HistorySettings.Database database() {
        return new HistorySettings.Embedded(dataDir);
    }

    @Override
    Connection direct() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dataDir.resolve(DataSources.H2_FILE) + ";DB_CLOSE_ON_EXIT=FALSE");
        h2.setUser("chatsocket");
        return h2.getConnection();
    }

    @AfterEach
    void diskWorksAgain() {
        FailingFileSystem.fail(false);
    }

    @Test
    void theDatabaseIsOneFileInTheDataDirectory() {
        HistoryStore store = open();
        post(store, "hello");
        assertTrue(Files.isRegularFile(dataDir.resolve("history.mv.db")));
    }

    @Test
    void everyAckedMessageSurvivesTheProcessBeingHalted() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HaltedWriter.class.getName(), dataDir.toString(), "20000")
                .redirectErrorStream(true).start();
        List<Long> acked = new String(writer.getInputStream().readAllBytes()).lines()
                .filter(line -> line.startsWith("acked ")).map(line -> Long.parseLong(line.substring(6))).toList();
        assertEquals(9, writer.waitFor(), "the writer halts");
        assertTrue(acked.size() >= 10_000, acked.size() + " acked");

        HistoryStore store = open();
        long last = store.lastId("lobby");
        assertTrue(acked.stream().allMatch(id -> id <= last), "acked up to " + acked.stream().mapToLong(Long::longValue).max() + ", stored up to " + last);
        assertEquals(last, count("SELECT COUNT(*) FROM chat_messages"), "ids 1.." + last + ", every one stored");
        assertEquals(last + 1, post(store, "after the restart"));
    }

    @Test
    void withoutJndiTheDefaultFallsBackToTheDataDirectory() {
        HistorySettings settings = new HistorySettings(new HistorySettings.Container("java:comp/env/jdbc/chatsocket",
                Optional.of(new HistorySettings.Embedded(dataDir))), 2, 10, Retention.KEEP_EVERYTHING, DEDUPE);
        try (HistoryStore store = HistoryStore.open(settings)) {
            assertEquals(1, post(store, "hello"));
        }
        assertTrue(Files.isRegularFile(dataDir.resolve("history.mv.db")));
    }

    @Test
    void aNamedDataSourceThatIsNotBoundStopsTheStart() {
        HistorySettings settings = new HistorySettings(new HistorySettings.Container("java:comp/env/jdbc/history",
                Optional.empty()), 2, 10, Retention.KEEP_EVERYTHING, DEDUPE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HistoryStore.open(settings));
        assertTrue(e.getMessage().startsWith("no DataSource is bound at java:comp/env/jdbc/history"), e.getMessage());
    }

    @Test
    void aFailingDiskFailsCommitsAndTheStoreRecoversWithIt() {
        FailingFileSystem.install();
        HistoryStore store = open(DataSources.embedded("jdbc:h2:failing:" + dataDir.resolve("history"), 4, "failing H2"),
                Retention.KEEP_EVERYTHING, DEDUPE, 100);
        assertEquals(1, post(store, "stored before the disk filled up"));

        FailingFileSystem.fail(true);
        CompletionException failure = assertThrows(CompletionException.class, () -> post(store, "not stored"));
        assertInstanceOf(HistoryUnavailableException.class, failure.getCause());
        assertEquals(Optional.of("unwritable"), store.problem());
        List<CompletableFuture<Appended>> more = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            more.add(store.append("lobby", message("still not stored")));
        }
        more.forEach(f -> assertThrows(CompletionException.class, f::join));
        assertEquals(Optional.of("unwritable"), store.problem());

        FailingFileSystem.fail(false);
        long id = awaitAppend(store, "stored after the disk came back");
        assertEquals(Optional.empty(), store.problem());
        List<String> texts = store.recent("lobby", 10).stream().map(Message::text).toList();
        assertEquals("stored before the disk filled up", texts.get(0));
        assertEquals("stored after the disk came back", texts.get(texts.size() - 1));
        assertEquals(id, store.lastId("lobby"));
    }

    /** Appends until an append succeeds: the pool may hand out a connection the failure broke, once. */
    static long awaitAppend(HistoryStore store, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return store.append("lobby", new NewMessage("u1", "Ann", text, T0, null)).join().id();
            } catch (CompletionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }
}
