package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.moderation.MessageChanges.Verdict;
import dev.chatsocket.chat.room.DedupeLimits;
import dev.chatsocket.chat.room.Listed;
import dev.chatsocket.chat.room.MessageChange;
import dev.chatsocket.chat.room.PostOutcome;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.room.RoomLog;
import dev.chatsocket.history.DedupeWindow;
import dev.chatsocket.history.HistorySettings;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.history.Message;
import dev.chatsocket.history.Retention;
import dev.chatsocket.testsupport.postgres.ArchiveRows;
import dev.chatsocket.testsupport.postgres.PostgresExtension;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster mode's archive of edits and deletes, on a real redis-server and a real PostgreSQL, with
 * the Redis backend's own archiver (no container: the nodes are {@link RedisRooms} in this JVM).
 * Every edit and delete made in Redis reaches the archive; a deleted text is gone from Redis and
 * from the archive; a message read by a node that died before archiving it, and deleted since,
 * ends in the archive deleted, without its text; a message older than the stream is edited and
 * deleted against the archive.
 */
class PostgresArchivedChangesIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DedupeLimits DEDUPE = new DedupeLimits(Duration.ofMinutes(1), 100);
    private static final MessageChanges RULES = new MessageChanges(Duration.ofMinutes(15));

    private final String room = "archived-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private RedisServer redis;
    private String database;
    private HistoryStore archive;

    @BeforeEach
    void start() throws IOException {
        redis = RedisServer.start(false);
        opened.add(redis);
        database = POSTGRES.server().newDatabase();
        archive = HistoryStore.open(historySettings());
        opened.add(0, archive);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private HistorySettings historySettings() {
        return new HistorySettings(new HistorySettings.Server(database, Optional.empty(), Optional.empty()), 4, 1000,
                Retention.KEEP_EVERYTHING, new DedupeWindow(DEDUPE.window(), DEDUPE.maxPerUser()));
    }

    private RedisSettings redisSettings() {
        return new RedisSettings(redis.url(), Duration.ofSeconds(2), Duration.ofSeconds(15), 1000);
    }

    /** A node; with the archive, its archiver claims what another node left unarchived for 300 ms. */
    private RedisRooms node(int historySize, boolean archived) {
        RoomLimits limits = new RoomLimits(historySize, 100, 10, Duration.ofMinutes(10));
        RedisRooms node = archived
                ? RedisRooms.start(redisSettings(), limits, DEDUPE, archive, new ArchiveSettings(historySettings(), Duration.ofMillis(300), 5))
                : RedisRooms.start(redisSettings(), limits, DEDUPE);
        opened.add(0, node);
        return node;
    }

    private static <T> T done(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static long stored(PostOutcome outcome) {
        assertTrue(outcome instanceof PostOutcome.Stored, outcome.toString());
        return ((PostOutcome.Stored) outcome).id();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + WAIT);
            }
            Thread.sleep(20);
        }
    }

    /** Rows of the archive (messages, and edits and deletes) whose text contains {@code text}, read as an operator would. */
    private long archivedRowsContaining(String text) {
        return ArchiveRows.containing(database, room, text);
    }

    private long redisValuesContaining(String text) {
        try {
            return redis.valuesContaining("chatsocket:{" + room + "}:*", text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Optional<Message> archived(long id) {
        return archive.message(room, id);
    }

    private long pending() throws IOException {
        String reply = redis.command("EVAL", "return redis.call('XPENDING', KEYS[1], ARGV[1])[1]", "1",
                RedisKeys.of(room).stream(), RedisArchiver.GROUP);
        return Long.parseLong(reply.substring(1));
    }

    @Test
    void anEditAndADeleteMadeInRedisReachTheArchiveAndTheDeletedTextIsGoneFromBoth() throws Exception {
        RoomLog log = node(50, true).open(room);
        String epoch = log.join(new Listed("a", "a-nick", false)).epoch();
        long now = System.currentTimeMillis();
        long kept = stored(done(log.post(epoch, "a", "a-nick", "kept, then edited", null, now, false)));
        long secret = stored(done(log.post(epoch, "a", "a-nick", "secret one", null, now, false)));
        await(() -> archived(secret).isPresent(), "the messages archived as posted");
        assertEquals(1, archivedRowsContaining("secret one"));

        long edit = stored(done(log.change(epoch, new MessageChange.Edit("a", kept, "edited once", null), RULES, now + 1)));
        long secretEdit = stored(done(log.change(epoch, new MessageChange.Edit("a", secret, "secret two", null), RULES, now + 2)));
        await(() -> archived(kept).map(m -> "edited once".equals(m.text())).orElse(false), "the edit archived");
        assertEquals(Optional.of(now + 1), archived(kept).map(m -> m.edited().orElse(0)));
        await(() -> archivedRowsContaining("secret two") == 2, "the secret's edit archived: its row, and the message's current text");

        long delete = stored(done(log.change(epoch, new MessageChange.Delete("m", secret, true, null), RULES, now + 3)));
        await(() -> archived(secret).map(Message::deleted).orElse(false), "the delete archived");
        assertNull(archived(secret).orElseThrow().text());
        assertEquals(0, archivedRowsContaining("secret"), "no text of the deleted message is left in the archive");
        assertEquals(0, redisValuesContaining("secret"), "nor in Redis");
        assertTrue(edit < secretEdit && secretEdit < delete);
        await(() -> {
            try {
                return pending() == 0;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "every entry acknowledged");
    }

    @Test
    void aMessageANodeReadAndDiedBeforeArchivingThatWasDeletedSinceIsArchivedDeletedWithoutItsText() throws Exception {
        // Written through a node without an archiver, so that a "dead" node's archiver can take
        // the entries first, deterministically: it reads them and never acknowledges.
        RoomLog log = node(50, false).open(room);
        String epoch = log.join(new Listed("a", "a-nick", false)).epoch();
        long now = System.currentTimeMillis();
        long secret = stored(done(log.post(epoch, "a", "a-nick", "secret one", null, now, false)));
        long edit = stored(done(log.change(epoch, new MessageChange.Edit("a", secret, "secret two", null), RULES, now + 1)));
        long other = stored(done(log.post(epoch, "b", "b-nick", "other", null, now + 2, false)));
        String stream = RedisKeys.of(room).stream();
        assertEquals("+OK", redis.command("XGROUP", "CREATE", stream, RedisArchiver.GROUP, "0"));
        assertTrue(redis.command("XREADGROUP", "GROUP", RedisArchiver.GROUP, "dead-node", "COUNT", "100",
                "STREAMS", stream, ">").startsWith("*1"), "the dead node read the entries");
        assertEquals(":1", redis.command("SADD", RedisKeys.ROOMS, room));

        long delete = stored(done(log.change(epoch, new MessageChange.Delete("a", secret, false, null), RULES, now + 3)));
        assertEquals(0, redisValuesContaining("secret"));

        node(50, true); // its archiver finds the room, archives the delete, and claims what the dead node left
        await(() -> archived(secret).map(Message::deleted).orElse(false), "the delete archived");
        await(() -> archived(other).isPresent(), "the dead node's entries claimed and archived");
        await(() -> {
            try {
                return pending() == 0;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "nothing left pending: the deleted entries left the dead node's list");
        Message deleted = archived(secret).orElseThrow();
        assertTrue(deleted.deleted());
        assertNull(deleted.text());
        assertEquals("a", deleted.uid(), "in its place, with its author");
        assertEquals("other", archived(other).orElseThrow().text());
        assertEquals(0, archivedRowsContaining("secret"), "the archive never had the text");
        assertEquals(List.of(secret, edit, other, delete), archive.after(room, 0, 100).stream().map(e -> e.id()).toList(),
                "every id of the sequence is in the archive, the deleted edit too");
    }

    @Test
    void aMessageOlderThanTheStreamIsEditedAndDeletedAgainstTheArchive() throws Exception {
        RoomLog log = node(3, true).open(room);
        String epoch = log.join(new Listed("a", "a-nick", false)).epoch();
        long now = System.currentTimeMillis();
        long first = stored(done(log.post(epoch, "a", "a-nick", "secret one", null, now, false)));
        long second = stored(done(log.post(epoch, "a", "a-nick", "secret two", null, now, false)));
        long third = stored(done(log.post(epoch, "b", "b-nick", "newer", null, now, false)));
        await(() -> markAtLeast(third), "the first two archived and marked so");
        for (int i = 0; i < 2; i++) {
            stored(done(log.post(epoch, "b", "b-nick", "newer " + i, null, now, false)));
        }
        assertEquals(0, redisValuesContaining("secret"), "trimmed from the stream (history 3): in the archive only");

        assertEquals(new PostOutcome.Refused(Verdict.FORBIDDEN),
                done(log.change(epoch, new MessageChange.Edit("b", first, "not mine", null), RULES, now)));
        stored(done(log.change(epoch, new MessageChange.Edit("a", first, "secret one, edited", null), RULES, now + 1)));
        stored(done(log.change(epoch, new MessageChange.Delete("a", second, false, null), RULES, now + 2)));
        assertEquals(new PostOutcome.Refused(Verdict.NOT_FOUND),
                done(log.change(epoch, new MessageChange.Delete("m", second, true, null), RULES, now + 3)),
                "deleted already, though the archive may not have the delete yet");
        await(() -> archived(second).map(Message::deleted).orElse(false), "the delete archived");
        await(() -> archived(first).map(m -> "secret one, edited".equals(m.text())).orElse(false), "the edit archived");
        assertEquals(new PostOutcome.Refused(Verdict.NOT_FOUND),
                done(log.change(epoch, new MessageChange.Edit("a", second, "back", null), RULES, now + 4)));
        assertEquals(0, archivedRowsContaining("secret two"));
    }

    private boolean markAtLeast(long id) {
        try {
            String mark = redis.get(RedisKeys.of(room).archived());
            return mark != null && Long.parseLong(mark) >= id;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
