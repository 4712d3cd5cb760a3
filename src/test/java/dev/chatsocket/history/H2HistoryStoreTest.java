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
    void groupsTheDatabaseFileLacksAreReplayedFromTheJournalWithTheirRefs() throws Exception {
        HistoryStore before = open();
        String epoch = before.epoch("lobby");
        assertEquals(1, post(before, "lobby", withRef("u1", "r1")));
        assertEquals(2, post(before, "lobby", withRef("u2", "r2")));
        before.close(); // checkpointed: the file holds both, the journal nothing
        // What a crash leaves when H2 had not written its newest commits to its file: they are in the journal only.
        try (Journal journal = Journal.open("file:" + dataDir.resolve(DataSources.H2_FILE))) {
            assertEquals(0, journal.size());
            journal.append(List.of(new Archived("lobby", Message.posted(2, "u2", "u2's nick", "text of r2", T0), "r2"),
                    new Archived("lobby", Message.posted(3, "u3", "Cy", "lost from the file", T0 + 1), "r3")));
            journal.append(List.of(new Archived("lobby", new Edit(4, 1, "u1", "edited, then lost", T0 + 2), null),
                    new Archived("lobby", new Deletion(5, 2, "u2", T0 + 3), "d2")));
        }

        HistoryStore after = open();
        assertEquals(0, Files.size(dataDir.resolve(DataSources.H2_FILE + Journal.SUFFIX)), "replayed, checkpointed, emptied on opening");
        assertEquals(epoch, after.epoch("lobby"));
        assertEquals(5, after.lastId("lobby"));
        assertEquals(List.of("edited, then lost", "lost from the file"),
                after.recent("lobby", 10).stream().filter(m -> !m.deleted()).map(Message::text).toList());
        assertEquals(1, count("SELECT COUNT(*) FROM chat_messages WHERE id = 2 AND text IS NULL AND deleted_ts IS NOT NULL"),
                "the delete replayed: the text is gone");
        assertEquals(new Appended(3, true), after.append("lobby", withRef("u3", "r3")).join(), "a retry of a replayed message");
        assertEquals(6, post(after, "after the replay"));
    }

    @Test
    void theJournalNeverGrowsPastItsBoundByMoreThanOneGroup() throws Exception {
        long bound = 4096;
        Path journal = dataDir.resolve(DataSources.H2_FILE + Journal.SUFFIX);
        HistorySettings settings = new HistorySettings(database(), 4, 100, Retention.KEEP_EVERYTHING, DEDUPE, bound);
        try (HistoryStore store = HistoryStore.open(DataSources.open(database(), 4), settings, clock)) {
            long largest = 0;
            int emptied = 0;
            long previous = 0;
            for (int i = 1; i <= 200; i++) {
                assertEquals(i, post(store, "lobby", message("x".repeat(100) + i)));
                long size = Files.size(journal);
                largest = Math.max(largest, size);
                emptied += size < previous ? 1 : 0;
                previous = size;
            }
            assertTrue(largest < bound + 512, "the journal reached " + largest + " bytes");
            assertTrue(emptied >= 3, "200 messages of 100 bytes passed a bound of " + bound + " bytes " + emptied + " times");
            assertEquals(200, store.recent("lobby", 1000).size());
        }
    }

    @Test
    void anIdleWriterEmptiesTheJournal() throws Exception {
        HistoryStore store = open();
        post(store, "hello");
        Path journal = dataDir.resolve(DataSources.H2_FILE + Journal.SUFFIX);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.size(journal) > 0) {
            assertTrue(System.nanoTime() < deadline, "the journal still holds " + Files.size(journal) + " bytes");
            Thread.onSpinWait();
        }
        assertEquals(List.of("hello"), store.recent("lobby", 10).stream().map(Message::text).toList());
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
        assertEquals(2, id, "the refused appends took no id: their groups were rolled back when the journal refused them");
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
