package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.ws.CloseCodes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The room's rules, against a log whose deliveries and worker the test steps by hand, so that
 * every interleaving a shared store allows (the reader delivering while a member joins, a store
 * that lost its history, one that is down) is played in a fixed order. Frames read as
 * {@link TextFrames} lines. History size 3, at most 3 connections, a presence grace of 5 s on a
 * clock the test moves ({@link #passGrace}), graces ended by calling {@link Room#releaseDeparted}.
 */
class RoomTest {
    private final FakeLog log = new FakeLog("lobby", 3);
    private final ManualWorker worker = new ManualWorker(log, 100);
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final RoomLimits LIMITS = new RoomLimits(3, 10, 3, Duration.ofMinutes(1));
    private static final MessageChanges CHANGES = new MessageChanges(Duration.ofMinutes(15));
    private final Room room = new Room("lobby", log, worker, new TextFrames(), LIMITS, CHANGES, GRACE, clock::get);
    /** The newest connection of each uid. */
    private final Map<String, Member> members = new HashMap<>();

    private FakeSession join(String uid, Resume resume) {
        return join(uid, resume, new FakeSession(uid));
    }

    private FakeSession join(String uid, Resume resume, FakeSession session) {
        Member member = new Member(uid, uid + "-nick", session);
        members.put(uid, member);
        assertEquals(Room.Joined.JOINED, room.join(member, resume));
        worker.runAll();
        return session;
    }

    /** Another connection (a tab, a device) of {@code uid}, joined and delivered to. */
    private Member tab(String uid, String name) {
        Member member = new Member(uid, uid + "-nick", new FakeSession(name));
        assertEquals(Room.Joined.JOINED, room.join(member, Resume.FROM_START));
        worker.runAll();
        log.deliver();
        return member;
    }

    private static FakeSession session(Member member) {
        return (FakeSession) member.session();
    }

    /** The connection goes; what the room asks of the log meanwhile is done and delivered. */
    private void close(Member member) {
        room.leave(member);
        worker.runAll();
        log.deliver();
    }

    /** Moves the clock by {@code by} and lets the room end the graces that are over. */
    private void passGrace(Duration by) {
        room.releaseDeparted(clock.addAndGet(by.toMillis()));
        worker.runAll();
        log.deliver();
    }

    private void post(String uid, String text, String ref) {
        room.post(members.get(uid), text, ref);
        log.deliver();
    }

    @Test
    void aNewcomerGetsWelcomeThenHistoryAndTheOthersAPresenceJoin() {
        FakeSession a = join("a", Resume.FROM_START);
        assertEquals(List.of("welcome a as a-nick [a:a-nick] epoch e1", "history [] recovered"), a.take());

        FakeSession b = join("b", Resume.FROM_START);
        log.deliver();
        assertEquals(List.of("welcome b as b-nick [a:a-nick,b:b-nick] epoch e1", "history [] recovered"), b.take());
        assertEquals(List.of("presence join b:b-nick"), a.take());
    }

    @Test
    void theSenderGetsItsAckJustBeforeTheMessageWhichEveryoneGetsOnlyOnceStored() {
        FakeSession a = join("a", Resume.FROM_START);
        FakeSession b = join("b", Resume.FROM_START);
        log.deliver();
        a.take();
        b.take();

        room.post(members.get("a"), "hi", "r1");
        assertEquals(List.of(), a.take(), "nothing before the log delivers the stored message");
        log.deliver();
        assertEquals(List.of("ack r1 1", "message 1 a:a-nick hi"), a.take());
        assertEquals(List.of("message 1 a:a-nick hi"), b.take());
    }

    @Test
    void aResentRefIsAckedWithTheFirstIdAndNotBroadcastAgain() {
        FakeSession a = join("a", Resume.FROM_START);
        FakeSession b = join("b", Resume.FROM_START);
        log.deliver();
        post("a", "hi", "r1");
        a.take();
        b.take();

        post("a", "hi", "r1");
        assertEquals(List.of("ack r1 1"), a.take());
        assertEquals(List.of(), b.take());
    }

    @Test
    void resumingInTheSameEpochGetsWhatWasMissedAndWhetherNothingWasTrimmed() {
        join("a", Resume.FROM_START);
        for (int i = 1; i <= 5; i++) {
            post("a", "m" + i, null);
        }
        // History size 3: messages 1 and 2 are gone.
        assertEquals(List.of("welcome b as b-nick [a:a-nick,b:b-nick] epoch e1", "history [4,5] recovered"),
                join("b", new Resume(3, "e1")).take());
        assertEquals("history [3,4,5] not recovered", join("c", new Resume(1, "e1")).take().get(1),
                "message 2 was trimmed: the gap cannot be filled");
    }

    @Test
    void resumingFromAnotherEpochGetsTheWholeWindowAndIsNeverRecovered() {
        join("a", Resume.FROM_START);
        post("a", "m1", null);
        assertEquals("history [1] not recovered", join("b", new Resume(1, "old-epoch")).take().get(1));
    }

    @Test
    void aMessageStoredWhileAMemberJoinsReachesItExactlyOnceInItsHistory() {
        FakeSession a = join("a", Resume.FROM_START);
        post("a", "before", null);
        // While the newcomer reads the log, another node's member posts and this node delivers it.
        log.whenRangeIsRead(() -> {
            log.appendMessage("x", "xena", "during", null);
            log.deliver();
        });
        FakeSession b = join("b", Resume.FROM_START);
        log.deliver();
        assertEquals(List.of("welcome b as b-nick [a:a-nick,b:b-nick] epoch e1", "history [1,2] recovered"), b.take());
        post("a", "after", null);
        assertEquals(List.of("message 3 a:a-nick after"), b.take());
        assertEquals(List.of("presence join b:b-nick", "message 2 x:xena during", "ack null 3", "message 3 a:a-nick after"),
                a.take().subList(4, 8), "the member already in gets it live, once, in log order");
    }

    @Test
    void aMessageStoredAfterTheJoinReadTheLogReachesTheNewcomerLive() {
        join("a", Resume.FROM_START);
        // The second read is the member list's: the message lands after the history was read.
        log.whenRangeIsRead(() -> {
        });
        log.whenRangeIsRead(() -> log.appendMessage("x", "xena", "late", null));
        FakeSession b = join("b", Resume.FROM_START);
        assertEquals("history [] recovered", b.take().get(1));
        log.deliver();
        assertEquals(List.of("message 1 x:xena late"), b.take(), "live, once");
    }

    @Test
    void aMemberWelcomedBeforeItsJoinWasDeliveredIsNotToldAgainWhoItsListHas() {
        FakeSession a = join("a", Resume.FROM_START);
        FakeSession b = join("b", Resume.FROM_START);
        FakeSession c = join("c", Resume.FROM_START);
        assertEquals("welcome c as c-nick [a:a-nick,b:b-nick,c:c-nick] epoch e1", c.take().get(0));
        log.deliver();
        assertEquals(List.of("presence join b:b-nick", "presence join c:c-nick"), a.take().subList(2, 4));
        assertEquals(List.of("presence join c:c-nick"), b.take().subList(2, 3));
        assertEquals(List.of(), c.take(), "both joins are in its welcome already");
    }

    @Test
    void renamesAndLeavesReachTheOthers() {
        FakeSession a = join("a", Resume.FROM_START);
        FakeSession b = join("b", Resume.FROM_START);
        log.deliver();
        a.take();
        b.take();

        room.rename(members.get("b"), "bob");
        log.deliver();
        assertEquals(List.of("presence nick b:bob"), a.take());
        assertEquals(List.of("presence nick b:bob"), b.take());

        close(members.get("b"));
        assertEquals(List.of(), a.take(), "not before the grace is over");
        passGrace(GRACE);
        assertEquals(List.of("presence leave b:bob"), a.take());
        assertEquals(List.of(), b.take());
        assertEquals(List.of("a"), log.listed());
    }

    @Test
    void aVerifiedNickIsLockedAndAGuestCannotTakeItIgnoringCase() {
        FakeSession v = new FakeSession("v");
        Member verified = new Member("v", "Vera", true, Member.Self.NONE, v);
        members.put("v", verified);
        assertEquals(Room.Joined.JOINED, room.join(verified, Resume.FROM_START));
        worker.runAll();
        FakeSession g = join("g", Resume.FROM_START);
        log.deliver();
        assertEquals(List.of("welcome v as Vera [v:Vera(v)] epoch e1", "history [] recovered", "presence join g:g-nick"),
                v.take());
        assertEquals("welcome g as g-nick [v:Vera(v),g:g-nick] epoch e1", g.take().get(0),
                "the members listed say who is verified");
        FakeSession w = new FakeSession("w");
        room.join(new Member("w", "Wes", true, Member.Self.NONE, w), Resume.FROM_START);
        worker.runAll();
        log.deliver();
        assertEquals(List.of("presence join w:Wes(v)"), v.take(), "and so does a join");
        g.take();

        room.rename(verified, "Other");
        log.deliver();
        assertEquals(List.of("error nick-locked null"), v.take());
        room.rename(members.get("g"), "vera");
        log.deliver();
        assertEquals(List.of("error nick-taken null"), g.take());
        assertEquals(List.of(), v.take(), "a refused rename is not shared");
        room.rename(members.get("g"), "gil");
        log.deliver();
        assertEquals(List.of("presence nick g:gil"), g.take());
        assertEquals(List.of("presence nick g:gil"), v.take());
        assertEquals(List.of(new Listed("v", "Vera", true), new Listed("g", "gil", false), new Listed("w", "Wes", true)),
                heartbeat(), "the store keeps the flag");
    }

    private List<Listed> heartbeat() {
        room.heartbeat();
        return log.lastHeartbeat();
    }

    @Test
    void twoTabsOfOnePersonAreOneMemberAndBothGetEverything() {
        FakeSession a = join("a", Resume.FROM_START);
        Member b1 = tab("b", "b1");
        post("a", "before", null);
        a.take();
        Member b2 = tab("b", "b2");
        assertEquals(List.of("welcome b as b-nick [a:a-nick,b:b-nick] epoch e1", "history [1] recovered"),
                session(b2).take(), "listed once, and the same welcome and history as any newcomer");
        assertEquals(List.of(), a.take(), "a second tab is no join");
        assertEquals(List.of("a", "b"), log.listed());
        assertEquals(3, room.memberCount(), "connections count against the room's limit");

        post("a", "hi", "r1");
        assertEquals(List.of("message 2 a:a-nick hi"), session(b2).take());
        assertEquals(List.of("message 1 a:a-nick before", "message 2 a:a-nick hi"), session(b1).take().subList(2, 4));
        assertEquals(List.of(new Listed("a", "a-nick", false), new Listed("b", "b-nick", false)), heartbeat());
    }

    @Test
    void theAckGoesToTheConnectionThatPostedOnly() {
        FakeSession a = join("a", Resume.FROM_START);
        Member b1 = tab("b", "b1");
        Member b2 = tab("b", "b2");
        a.take();
        session(b1).take();
        session(b2).take();

        room.post(b1, "from one", "r1");
        room.post(b2, "from two", null);
        log.deliver();
        assertEquals(List.of("ack r1 1", "message 1 b:b-nick from one", "message 2 b:b-nick from two"), session(b1).take());
        assertEquals(List.of("message 1 b:b-nick from one", "ack null 2", "message 2 b:b-nick from two"), session(b2).take());
        assertEquals(List.of("message 1 b:b-nick from one", "message 2 b:b-nick from two"), a.take());
    }

    @Test
    void aResendFromAnotherConnectionIsAckedWithTheFirstIdAndNothingElse() {
        FakeSession a = join("a", Resume.FROM_START);
        Member b1 = tab("b", "b1");
        Member b2 = tab("b", "b2");
        room.post(b1, "once", "r1");
        log.deliver();
        a.take();
        session(b1).take();
        session(b2).take();

        room.post(b2, "once", "r1");
        log.deliver();
        assertEquals(List.of("ack r1 1"), session(b2).take());
        assertEquals(List.of(), session(b1).take());
        assertEquals(List.of(), a.take());
        assertEquals(List.of(1L), log.recent(10).stream().map(ChatMessage::id).toList(), "stored once");
    }

    @Test
    void thePersonLeavesOnlyWhenTheLastConnectionHasBeenGoneForTheGrace() {
        FakeSession a = join("a", Resume.FROM_START);
        Member b1 = tab("b", "b1");
        Member b2 = tab("b", "b2");
        a.take();

        close(b1);
        passGrace(GRACE.multipliedBy(2));
        assertEquals(List.of(), a.take(), "one tab of two closed: still here");
        close(b2);
        passGrace(GRACE.minusMillis(1));
        assertEquals(List.of(), a.take(), "within the grace");
        assertEquals(List.of("a", "b"), log.listed(), "still listed");
        assertEquals(List.of(new Listed("a", "a-nick", false), new Listed("b", "b-nick", false)), heartbeat(),
                "and kept listed by the heartbeat");
        passGrace(Duration.ofMillis(1));
        assertEquals(List.of("presence leave b:b-nick"), a.take());
        assertEquals(List.of("b"), log.leaves(), "the log is asked once");
        passGrace(GRACE);
        assertEquals(List.of("b"), log.leaves());
        assertEquals(List.of(new Listed("a", "a-nick", false)), heartbeat());
    }

    @Test
    void aReconnectInsideTheGraceSendsNoPresenceAtAllAndKeepsTheNick() {
        FakeSession a = join("a", Resume.FROM_START);
        Member b1 = tab("b", "b1");
        room.rename(b1, "bob");
        log.deliver();
        a.take();

        close(b1);
        passGrace(GRACE.minusSeconds(1));
        Member back = tab("b", "b-again");
        assertEquals("welcome b as bob [a:a-nick,b:bob] epoch e1", session(back).take().get(0),
                "the person's nick, not the one the connection came with");
        passGrace(GRACE.multipliedBy(3));
        post("a", "marker", null);
        assertEquals(List.of("ack null 1", "message 1 a:a-nick marker"), a.take(), "no leave, no join, no rename: only the marker");
        assertEquals(List.of(), log.leaves());
        room.post(back, "still bob", null);
        log.deliver();
        assertEquals("message 2 b:bob still bob", a.take().get(0));
    }

    @Test
    void withNoGraceTheLastConnectionLeavesAtOnce() {
        Room noGrace = new Room("lobby", log, worker, new TextFrames(), LIMITS, CHANGES, Duration.ZERO, clock::get);
        FakeSession a = new FakeSession("a");
        noGrace.join(new Member("a", "a-nick", a), Resume.FROM_START);
        Member b1 = new Member("b", "b-nick", new FakeSession("b1"));
        Member b2 = new Member("b", "b-nick", new FakeSession("b2"));
        noGrace.join(b1, Resume.FROM_START);
        noGrace.join(b2, Resume.FROM_START);
        worker.runAll();
        log.deliver();
        a.take();
        noGrace.leave(b1);
        worker.runAll();
        log.deliver();
        assertEquals(List.of(), a.take());
        noGrace.leave(b2);
        worker.runAll();
        log.deliver();
        assertEquals(List.of("presence leave b:b-nick"), a.take());
    }

    @Test
    void aConnectionThatGoesBeforeItsWelcomeStartsNoGraceOfItsOwn() {
        FakeSession a = join("a", Resume.FROM_START);
        Member b = new Member("b", "b-nick", new FakeSession("b"));
        room.join(b, Resume.FROM_START);
        room.leave(b);
        worker.runAll();
        log.deliver();
        assertEquals(List.of("presence join b:b-nick", "presence leave b:b-nick"), a.take().subList(2, 4),
                "never welcomed here: listed by its join, unlisted right after");
        assertEquals(1, room.memberCount());
    }

    @Test
    void aRoomIsNotIdleWhileSomeoneIsWithinTheirGrace() {
        Member a = tab("a", "a1");
        close(a);
        long now = clock.get();
        assertFalse(room.retireIfIdle(now + Duration.ofHours(1).toMillis()));
        passGrace(GRACE);
        assertTrue(room.retireIfIdle(clock.get() + LIMITS.roomIdleTtl().toMillis()));
    }

    @Test
    void aStoreThatLostItsHistoryClosesThisNodesMembersWith1012() {
        FakeSession a = join("a", Resume.FROM_START);
        FakeSession b = join("b", Resume.FROM_START);
        log.deliver();
        a.take();
        log.loseHistory("e2");

        room.post(members.get("a"), "hi", "r1");
        assertEquals(List.of("error unavailable r1"), a.take(), "not stored, and said so");
        worker.runAll();
        assertEquals(CloseCodes.SERVICE_RESTART, a.closeCode());
        assertEquals(CloseCodes.SERVICE_RESTART, b.closeCode());

        FakeSession c = join("c", new Resume(0, "e1"));
        assertEquals(List.of("welcome c as c-nick [c:c-nick] epoch e2", "history [] not recovered"), c.take());
    }

    @Test
    void aHeartbeatThatFindsAnotherEpochResetsTheRoomToo() {
        FakeSession a = join("a", Resume.FROM_START);
        log.loseHistory("e2");
        room.heartbeat();
        assertEquals(CloseCodes.SERVICE_RESTART, a.closeCode());
    }

    @Test
    void aSlowMemberIsClosedWithoutDisturbingTheOthers() {
        FakeSession a = join("a", Resume.FROM_START);
        FakeSession slow = join("slow", Resume.FROM_START, new FakeSession("slow", 4));
        log.deliver();
        a.take();
        for (int i = 1; i <= 5; i++) {
            post("a", "m" + i, "r" + i);
        }
        assertEquals(CloseCodes.POLICY_VIOLATION, slow.closeCode());
        assertEquals(List.of("welcome slow as slow-nick [a:a-nick,slow:slow-nick] epoch e1", "history [] recovered",
                "message 1 a:a-nick m1", "message 2 a:a-nick m2"), slow.take());
        List<String> got = a.take();
        assertEquals(10, got.size(), got.toString());
        for (int i = 1; i <= 5; i++) {
            assertEquals(List.of("ack r" + i + " " + i, "message " + i + " a:a-nick m" + i), got.subList(2 * i - 2, 2 * i));
        }
        close(members.get("slow"));
        passGrace(GRACE);
        assertEquals(List.of("presence leave slow:slow-nick"), a.take());
    }

    @Test
    void membersOfANodeThatFellAWholeHistoryBehindAreClosedToResumeRatherThanLeftWithAHole() {
        FakeSession a = join("a", Resume.FROM_START);
        post("a", "m1", null);
        a.take();
        for (int i = 2; i <= 6; i++) {
            log.appendMessage("x", "xena", "m" + i, null);
        }
        // History size 3: messages 2 and 3 were trimmed before this node read them.
        log.deliver();
        assertEquals(CloseCodes.SERVICE_RESTART, a.closeCode());
        assertEquals("history [4,5,6] not recovered", join("b", new Resume(1, "e1")).take().get(1),
                "resuming says what was lost");
    }

    @Test
    void aStoreThatIsDownRefusesJoinsWith1013AndPostsWithAnError() {
        FakeSession a = join("a", Resume.FROM_START);
        a.take();
        log.down(true);
        FakeSession b = join("b", Resume.FROM_START);
        assertEquals(List.of("error unavailable null"), b.take());
        assertEquals(CloseCodes.TRY_AGAIN_LATER, b.closeCode());
        assertEquals(1, room.memberCount(), "the refused join holds no place");

        room.post(members.get("a"), "hi", "r1");
        assertEquals(List.of("error unavailable r1"), a.take());
        assertTrue(a.isOpen(), "a member stays connected while the store is down");
    }

    @Test
    void joinsBeyondWhatTheWorkerHoldsAreRefusedAtOnce() {
        Room busy = new Room("lobby", log, new ManualWorker(log, 0), new TextFrames(), LIMITS, CHANGES, GRACE, clock::get);
        FakeSession a = new FakeSession("a");
        assertEquals(Room.Joined.JOINED, busy.join(new Member("a", "ana", a), Resume.FROM_START));
        assertEquals(List.of("error unavailable null"), a.take());
        assertEquals(CloseCodes.TRY_AGAIN_LATER, a.closeCode());
        assertEquals(0, busy.memberCount());
    }

    @Test
    void aFullRoomTakesNoMoreAndJoinsStillWaitingCount() {
        join("a", Resume.FROM_START);
        join("b", Resume.FROM_START);
        assertEquals(Room.Joined.JOINED, room.join(new Member("c", "c", new FakeSession("c")), Resume.FROM_START),
                "waiting for the worker, but counted");
        assertEquals(Room.Joined.FULL, room.join(new Member("d", "d", new FakeSession("d")), Resume.FROM_START));
    }

    @Test
    void anIdleRoomRetiresOnlyAfterTheIdleTimeAndThenTakesNoJoin() {
        join("a", Resume.FROM_START);
        assertFalse(room.retireIfIdle(clock.get() + Duration.ofHours(1).toMillis()), "not while someone is in");
        close(members.get("a"));
        passGrace(GRACE);
        long emptySince = clock.get();
        assertFalse(room.retireIfIdle(emptySince + Duration.ofSeconds(59).toMillis()));
        assertTrue(room.retireIfIdle(emptySince + Duration.ofMinutes(1).toMillis()));
        assertEquals(Room.Joined.RETIRED, room.join(new Member("b", "b", new FakeSession("b")), Resume.FROM_START));
    }

    @Test
    void aBotsPostWithNobodyHereUsesTheLogsEpochAndKeepsTheRoomFromIdlingAway() {
        CompletableFuture<PostOutcome> posted = room.publish("bot:site", "site", "hello", "b1").orElseThrow().toCompletableFuture();
        assertFalse(posted.isDone(), "on the worker");
        worker.runAll();
        assertEquals(new PostOutcome.Stored(1), posted.join());
        clock.addAndGet(Duration.ofSeconds(50).toMillis());
        room.publish("bot:site", "site", "again", "b2");
        worker.runAll();
        assertFalse(room.retireIfIdle(clock.get() + Duration.ofSeconds(30).toMillis()),
                "idle counts from the last post, not from when the room opened");
        FakeSession a = join("a", Resume.FROM_START);
        assertEquals(List.of("welcome a as a-nick [a:a-nick] epoch e1", "history [1,2] recovered"), a.take());
    }

    @Test
    void aBotsPostReachesTheMembersMarkedAndARepeatIsTheFirstId() {
        FakeSession a = join("a", Resume.FROM_START);
        a.take();
        CompletableFuture<PostOutcome> posted = room.publish("bot:site", "site", "hello", "b1").orElseThrow().toCompletableFuture();
        worker.runAll();
        log.deliver();
        assertEquals(new PostOutcome.Stored(1), posted.join());
        assertEquals(List.of("message 1 bot:site:site hello (bot)"), a.take(), "no ack: nobody here sent it");
        CompletableFuture<PostOutcome> again = room.publish("bot:site", "site", "hello", "b1").orElseThrow().toCompletableFuture();
        worker.runAll();
        log.deliver();
        assertEquals(new PostOutcome.Duplicate(1), again.join());
        assertEquals(List.of(), a.take());
    }

    @Test
    void aBotsPostFailsWhenTheStoreIsDownOrTheWorkerFullAndARetiredRoomSendsItElsewhere() {
        log.down(true);
        CompletableFuture<PostOutcome> down = room.publish("bot:site", "site", "hello", null).orElseThrow().toCompletableFuture();
        worker.runAll();
        assertTrue(down.isCompletedExceptionally());
        Room busy = new Room("lobby", log, new ManualWorker(log, 0), new TextFrames(), LIMITS, CHANGES, GRACE, clock::get);
        assertTrue(busy.publish("bot:site", "site", "hello", null).orElseThrow().toCompletableFuture().isCompletedExceptionally());
        assertTrue(busy.retireIfIdle(clock.get() + Duration.ofHours(1).toMillis()));
        assertTrue(busy.publish("bot:site", "site", "hello", null).isEmpty(), "the registry looks the room up again");
    }

    @Test
    void membersAndPagesAreReadOnTheWorker() {
        join("a", Resume.FROM_START);
        post("a", "hi", null);
        CompletableFuture<List<Listed>> listed = room.listed().toCompletableFuture();
        CompletableFuture<OlderPage> page = room.page(Long.MAX_VALUE, 10).toCompletableFuture();
        assertFalse(listed.isDone());
        worker.runAll();
        assertEquals(List.of(new Listed("a", "a-nick", false)), listed.join());
        assertEquals(List.of("hi"), page.join().messages().stream().map(ChatMessage::text).toList());
    }

    /** A verified person with {@code roles}, joined and delivered to, its greeting taken. */
    private FakeSession joinAs(String uid, String... roles) {
        FakeSession session = new FakeSession(uid);
        Member member = new Member(uid, uid + "-nick", true, new Member.Self(List.of(roles), null, false), session);
        members.put(uid, member);
        assertEquals(Room.Joined.JOINED, room.join(member, Resume.FROM_START));
        worker.runAll();
        log.deliver();
        session.take();
        return session;
    }

    @Test
    void anEditOrADeleteIsAckedJustBeforeItsBroadcastOnceStoredAndIdsDoNotLookSkipped() {
        FakeSession a = join("a", Resume.FROM_START);
        FakeSession b = join("b", Resume.FROM_START);
        log.deliver();
        post("a", "helo", "p1");
        a.take();
        b.take();

        room.edit(members.get("a"), 1, "hello", "e1");
        assertEquals(List.of(), a.take(), "nothing before the log delivers it");
        log.deliver();
        assertEquals(List.of("ack e1 2", "edit 2 of 1 a hello"), a.take());
        assertEquals(List.of("edit 2 of 1 a hello"), b.take());
        room.delete(members.get("a"), 1, "d1");
        log.deliver();
        assertEquals(List.of("ack d1 3", "delete 3 of 1 by a"), a.take());
        assertEquals(List.of("delete 3 of 1 by a"), b.take());
        post("a", "next", "p2");
        assertEquals(List.of("ack p2 4", "message 4 a:a-nick next"), a.take());
        assertTrue(a.isOpen() && b.isOpen(), "the ids the changes took are no gap");
        assertEquals("history [d3>1,4] recovered", join("c", new Resume(2, "e1")).take().get(1));
        close(members.get("c"));
        assertEquals("history [1x,e2>1:null,d3>1,4] recovered", join("d", Resume.FROM_START).take().get(1),
                "the message in its current state, and the edit's text gone with it");
    }

    @Test
    void refusalsComeAsErrorsWithTheVerdictsCodeAndTheRefToTheSenderAlone() {
        FakeSession a = join("a", Resume.FROM_START);
        FakeSession b = join("b", Resume.FROM_START);
        log.deliver();
        post("a", "helo", "p1");
        a.take();
        b.take();

        room.edit(members.get("b"), 1, "mine", "e1");
        room.delete(members.get("b"), 1, "d1");
        room.edit(members.get("a"), 7, "no such", "e2");
        log.deliver();
        assertEquals(List.of("error forbidden e1", "error forbidden d1"), b.take());
        assertEquals(List.of("error not-found e2"), a.take());
        clock.addAndGet(Duration.ofMinutes(15).toMillis() + 1);
        room.edit(members.get("a"), 1, "too late", "e3");
        assertEquals(List.of("error too-late e3"), a.take());
        assertEquals(List.of(), b.take());
        log.down(true);
        room.delete(members.get("a"), 1, "d2");
        assertEquals(List.of("error unavailable d2"), a.take());
    }

    @Test
    void aModeratorDeletesAnyonesMessageButAnAdminsOnlyAnAdminDoes() {
        FakeSession a = join("a", Resume.FROM_START);
        FakeSession mod = joinAs("mod", "moderator");
        FakeSession boss = joinAs("boss", "admin");
        a.take();
        mod.take();
        post("a", "spam", null); // 1
        room.post(members.get("boss"), "rules", null); // 2
        room.post(members.get("mod"), "hi", null); // 3
        log.deliver();
        mod.take();
        boss.take();

        room.delete(members.get("mod"), 1, "d1");
        worker.runAll(); // a moderator who is not an admin: the author is looked up first
        log.deliver();
        assertEquals(List.of("ack d1 4", "delete 4 of 1 by mod"), mod.take());
        assertEquals(List.of("delete 4 of 1 by mod"), boss.take());
        room.delete(members.get("mod"), 2, "d2");
        worker.runAll();
        log.deliver();
        assertEquals(List.of("error forbidden d2"), mod.take(), "the author of 2 is an admin, connected here");
        room.delete(members.get("boss"), 3, "d3");
        log.deliver();
        assertEquals(List.of("ack d3 5", "delete 5 of 3 by boss"), boss.take());
        room.delete(members.get("a"), 2, "d4");
        List<String> got = a.take();
        assertEquals("error forbidden d4", got.get(got.size() - 1), got.toString());
    }

    @Test
    void anAbsentAuthorsRolesAreUnknownSoTheirMessagesAreAPlainUsers() {
        FakeSession mod = joinAs("mod", "moderator");
        log.appendMessage("boss", "Boss", "an admin's, who is not here", null); // 1
        log.deliver();
        mod.take();
        room.delete(members.get("mod"), 1, "d1");
        worker.runAll();
        log.deliver();
        assertEquals(List.of("ack d1 2", "delete 2 of 1 by mod"), mod.take());
    }

    @Test
    void theApiDeletesWithAModeratorsPowerWithNobodyInTheRoom() {
        log.appendMessage("a", "ana", "hello", null); // 1
        CompletableFuture<PostOutcome> deleted = room.deleteAs("site", 1, "r1").toCompletableFuture();
        assertFalse(deleted.isDone(), "on the worker");
        worker.runAll();
        assertEquals(new PostOutcome.Stored(2), deleted.join());
        CompletableFuture<PostOutcome> again = room.deleteAs("site", 1, "r1").toCompletableFuture();
        CompletableFuture<PostOutcome> other = room.deleteAs("site", 1, "r2").toCompletableFuture();
        worker.runAll();
        assertEquals(new PostOutcome.Duplicate(2), again.join());
        assertEquals(new PostOutcome.Refused(MessageChanges.Verdict.NOT_FOUND), other.join());
        assertEquals("history [1x,d2>1] recovered", join("b", Resume.FROM_START).take().get(1));
    }

    @Test
    void typingGoesToTheOthersOnlyAtMostOnceAPersonPerIntervalAndIsNeverStored() {
        FakeSession a = join("a", Resume.FROM_START);
        Member aTab = tab("a", "a-tab");
        FakeSession b = join("b", Resume.FROM_START);
        log.deliver();
        a.take();
        session(aTab).take();
        b.take();

        room.typing(members.get("a"));
        assertEquals(List.of("typing a:a-nick"), b.take());
        assertEquals(List.of(), a.take(), "not to the typist");
        assertEquals(List.of(), session(aTab).take(), "nor to the typist's other tabs");

        room.typing(aTab);
        clock.addAndGet(2999);
        room.typing(members.get("a"));
        assertEquals(List.of(), b.take(), "one a person per 3 s, whichever tab types");
        clock.addAndGet(1);
        room.typing(aTab);
        assertEquals(List.of("typing a:a-nick"), b.take());
        room.typing(members.get("b"));
        assertEquals(List.of("typing b:b-nick"), a.take(), "people are throttled apart");
        assertEquals(List.of("typing b:b-nick"), session(aTab).take());
        assertEquals(List.of("a", "a", "b"), log.typed(), "what was not passed on never reached the log");

        // Not in the log: a newcomer's history, and a resume, have no typing in them.
        post("b", "hello", "r1");
        assertEquals(List.of(), log.range(Position.ZERO, log.end()).stream()
                .filter(e -> !(e instanceof Entry.Posted) && !(e instanceof Entry.Presence)).toList());
        close(aTab); // room for a newcomer: at most 3 connections
        FakeSession c = join("c", Resume.FROM_START);
        assertEquals(List.of("welcome c as c-nick [a:a-nick,b:b-nick,c:c-nick] epoch e1", "history [1] recovered"),
                c.take());
    }

    @Test
    void aConnectionNotWelcomedYetIsNotHeardTyping() {
        FakeSession a = join("a", Resume.FROM_START);
        a.take();
        Member early = new Member("b", "bo", new FakeSession("b"));
        assertEquals(Room.Joined.JOINED, room.join(early, Resume.FROM_START));
        room.typing(early);
        assertEquals(List.of(), a.take());
        assertEquals(List.of(), log.typed());

        worker.runAll();
        log.deliver();
        a.take();
        room.typing(early);
        assertEquals(List.of("typing b:bo"), a.take(), "heard once welcomed, not held back by the early one");
    }

    @Test
    void aMutedPersonIsNotHeardTyping() {
        FakeSession a = join("a", Resume.FROM_START);
        join("b", Resume.FROM_START);
        room.moderate(Moderator.apiKey("site"),
                new ModerationRequest(ModerationRequest.Action.MUTE, "b", 0, ""));
        worker.runAll();
        log.deliver();
        a.take();

        room.typing(members.get("b"));
        assertEquals(List.of(), a.take());
        assertEquals(List.of(), log.typed());
    }
}
