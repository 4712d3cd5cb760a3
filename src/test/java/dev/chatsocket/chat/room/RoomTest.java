package dev.chatsocket.chat.room;

import dev.chatsocket.ws.CloseCodes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The room's rules, against a log whose deliveries and worker the test steps by hand, so that
 * every interleaving a shared store allows (the reader delivering while a member joins, a store
 * that lost its history, one that is down) is played in a fixed order. Frames read as
 * {@link TextFrames} lines. History size 3, at most 3 members.
 */
class RoomTest {
    private final FakeLog log = new FakeLog("lobby", 3);
    private final ManualWorker worker = new ManualWorker(log, 100);
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Room room = new Room("lobby", log, worker, new TextFrames(),
            new RoomLimits(3, 10, 3, Duration.ofMinutes(1)), clock::get);
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

        room.leave(members.get("b"));
        worker.runAll();
        log.deliver();
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
        v.take();
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
    }

    @Test
    void aNewerConnectionOfTheSamePersonReplacesTheOlderWhoseLeaveIsNotThePersons() {
        FakeSession a = join("a", Resume.FROM_START);
        FakeSession b = join("b", Resume.FROM_START);
        log.deliver();
        Member first = members.get("b");
        a.take();
        b.take();

        FakeSession b2 = join("b", Resume.FROM_START, new FakeSession("b2"));
        log.deliver();
        assertEquals(4002, b.closeCode(), "the older connection is closed with 4002");
        room.leave(first);
        worker.runAll();
        log.deliver();
        b2.take();
        a.take();
        post("b", "still here", "r1");
        assertEquals(List.of("ack r1 1", "message 1 b:b-nick still here"), b2.take());
        assertEquals(List.of("message 1 b:b-nick still here"), a.take());
        assertEquals(List.of("a", "b"), log.listed(), "the older connection's leave is not the person's");
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
        room.leave(members.get("slow"));
        worker.runAll();
        log.deliver();
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
        Room busy = new Room("lobby", log, new ManualWorker(log, 0), new TextFrames(),
                new RoomLimits(3, 10, 3, Duration.ofMinutes(1)), clock::get);
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
        room.leave(members.get("a"));
        worker.runAll();
        long emptySince = clock.get();
        assertFalse(room.retireIfIdle(emptySince + Duration.ofSeconds(59).toMillis()));
        assertTrue(room.retireIfIdle(emptySince + Duration.ofMinutes(1).toMillis()));
        assertEquals(Room.Joined.RETIRED, room.join(new Member("b", "b", new FakeSession("b")), Resume.FROM_START));
    }
}
