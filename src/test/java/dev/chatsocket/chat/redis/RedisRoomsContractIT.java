package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.ModerationOutcome;
import dev.chatsocket.chat.room.Moderator;
import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.moderation.MessageChanges.Verdict;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.Listed;
import dev.chatsocket.chat.room.LogListener;
import dev.chatsocket.chat.room.MessageChange;
import dev.chatsocket.chat.room.OlderPage;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PostOutcome;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.room.RoomLog;
import dev.chatsocket.chat.room.FakeSession;
import dev.chatsocket.chat.room.Member;
import dev.chatsocket.chat.room.Resume;
import dev.chatsocket.chat.room.Room;
import dev.chatsocket.chat.room.RoomBackend;
import dev.chatsocket.chat.room.RoomBackendContract;
import dev.chatsocket.chat.room.Rooms;
import dev.chatsocket.chat.room.TextFrames;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real redis-server keeps rooms as the contract says; one server for the class. Two backends on
 * it are two nodes (each its own node id, connection and stream reader): a person connected through
 * both is one member, who leaves only when neither holds them, and a ref resent through the other
 * node is acked with its first id.
 */
class RedisRoomsContractIT extends RoomBackendContract {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static RedisServer redis;
    private static RedisRooms nodeA;
    private static RedisRooms nodeB;
    /** Two more nodes with room for a few changes in the live window (the contract's history is 3). */
    private static final RoomLimits ROOMY = new RoomLimits(50, 100, 10, Duration.ofMinutes(10));
    private static RedisRooms roomyA;
    private static RedisRooms roomyB;
    private static final MessageChanges RULES = new MessageChanges(Duration.ofMinutes(15));

    @BeforeAll
    static void start() throws IOException {
        redis = RedisServer.start(false);
        RedisSettings settings = new RedisSettings(redis.url(), Duration.ofSeconds(2), Duration.ofSeconds(15), 1000);
        nodeA = RedisRooms.start(settings, LIMITS, DEDUPE);
        nodeB = RedisRooms.start(settings, LIMITS, DEDUPE);
        roomyA = RedisRooms.start(settings, ROOMY, DEDUPE);
        roomyB = RedisRooms.start(settings, ROOMY, DEDUPE);
    }

