package dev.chatsocket.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every history store does, whatever its database: one suite, run against an embedded H2
 * ({@link H2HistoryStoreTest}) and a real PostgreSQL ({@link PostgresHistoryStoreIT}). Each test
 * has a database of its own.
 */
abstract class HistoryStoreContract {
    static final long T0 = 1_700_000_000_000L;
    static final DedupeWindow DEDUPE = new DedupeWindow(Duration.ofMinutes(10), 10_000);

    final TestClock clock = new TestClock(T0);
    /** The last opened store's connections, as the store sees them. */
    ObservedDataSource observed;
    private final List<HistoryStore> opened = new ArrayList<>();

    /** This test's database: the same one each time a test asks. */
    abstract HistorySettings.Database database();

    /** A connection of the test's own to the same database, to look into the tables. */
    abstract Connection direct() throws SQLException;

    /** Lets any change of a live message through: who may change what is the chat's rule, tested there. */
    static final ChangeRule<String> ANYONE = target -> Optional.empty();

    /** An edit by u1 (the author of {@link #post}'s messages) with no ref; empty when there was nothing to edit. */
    static CompletableFuture<Optional<Edit>> edit(HistoryStore store, long target, String text, long ts) {
        return store.edit("lobby", target, "u1", text, ts, null, ANYONE)
                .thenApply(changed -> changed instanceof Changed.Stored<String> stored ? Optional.of((Edit) stored.entry()) : Optional.empty());
    }

    /** A delete with no ref; empty when there was nothing to delete. */
    static CompletableFuture<Optional<Deletion>> delete(HistoryStore store, long target, String by, long ts) {
        return store.delete("lobby", target, by, ts, null, ANYONE)
                .thenApply(changed -> changed instanceof Changed.Stored<String> stored ? Optional.of((Deletion) stored.entry()) : Optional.empty());
    }

    HistoryStore open() {
        return open(Retention.KEEP_EVERYTHING, DEDUPE, 10_000);
    }

    HistoryStore open(Retention retention, DedupeWindow dedupe, int queueCapacity) {
        return open(DataSources.open(database(), 4), retention, dedupe, queueCapacity);
    }

    HistoryStore open(OpenDatabase database, Retention retention, DedupeWindow dedupe, int queueCapacity) {
        observed = new ObservedDataSource(database.dataSource());
        OpenDatabase watched = new OpenDatabase(observed.dataSource(), database.dialect(), database.description(),
                database.syncEachCommit(), database.release());
        HistoryStore store = HistoryStore.open(watched, new HistorySettings(database(), 4, queueCapacity, retention, dedupe), clock);
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        if (observed != null) {
            observed.release();
        }
        opened.forEach(HistoryStore::close);
    }

    NewMessage message(String text) {
        return new NewMessage("u1", "Ann", text, clock.millis(), null);
    }

    NewMessage withRef(String uid, String ref) {
        return new NewMessage(uid, uid + "'s nick", "text of " + ref, clock.millis(), ref);
    }

    static long post(HistoryStore store, String room, NewMessage message) {
        return store.append(room, message).join().id();
    }

    long post(HistoryStore store, String text) {
        return post(store, "lobby", message(text));
    }

