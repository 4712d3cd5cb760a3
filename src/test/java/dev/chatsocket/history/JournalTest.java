package dev.chatsocket.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal's file: what a reopening finds after appends, failed appends, a dropped record and a clear. */
class JournalTest {
    private static final Archived A = new Archived("lobby", Message.posted(1, "u1", "Ann", "a", 1000), "r1");
    private static final Archived B = new Archived("lobby", Message.posted(2, "u1", "Ann", "b", 1001), "r2");
    private static final Archived C = new Archived("lobby", Message.posted(3, "u1", "Ann", "c", 1002), null);

    @TempDir
    Path dir;

    @AfterEach
    void diskWorksAgain() {
        FailingFileSystem.fail(false);
    }

    @Test
    void aReopenedJournalHoldsWhatWasAppended() throws IOException {
        try (Journal journal = Journal.open("file:" + dir.resolve("history"))) {
            journal.append(List.of(A));
            journal.append(List.of(B, C));
        }
        assertEquals(List.of(A, B, C), reopened("file:"));
        assertTrue(Files.isRegularFile(dir.resolve("history" + Journal.SUFFIX)), "beside H2's history.mv.db");
    }

    @Test
    void aRecordWhoseWriteFailedIsNeverReadEvenWhenTheCutHadToWait() throws IOException {
        FailingFileSystem.install();
        try (Journal journal = Journal.open("failing:" + dir.resolve("history"))) {
            journal.append(List.of(A));
            FailingFileSystem.fail(true);
            assertThrows(IOException.class, () -> journal.append(List.of(B)));
            assertThrows(IOException.class, () -> journal.append(List.of(B)), "the cut fails too while the disk does");
            FailingFileSystem.fail(false);
            journal.append(List.of(C));
            assertEquals(List.of(A, C), journal.entries());
        }
        assertEquals(List.of(A, C), reopened("failing:"));
    }

    @Test
    void aDroppedRecordIsGoneAndTheNextTakesItsPlace() throws IOException {
        try (Journal journal = Journal.open("file:" + dir.resolve("history"))) {
            journal.append(List.of(A));
            long before = journal.size();
            journal.append(List.of(B));
            journal.dropLast(before);
            journal.append(List.of(C));
        }
        assertEquals(List.of(A, C), reopened("file:"));
    }

    @Test
    void aClearedJournalIsEmpty() throws IOException {
        try (Journal journal = Journal.open("file:" + dir.resolve("history"))) {
            journal.append(List.of(A, B));
            journal.clear();
            assertEquals(0, journal.size());
            assertEquals(0, Files.size(dir.resolve("history" + Journal.SUFFIX)));
        }
        assertEquals(List.of(), reopened("file:"));
    }

    @Test
    void garbageAfterTheLastWholeRecordIsIgnoredAndOverwritten() throws IOException {
        try (Journal journal = Journal.open("file:" + dir.resolve("history"))) {
            journal.append(List.of(A));
        }
        Files.write(dir.resolve("history" + Journal.SUFFIX), new byte[]{0, 0, 1, 0, 7, 7}, StandardOpenOption.APPEND);
        try (Journal journal = Journal.open("file:" + dir.resolve("history"))) {
            assertEquals(List.of(A), journal.entries());
            journal.append(List.of(B));
        }
        assertEquals(List.of(A, B), reopened("file:"));
    }

    private List<Archived> reopened(String prefix) throws IOException {
        try (Journal journal = Journal.open(prefix + dir.resolve("history"))) {
            return journal.entries();
        }
    }
}