    @AfterAll
    static void stop() {
        for (RedisRooms node : new RedisRooms[]{nodeA, nodeB, roomyA, roomyB}) {
            if (node != null) {
                node.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected RoomBackend backend() {
        return nodeA;
    }

    private final String room = "nodes-" + UUID.randomUUID().toString().substring(0, 8);
    private final Rooms onA = new Rooms(nodeA, new TextFrames(), LIMITS, RoomBackendContract.CHANGES, Duration.ZERO, System::currentTimeMillis);
    private final Rooms onB = new Rooms(nodeB, new TextFrames(), LIMITS, RoomBackendContract.CHANGES, Duration.ZERO, System::currentTimeMillis);

    private record Connected(Member member, FakeSession session, Room room, List<String> greeting) {
    }

    private Connected join(Rooms node, String uid, String name, boolean verified) throws InterruptedException {
        FakeSession session = new FakeSession(name);
        Member member = new Member(uid, uid + "-nick", verified, Member.Self.NONE, session);
        Rooms.JoinResult joined = node.join(room, member, Resume.FROM_START);
        assertTrue(joined.room() != null, joined.refusal());
        return new Connected(member, session, joined.room(), session.take(2, WAIT));
    }

    @Test
    void aPersonOnTwoNodesIsOneMemberWhoLeavesWhenNeitherHoldsThem() throws InterruptedException {
        Connected a = join(onA, "a", "a", false);
        Connected pOnA = join(onA, "p", "p-on-a", true);
        assertEquals(List.of("presence join p:p-nick(v)"), a.session().take(1, WAIT));
        Connected pOnB = join(onB, "p", "p-on-b", true);
        assertTrue(pOnB.greeting().get(0).contains("[a:a-nick,p:p-nick(v)] "),
                "listed once, verified as the store keeps it: " + pOnB.greeting());

        pOnA.room().leave(pOnA.member());
        a.room().post(a.member(), "marker", "m1");
        assertEquals(List.of("ack m1 1", "message 1 a:a-nick marker"), a.session().take(2, WAIT),
                "no join for the second node, no leave while the other node holds the person");
        assertEquals(List.of("message 1 a:a-nick marker"), pOnB.session().take(1, WAIT));

        pOnB.room().leave(pOnB.member());
        assertEquals(List.of("presence leave p:p-nick"), a.session().take(1, WAIT));
        Connected c = join(onB, "c", "c", false);
        assertTrue(c.greeting().get(0).contains("[a:a-nick,c:c-nick] "), c.greeting().toString());
    }

    @Test
    void aKickOrBanTakenOnOneNodeClosesThePersonOnTheOtherAndTheMuteHoldsThere() throws Exception {
        Connected a = join(onA, "a", "a", false);
        Connected g = join(onB, "g", "g", false);
        Connected h = join(onB, "h", "h", false);
        a.session().take(2, WAIT);
        g.session().take(1, WAIT);
        assertEquals(ModerationOutcome.DONE, moderate(ModerationRequest.Action.MUTE, "h", 0));
        assertEquals(List.of("moderation mute h by site"), h.session().take(1, WAIT));
        assertEquals(List.of("moderation mute h by site"), a.session().take(1, WAIT));
        assertEquals(List.of("moderation mute h by site"), g.session().take(1, WAIT));
        h.room().post(h.member(), "hi", "r1");
        assertEquals(List.of("error muted r1"), h.session().take(1, WAIT), "the mute holds on the node that did not take it");

        assertEquals(ModerationOutcome.DONE, moderate(ModerationRequest.Action.BAN, "g", 0));
        assertEquals(List.of("moderation ban g by site"), g.session().take(1, WAIT));
        assertEquals(Room.REMOVED, g.session().closeCode());
        assertEquals(List.of("moderation ban g by site", "presence leave g:g-nick"), a.session().take(2, WAIT),
                "the leave comes at once, with no grace");
        assertTrue(nodeB.ban(room, "g", System.currentTimeMillis()).isPresent(), "every node reads the ban");
    }

    /** Through node A, where nobody in the test's room was listed before, as an API key would. */
    private ModerationOutcome moderate(ModerationRequest.Action action, String uid, long seconds) throws Exception {
        return onA.moderate(room, Moderator.apiKey("site"), new ModerationRequest(action, uid, seconds, ""))
                .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aGuestCannotTakeTheNameOfAVerifiedPersonConnectedToTheOtherNode() throws InterruptedException {
        Connected vera = join(onA, "v", "vera", true);
        Connected guest = join(onB, "g", "guest", false);
        vera.session().take(1, WAIT);
        guest.room().rename(guest.member(), "V-NICK");
        assertEquals(List.of("error nick-taken null"), guest.session().take(1, WAIT), "the name is taken, on the other node");
        guest.room().rename(guest.member(), "gil");
        assertEquals(List.of("presence nick g:gil"), vera.session().take(1, WAIT));

        vera.room().leave(vera.member());
        assertEquals(List.of("presence nick g:gil", "presence leave v:v-nick"), guest.session().take(2, WAIT));
        guest.room().rename(guest.member(), "v-nick");
        assertEquals(List.of("presence nick g:v-nick"), guest.session().take(1, WAIT), "free once its owner left");
    }

    @Test
    void aRefResentThroughTheOtherNodeIsAckedThereWithItsFirstIdAndStoredOnce() throws InterruptedException {
        Connected a = join(onA, "a", "a", false);
        Connected pOnA = join(onA, "p", "p-on-a", false);
        a.session().take(1, WAIT);
        pOnA.room().post(pOnA.member(), "once", "r1");
        assertEquals(List.of("ack r1 1", "message 1 p:p-nick once"), pOnA.session().take(2, WAIT));
        pOnA.room().leave(pOnA.member()); // moves to the other node

        Connected pOnB = join(onB, "p", "p-on-b", false);
        pOnB.room().post(pOnB.member(), "once", "r1");
        assertEquals(List.of("ack r1 1"), pOnB.session().take(1, WAIT));
        pOnB.room().post(pOnB.member(), "next", "r2");
        assertEquals(List.of("ack r2 2", "message 2 p:p-nick next"), pOnB.session().take(2, WAIT));
        List<String> seenOnA = new ArrayList<>();
        while (!seenOnA.contains("message 2 p:p-nick next")) {
            seenOnA.addAll(a.session().take(1, WAIT));
        }
        assertEquals(List.of("message 1 p:p-nick once", "message 2 p:p-nick next"),
                seenOnA.stream().filter(f -> f.startsWith("message")).toList(), "the resend reached nobody");
        assertEquals(List.of("once", "next"), onB.recent(room, 10).stream().map(ChatMessage::text).toList());
    }

    private static <T> T done(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<Entry> withoutPresence(List<Entry> entries) {
        return entries.stream().filter(e -> !(e instanceof Entry.Presence)).toList();
    }

    private String keysOfTheRoom() {
        return "chatsocket:{" + room + "}:*";
    }

    @Test
    void anEditShowsInEveryReadAndOnlyItsAuthorWithinTheWindowMakesIt() throws Exception {
        RoomLog log = roomyA.open(room);
        String epoch = log.join(new Listed("a", "a-nick", false)).epoch();
        long now = System.currentTimeMillis();
        assertEquals(new PostOutcome.Stored(1), done(log.post(epoch, "a", "a-nick", "tpyo", "p1", now, false)));

        assertEquals(new PostOutcome.Refused(Verdict.FORBIDDEN),
                done(log.change(epoch, new MessageChange.Edit("b", 1, "mine now", "x1"), RULES, now)), "another's message");
        assertEquals(new PostOutcome.Refused(Verdict.TOO_LATE), done(log.change(epoch,
                new MessageChange.Edit("a", 1, "late", "x2"), RULES, now + Duration.ofMinutes(16).toMillis())));
        assertEquals(new PostOutcome.Stored(2), done(log.change(epoch, new MessageChange.Edit("a", 1, "typo", "e1"), RULES, now + 1)));
        assertEquals(new PostOutcome.Duplicate(2), done(log.change(epoch, new MessageChange.Edit("a", 1, "typo", "e1"), RULES, now + 2)),
                "a resent ref is stored once");
        assertEquals(new PostOutcome.Refused(Verdict.NOT_FOUND),
                done(log.change(epoch, new MessageChange.Edit("a", 2, "an edit", "x3"), RULES, now)), "an edit is no message");
        assertEquals(new PostOutcome.Refused(Verdict.NOT_FOUND),
                done(log.change(epoch, new MessageChange.Edit("a", 99, "never posted", "x4"), RULES, now)));
        assertEquals(new PostOutcome.EpochLost(),
                done(log.change("another-epoch", new MessageChange.Edit("a", 1, "lost", "x5"), RULES, now)));

        ChatMessage current = new ChatMessage(1, room, "a", "a-nick", "typo", now, now + 1, false, false);
        assertEquals(List.of(new Entry.Posted(Position.ofMessage(1), current, "p1"),
                        new Entry.Edited(Position.ofMessage(2), 1, "a", "typo", now + 1, "e1")),
                withoutPresence(log.range(Position.ZERO, log.end())));
        assertEquals(List.of(current), log.recent(10));
        assertEquals(new OlderPage(List.of(current), false), log.older(3, 10));
    }

    @Test
    void aDeleteTakesEveryTextOfTheMessageOutOfRedisAndLeavesItDeletedInItsPlace() throws Exception {
        RoomLog log = roomyA.open(room);
        String epoch = log.join(new Listed("a", "a-nick", false)).epoch();
        long now = System.currentTimeMillis();
        done(log.post(epoch, "a", "a-nick", "secret one", "p1", now, false));
        done(log.post(epoch, "b", "b-nick", "other", null, now, false));
        done(log.change(epoch, new MessageChange.Edit("a", 1, "secret two", "e1"), RULES, now + 1));
        assertTrue(redis.valuesContaining(keysOfTheRoom(), "secret") > 0);

        assertEquals(new PostOutcome.Refused(Verdict.FORBIDDEN),
                done(log.change(epoch, new MessageChange.Delete("b", 1, false, "x1"), RULES, now)), "not a moderator");
        assertEquals(new PostOutcome.Stored(4), done(log.change(epoch, new MessageChange.Delete("m", 1, true, "d1"), RULES, now + 2)));
        assertEquals(0, redis.valuesContaining(keysOfTheRoom(), "secret"), "no text of it is left in Redis");
        assertEquals(new PostOutcome.Duplicate(4), done(log.change(epoch, new MessageChange.Delete("m", 1, true, "d1"), RULES, now + 3)));
        assertEquals(new PostOutcome.Refused(Verdict.NOT_FOUND),
                done(log.change(epoch, new MessageChange.Delete("a", 1, false, "x2"), RULES, now)), "deleted already");
        assertEquals(new PostOutcome.Refused(Verdict.NOT_FOUND),
                done(log.change(epoch, new MessageChange.Edit("a", 1, "back", "x3"), RULES, now)));

        ChatMessage deleted = new ChatMessage(1, room, "a", "a-nick", null, now, now + 1, true, false);
        ChatMessage other = new ChatMessage(2, room, "b", "b-nick", "other", now);
        assertEquals(List.of(new Entry.Posted(Position.ofMessage(1), deleted, "p1"),
                        new Entry.Posted(Position.ofMessage(2), other, null),
                        new Entry.Edited(Position.ofMessage(3), 1, "a", null, now + 1, "e1"),
                        new Entry.Deleted(Position.ofMessage(4), 1, "m", now + 2, "d1")),
                withoutPresence(log.range(Position.ZERO, log.end())));
        assertEquals(List.of(deleted, other), log.recent(10));
        assertEquals(new OlderPage(List.of(deleted, other), false), log.older(5, 10));
        assertEquals(new OlderPage(List.of(other), true), log.older(5, 1), "the deleted message is an older one still");
        assertEquals(1, log.firstRetained(4), "the deleted message keeps its place");
    }

    @Test
    void aNodeThatWasBehindGetsTheDeletedMessageInItsPlaceAndNoGap() throws Exception {
        RoomLog onA = roomyA.open(room);
        String epoch = onA.join(new Listed("a", "a-nick", false)).epoch();
        long now = System.currentTimeMillis();
        done(onA.post(epoch, "a", "a-nick", "gone soon", null, now, false));
        done(onA.post(epoch, "a", "a-nick", "stays", null, now, false));
        done(onA.change(epoch, new MessageChange.Edit("a", 1, "gone too", null), RULES, now));
        done(onA.change(epoch, new MessageChange.Delete("a", 1, false, null), RULES, now));

        RoomLog onB = roomyB.open(room);
        List<Entry> delivered = new CopyOnWriteArrayList<>();
        LogListener behind = new LogListener() {
            private volatile Position at = Position.ZERO;

            @Override
            public Position position() {
                return at;
            }

            @Override
            public void deliver(List<Entry> entries) {
                delivered.addAll(entries);
                at = entries.get(entries.size() - 1).position();
            }

            @Override
            public void heartbeat() {
            }

            @Override
            public void typing(String uid, String nick) {
            }
        };
        onB.watch(behind);
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (withoutPresence(delivered).size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            onB.forget(behind);
        }
        List<Entry> messages = withoutPresence(delivered);
        assertEquals(List.of(1L, 2L, 3L, 4L), messages.stream().map(e -> e.position().major()).toList(), "every id, in order");
        assertTrue(((Entry.Posted) messages.get(0)).message().deleted());
        assertNull(((Entry.Edited) messages.get(2)).text());
    }

    @Test
    void editsWithoutPostsAreCutAtTheStreamCapAndTheRecordsOfTheirMessageWithIt() throws Exception {
        RoomLog log = nodeA.open(room); // history 3: a cap of 100 entries
        String epoch = log.join(new Listed("a", "a-nick", false)).epoch();
        long now = System.currentTimeMillis();
        done(log.post(epoch, "a", "a-nick", "edited often", null, now, false));
        for (int i = 0; i < 100; i++) {
            stored(done(log.change(epoch, new MessageChange.Edit("a", 1, "version " + i, null), RULES, now)));
        }
        assertEquals(":100", redis.command("XLEN", "chatsocket:{" + room + "}:stream"), "the cap, LIMITS.logCap()");
        assertEquals(":0", redis.command("ZCARD", "chatsocket:{" + room + "}:edits"),
                "the message was cut with the cap: its current text went with it");
        assertEquals(0, redis.valuesContaining(keysOfTheRoom(), "edited often"), "the oldest entry, the message, was cut");
        assertEquals(new PostOutcome.Refused(Verdict.NOT_FOUND),
                done(log.change(epoch, new MessageChange.Edit("a", 1, "once more", null), RULES, now)), "out of the window");
    }

    private static long stored(PostOutcome outcome) {
        assertTrue(outcome instanceof PostOutcome.Stored, outcome.toString());
        return ((PostOutcome.Stored) outcome).id();
    }

    @Test
    void whatTheRoomIssuesAfterAChangeIsAppendedAfterIt() throws Exception {
        RoomLog log = roomyA.open(room);
        String epoch = log.join(new Listed("a", "a-nick", false)).epoch();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 10; i++) {
            long id = stored(done(log.post(epoch, "a", "a-nick", "m" + i, null, now, false)));
            CompletionStage<PostOutcome> edit = log.change(epoch, new MessageChange.Edit("a", id, "edited", null), RULES, now);
            CompletionStage<PostOutcome> next = log.post(epoch, "a", "a-nick", "after " + i, null, now, false);
            CompletionStage<Void> rename = log.rename("a", "a" + i);
            CompletionStage<PostOutcome> delete = log.change(epoch, new MessageChange.Delete("a", id, false, null), RULES, now);
            CompletionStage<PostOutcome> last = log.post(epoch, "a", "a-nick", "last " + i, null, now, false);
            assertEquals(List.of(new PostOutcome.Stored(id + 1), new PostOutcome.Stored(id + 2),
                    new PostOutcome.Stored(id + 3), new PostOutcome.Stored(id + 4)),
                    List.of(done(edit), done(next), done(delete), done(last)), "in the order issued");
            done(rename);
        }
    }

    @Test
    void twoDeletesOfOneMessageOnTwoNodesAtOnceStoreOne() throws Exception {
        RoomLog onA = roomyA.open(room);
        RoomLog onB = roomyB.open(room);
        String epoch = onA.join(new Listed("a", "a-nick", false)).epoch();
        long now = System.currentTimeMillis();
        for (int i = 1; i <= 10; i++) {
            long id = ((PostOutcome.Stored) done(onA.post(epoch, "a", "a-nick", "m" + i, null, now, false))).id();
            CompletableFuture<PostOutcome> first = onA.change(epoch, new MessageChange.Delete("a", id, false, null), RULES, now).toCompletableFuture();
            CompletableFuture<PostOutcome> second = onB.change(epoch, new MessageChange.Delete("m", id, true, null), RULES, now).toCompletableFuture();
            List<PostOutcome> outcomes = List.of(done(first), done(second));
            assertEquals(1, outcomes.stream().filter(o -> o instanceof PostOutcome.Stored).count(), outcomes.toString());
            assertTrue(outcomes.contains(new PostOutcome.Refused(Verdict.NOT_FOUND)), outcomes.toString());
        }
    }

    @Test
    void withoutAnArchiveAMessageTrimmedFromTheStreamIsNotFoundAndTheDeletedRecordsGoWithTheTrim() throws Exception {
        RoomLog log = nodeA.open(room); // history 3
        String epoch = log.join(new Listed("a", "a-nick", false)).epoch();
        long now = System.currentTimeMillis();
        done(log.post(epoch, "a", "a-nick", "one", null, now, false));
        done(log.post(epoch, "a", "a-nick", "two", null, now, false));
        done(log.change(epoch, new MessageChange.Edit("a", 1, "one, edited", null), RULES, now));
        done(log.change(epoch, new MessageChange.Delete("a", 2, false, null), RULES, now));
        assertEquals(":1", redis.command("ZCARD", "chatsocket:{" + room + "}:gone"));
        assertEquals(":1", redis.command("ZCARD", "chatsocket:{" + room + "}:edits"));
        for (int i = 0; i < 3; i++) {
            done(log.post(epoch, "a", "a-nick", "more", null, now, false));
        }
        assertEquals(":0", redis.command("ZCARD", "chatsocket:{" + room + "}:gone"), "trimmed with the stream: bounded by it");
        assertEquals(":0", redis.command("ZCARD", "chatsocket:{" + room + "}:edits"), "likewise");
        assertEquals(":3", redis.command("LLEN", "chatsocket:{" + room + "}:window"), "the history size");
        assertEquals(new PostOutcome.Refused(Verdict.NOT_FOUND),
                done(log.change(epoch, new MessageChange.Edit("a", 1, "trimmed", null), RULES, now)));
        assertEquals(new PostOutcome.Refused(Verdict.NOT_FOUND),
                done(log.change(epoch, new MessageChange.Delete("a", 1, false, null), RULES, now)));
    }
}