    @Test
    void idsStartAtOneAndGrowPerRoom() {
        HistoryStore store = open();
        assertEquals(0, store.lastId("lobby"));
        assertEquals(1, store.firstId("lobby"));
        for (long expected = 1; expected <= 5; expected++) {
            assertEquals(expected, post(store, "m" + expected));
        }
        assertEquals(1, post(store, "other", message("elsewhere")));
        assertEquals(5, store.lastId("lobby"));
        assertEquals(1, store.firstId("lobby"));
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), store.recent("lobby", 10).stream().map(Message::text).toList());
    }

    @Test
    void aRoomHasOneEpochForGood() {
        HistoryStore store = open();
        String epoch = store.epoch("lobby");
        assertEquals(epoch, store.epoch("lobby"));
        post(store, "hello");
        assertEquals(epoch, store.epoch("lobby"));
        assertNotEquals(epoch, store.epoch("other"));
    }

    @Test
    void aReopenedStoreKeepsEpochsIdsAndTheSequence() {
        HistoryStore store = open();
        post(store, "one");
        post(store, "two");
        String epoch = store.epoch("lobby");
        assertEquals(3, edit(store, 2, "two, edited", clock.millis()).join().orElseThrow().id());
        store.close();

        HistoryStore reopened = open();
        assertEquals(epoch, reopened.epoch("lobby"));
        assertEquals(3, reopened.lastId("lobby"));
        assertEquals(4, post(reopened, "three"));
        assertEquals(List.of("one", "two, edited", "three"), reopened.recent("lobby", 10).stream().map(Message::text).toList());
    }

    @Test
    void aRepeatedRefIsAnsweredWithTheFirstId() {
        HistoryStore store = open();
        Appended first = store.append("lobby", withRef("u1", "r1")).join();
        assertEquals(new Appended(1, false), first);
        assertEquals(new Appended(1, true), store.append("lobby", withRef("u1", "r1")).join());
        // The ref is the sender's: another sender's r1 is another message, and so is r1 in another room.
        assertEquals(new Appended(2, false), store.append("lobby", withRef("u2", "r1")).join());
        assertEquals(new Appended(1, false), store.append("other", withRef("u1", "r1")).join());
        assertEquals(2, store.lastId("lobby"));
        assertEquals(2, store.recent("lobby", 10).size());
    }

    @Test
    void repeatsWithinOneGroupCommitAreStoredOnce() {
        HistoryStore store = open();
        observed.hold();
        CompletableFuture<Appended> a = store.append("lobby", withRef("u1", "r1"));
        CompletableFuture<Appended> b = store.append("lobby", withRef("u1", "r1"));
        CompletableFuture<Appended> c = store.append("lobby", withRef("u1", "r1"));
        observed.release();
        assertEquals(1, a.join().id());
        assertEquals(new Appended(1, true), c.join());
        assertEquals(1, b.join().id());
        assertEquals(1, store.lastId("lobby"));
    }

    @Test
    void aRefIsForgottenAfterTheWindowsAge() {
        HistoryStore store = open(Retention.KEEP_EVERYTHING, new DedupeWindow(Duration.ofMinutes(1), 10_000), 100);
        assertEquals(1, store.append("lobby", withRef("u1", "r1")).join().id());
        clock.advance(Duration.ofSeconds(59));
        assertEquals(new Appended(1, true), store.append("lobby", withRef("u1", "r1")).join());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(new Appended(2, false), store.append("lobby", withRef("u1", "r1")).join());
    }

    @Test
    void aRefIsForgottenAfterTheSendersCountOfRefs() {
        HistoryStore store = open(Retention.KEEP_EVERYTHING, new DedupeWindow(Duration.ofMinutes(10), 5), 100);
        assertEquals(1, store.append("lobby", withRef("u1", "r1")).join().id());
        for (int i = 0; i < 4; i++) {
            assertEquals(false, store.append("lobby", withRef("u1", "filler" + i)).join().duplicate());
        }
        for (int i = 0; i < 10; i++) {
            store.append("lobby", withRef("u2", "other" + i)).join();
            post(store, "no ref");
        }
        // u1's refs: r1 and four more, so r1 is among its last five; others' messages do not count.
        assertEquals(new Appended(1, true), store.append("lobby", withRef("u1", "r1")).join());
        store.append("lobby", withRef("u1", "one more")).join();
        assertEquals(new Appended(27, false), store.append("lobby", withRef("u1", "r1")).join());
        // Now the newest message with that ref answers.
        assertEquals(new Appended(27, true), store.append("lobby", withRef("u1", "r1")).join());
    }

    @Test
    void pagesBackThroughTenThousandMessagesToTheFirst() {
        HistoryStore store = open();
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            appends.add(store.append("lobby", message("message " + i)));
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();

        List<Long> seen = new ArrayList<>();
        long before = store.lastId("lobby") + 1;
        int pages = 0;
        Page page;
        do {
            page = store.before("lobby", before, 100);
            pages++;
            List<Long> ids = page.messages().stream().map(Message::id).toList();
            assertEquals(LongStream.range(before - ids.size(), before).boxed().toList(), ids, "oldest first, no gap");
            seen.addAll(0, ids);
            before = ids.get(0);
        } while (page.more());
        assertEquals(100, pages);
        assertEquals(10_000, seen.size());
        assertEquals(1, seen.get(0));
        assertEquals("message 1", page.messages().get(0).text());
        assertEquals(new Page(List.of(), false), store.before("lobby", 1, 50));
        assertEquals(List.of(9_999L, 10_000L), store.recent("lobby", 2).stream().map(Message::id).toList());
    }

    @Test
    void aPageReachesPastManyEventsToTheMessagesBeforeThem() {
        HistoryStore store = open();
        post(store, "first");
        List<CompletableFuture<Optional<Edit>>> edits = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            edits.add(edit(store, 1, "first, edit " + i, clock.millis())); // ids 2..301
        }
        edits.forEach(CompletableFuture::join);
        assertEquals(302, post(store, "second"));

        Page newest = store.before("lobby", Long.MAX_VALUE, 1);
        assertEquals(List.of(302L), newest.messages().stream().map(Message::id).toList());
        assertTrue(newest.more());
        Page older = store.before("lobby", 302, 50);
        assertEquals(List.of("first, edit 299"), older.messages().stream().map(Message::text).toList());
        assertFalse(older.more());
    }

    @Test
    void afterReplaysMessagesEditsAndDeletesInIdOrder() {
        HistoryStore store = open();
        post(store, "one");
        post(store, "two");
        post(store, "three");
        Edit edit = edit(store, 2, "two!", clock.millis()).join().orElseThrow();
        Deletion deletion = delete(store, 1, "u1", clock.millis()).join().orElseThrow();
        post(store, "six");

        List<Entry> all = store.after("lobby", 0, 100);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), all.stream().map(Entry::id).toList());
        assertEquals(new Edit(4, 2, "u1", "two!", clock.millis()), edit);
        assertEquals(edit, all.get(3));
        assertEquals(new Deletion(5, 1, "u1", clock.millis()), all.get(4));
        assertEquals(deletion, all.get(4));
        // Messages come in their current state.
        assertTrue(((Message) all.get(0)).deleted());
        assertEquals("two!", ((Message) all.get(1)).text());

        assertEquals(List.of(edit, deletion), store.after("lobby", 3, 2));
        assertEquals(List.of(), store.after("lobby", 6, 100));
    }

    @Test
    void anEditReplacesTheTextInPlace() {
        HistoryStore store = open();
        post(store, "helo");
        clock.advance(Duration.ofSeconds(30));
        Optional<Edit> edit = edit(store, 1, "hello", clock.millis()).join();
        assertEquals(Optional.of(new Edit(2, 1, "u1", "hello", clock.millis())), edit);

        Message edited = store.message("lobby", 1).orElseThrow();
        assertEquals(new Message(1, "u1", "Ann", "hello", T0, OptionalLong.of(clock.millis()), false), edited);
        assertEquals(List.of(edited), store.before("lobby", 10, 50).messages());
        assertEquals(Optional.empty(), store.message("lobby", 2), "an edit is not a message");

        assertEquals(Optional.empty(), edit(store, 99, "nothing there", clock.millis()).join());
        assertEquals(Optional.empty(), edit(store, 2, "an edit is not a message", clock.millis()).join());
        assertEquals(2, store.lastId("lobby"), "a refused edit takes no id");
    }

    @Test
    void aDeleteTakesTheTextOutOfTheStore() throws SQLException {
        HistoryStore store = open();
        post(store, "my secret one");
        post(store, "a reply");
        edit(store, 1, "my secret two", clock.millis()).join().orElseThrow();
        Deletion deletion = delete(store, 1, "moderator", clock.millis()).join().orElseThrow();
        assertEquals(new Deletion(4, 1, "moderator", clock.millis()), deletion);

        Message deleted = store.message("lobby", 1).orElseThrow();
        assertTrue(deleted.deleted());
        assertNull(deleted.text());
        assertEquals(List.of(1L, 2L), store.recent("lobby", 10).stream().map(Message::id).toList(), "it keeps its place");
        Edit earlierEdit = (Edit) store.after("lobby", 2, 1).get(0);
        assertNull(earlierEdit.text());
        assertEquals(0, count("SELECT COUNT(*) FROM chat_messages WHERE text LIKE '%secret%'"));
        assertEquals(0, count("SELECT COUNT(*) FROM chat_events WHERE text LIKE '%secret%'"));
        assertEquals(1, count("SELECT COUNT(*) FROM chat_messages WHERE text = 'a reply'"));

        assertEquals(Optional.empty(), delete(store, 1, "moderator", clock.millis()).join(), "deleted already");
        assertEquals(Optional.empty(), edit(store, 1, "back again", clock.millis()).join());
        assertEquals(Optional.empty(), delete(store, 42, "moderator", clock.millis()).join());
        assertEquals(4, store.lastId("lobby"));
    }

    @Test
    void theCallersRuleDecidesInTheWriterAndRefsAreSharedWithMessages() {
        HistoryStore store = open();
        assertEquals(new Appended(1, false), store.append("lobby", withRef("u1", "r1")).join());
        ChangeRule<String> onlyTheAuthor = target -> target.uid().equals("u2") ? Optional.empty() : Optional.of("not yours");
        assertEquals(new Changed.Refused<String>("not yours"),
                store.delete("lobby", 1, "u2", clock.millis(), "r2", onlyTheAuthor).join());
        assertEquals(1, store.lastId("lobby"), "a refusal takes no id");
        assertEquals(new Changed.Duplicate<String>(1), store.edit("lobby", 1, "u1", "again", clock.millis(), "r1", ANYONE).join(),
                "a message's ref answers an edit with the same ref");
        Changed<String> edited = store.edit("lobby", 1, "u1", "edited", clock.millis(), "r3", ANYONE).join();
        assertEquals(new Changed.Stored<String>(new Edit(2, 1, "u1", "edited", clock.millis())), edited);
        assertEquals(new Changed.Duplicate<String>(2), store.delete("lobby", 1, "u1", clock.millis(), "r3", ANYONE).join());
        assertEquals(new Appended(2, true), store.append("lobby", withRef("u1", "r3")).join(), "and an edit's a message");

        // Two deletes of one message queued together: the writer decides one after the other.
        CompletableFuture<Changed<String>> first = store.delete("lobby", 1, "u1", clock.millis(), null, ANYONE);
        CompletableFuture<Changed<String>> second = store.delete("lobby", 1, "u1", clock.millis(), null, ANYONE);
        assertEquals(new Changed.Stored<String>(new Deletion(3, 1, "u1", clock.millis())), first.join());
        assertEquals(new Changed.NotFound<String>(), second.join());
    }

    @Test
    void retentionByCountKeepsTheNewestMessages() {
        HistoryStore store = open(new Retention(Optional.empty(), OptionalLong.of(10)), DEDUPE, 100);
        for (int i = 1; i <= 25; i++) {
            post(store, "m" + i);
        }
        post(store, "other", message("kept"));
        assertEquals(15, store.applyRetention());
        assertEquals(16, store.firstId("lobby"));
        assertEquals(25, store.lastId("lobby"));
        assertEquals(LongStream.rangeClosed(16, 25).boxed().toList(), store.recent("lobby", 100).stream().map(Message::id).toList());
        assertFalse(store.before("lobby", 16, 50).more());
        assertEquals(1, store.recent("other", 10).size());
        assertEquals(0, store.applyRetention(), "nothing more to do");
        assertEquals(26, post(store, "m26"), "the sequence goes on");
    }

    @Test
    void retentionByAgeRemovesTheOlderEntries() {
        HistoryStore store = open(new Retention(Optional.of(Duration.ofHours(1)), OptionalLong.empty()), DEDUPE, 100);
        for (int i = 1; i <= 5; i++) {
            post(store, "old " + i);
        }
        edit(store, 2, "old 2, edited", clock.millis()).join().orElseThrow(); // id 6
        clock.advance(Duration.ofMinutes(30));
        for (int i = 1; i <= 3; i++) {
            post(store, "young " + i); // ids 7..9
        }
        clock.advance(Duration.ofMinutes(45));
        assertEquals(5, store.applyRetention());
        assertEquals(7, store.firstId("lobby"));
        assertEquals(List.of(7L, 8L, 9L), store.after("lobby", 0, 100).stream().map(Entry::id).toList());

        clock.advance(Duration.ofHours(1));
        assertEquals(3, store.applyRetention());
        assertEquals(10, store.firstId("lobby"), "everything is gone: lastId + 1");
        assertEquals(9, store.lastId("lobby"));
        assertEquals(new Page(List.of(), false), store.before("lobby", Long.MAX_VALUE, 50));
    }

    @Test
    void aBotsMessageKeepsItsMarkAppendedOrArchived() {
        HistoryStore store = open();
        store.append("lobby", new NewMessage("bot:site", "site", "from the site", T0, "s1", true)).join();
        post(store, "a person's");
        assertEquals(List.of(true, false), store.recent("lobby", 10).stream().map(Message::bot).toList());
        assertEquals(List.of(true, false), store.before("lobby", Long.MAX_VALUE, 10).messages().stream()
                .map(Message::bot).toList());
        store.archive(List.of(new Archived("cluster", Message.posted(1, "bot:site", "site", "archived", T0, true)),
                new Archived("cluster", Message.posted(2, "u1", "Ann", "a person's", T0))));
        assertTrue(store.message("cluster", 1).orElseThrow().bot());
        assertFalse(store.message("cluster", 2).orElseThrow().bot());
    }

    @Test
    void archivingIsIdempotentOnRoomAndId() {
        HistoryStore store = open();
        List<Archived> batch = List.of(
                new Archived("cluster", Message.posted(1, "u1", "Ann", "first", T0)),
                new Archived("cluster", Message.posted(2, "u2", "Bob", "second", T0)),
                new Archived("cluster", Message.posted(3, "u1", "Ann", "third", T0)),
                new Archived("cluster", new Edit(4, 2, "u2", "second, edited", T0 + 1)),
                new Archived("cluster", new Deletion(5, 1, "u1", T0 + 2)));
        assertEquals(5, store.archive(batch));
        assertEquals(0, store.archive(batch), "all of it was there");
        assertEquals(1, store.archive(List.of(batch.get(3), batch.get(4),
                new Archived("cluster", Message.posted(6, "u1", "Ann", "sixth", T0 + 3)))));

        assertEquals(6, store.lastId("cluster"));
        assertEquals(store.epoch("cluster"), store.epoch("cluster"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), store.after("cluster", 0, 100).stream().map(Entry::id).toList());
        assertEquals("second, edited", store.message("cluster", 2).orElseThrow().text());
        assertTrue(store.message("cluster", 1).orElseThrow().deleted());
        assertEquals(4, store.recent("cluster", 10).size());
        assertEquals(7, post(store, "cluster", message("after the archive")), "the sequence follows the archive");
    }

    @Test
    void archivedEventsMayComeBeforeTheirMessage() throws SQLException {
        HistoryStore store = open();
        store.archive(List.of(new Archived("cluster", new Deletion(2, 1, "moderator", T0 + 5)),
                new Archived("cluster", new Edit(4, 3, "u1", "three, edited", T0 + 6))));
        store.archive(List.of(new Archived("cluster", Message.posted(1, "u1", "Ann", "a secret", T0)),
                new Archived("cluster", Message.posted(3, "u1", "Ann", "three", T0 + 1))));

        Message deleted = store.message("cluster", 1).orElseThrow();
        assertTrue(deleted.deleted());
        assertNull(deleted.text());
        assertEquals(0, count("SELECT COUNT(*) FROM chat_messages WHERE text LIKE '%secret%'"));
        assertEquals(new Message(3, "u1", "Ann", "three, edited", T0 + 1, OptionalLong.of(T0 + 6), false),
                store.message("cluster", 3).orElseThrow());
    }

    @Test
    void concurrentAppendsShareCommits() throws Exception {
        HistoryStore store = open();
        post(store, "warm-up");
        observed.resetCommits();
        int senders = 50;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<List<Long>>> sent = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                sent.add(pool.submit(() -> {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        // As a chat client does: the next message after the ack of the last.
                        ids.add(post(store, "lobby", new NewMessage("u" + sender, "n", "m" + i, clock.millis(), null)));
                    }
                    return ids;
                }));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<List<Long>> f : sent) {
                ids.addAll(f.get(120, TimeUnit.SECONDS));
            }
            assertEquals(LongStream.rangeClosed(2, 1 + senders * each).boxed().toList(), ids.stream().sorted().toList());
        } finally {
            pool.shutdownNow();
        }
        int appends = senders * each;
        int commits = observed.commits();
        assertTrue(commits * 4 <= appends, appends + " appends took " + commits + " commits");
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        HistoryStore store = open(Retention.KEEP_EVERYTHING, DEDUPE, 5);
        observed.hold(); // the writer takes a batch, then waits for its connection
        List<CompletableFuture<Appended>> accepted = new ArrayList<>();
        CompletableFuture<Appended> refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            CompletableFuture<Appended> append = store.append("lobby", message("m" + i));
            if (append.isCompletedExceptionally()) {
                refused = append;
            } else {
                accepted.add(append);
            }
        }
        assertTrue(refused != null, "the queue of 5 never filled");
        assertTrue(accepted.size() <= 5 + 6, accepted.size() + " accepted: at most the queue and one batch");
        CompletionException failure = assertThrows(CompletionException.class, refused::join);
        assertInstanceOf(HistoryUnavailableException.class, failure.getCause());
        observed.release();
        assertEquals(LongStream.rangeClosed(1, accepted.size()).boxed().toList(),
                accepted.stream().map(f -> f.join().id()).toList());
        assertEquals(Optional.empty(), store.problem(), "a full queue is back pressure, not a broken store");
    }

    @Test
    void closingCommitsWhatIsQueuedAndLeavesNoThread() throws InterruptedException {
        HistoryStore store = open(new Retention(Optional.empty(), OptionalLong.of(1000)), DEDUPE, 100);
        List<CompletableFuture<Appended>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(store.append("lobby", message("m" + i)));
        }
        store.close();
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), queued.stream().map(f -> f.join().id()).toList());
        CompletionException closed = assertThrows(CompletionException.class, () -> store.append("lobby", message("late")).join());
        assertInstanceOf(HistoryUnavailableException.class, closed.getCause());
        for (int i = 0; i < 100 && !storeThreads().isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), storeThreads());
    }

    /** Threads of the store, its pool and its database, by their names. */
    List<String> storeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("chatsocket-history") || name.contains("MVStore")).toList();
    }

    @Test
    void badArgumentsAreRefusedAtTheCall() {
        HistoryStore store = open();
        assertThrows(IllegalArgumentException.class, () -> store.before("lobby", 10, 0));
        assertThrows(IllegalArgumentException.class, () -> store.after("lobby", 0, HistoryStore.MAX_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> store.append("r".repeat(129), message("x")));
        assertThrows(IllegalArgumentException.class, () -> message("nul \0 inside"));
        assertThrows(IllegalArgumentException.class, () -> edit(store, 1, "nul \0", T0));
        assertEquals(0, store.lastId("lobby"));
    }

    long count(String sql) throws SQLException {
        try (Connection connection = direct(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
