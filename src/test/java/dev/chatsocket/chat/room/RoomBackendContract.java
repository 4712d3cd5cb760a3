package dev.chatsocket.chat.room;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every room backend must do, played through {@link Rooms} with real logs: a backend passes
 * by extending this class and handing it a backend with {@link #LIMITS} and {@link #DEDUPE}.
 * Backends may deliver on threads of their own, so every expectation waits for its frames (never
 * for a fixed time), and each test uses a room of its own. The rooms have no presence grace (the
 * grace is the room's, tested in RoomTest): a person's last connection leaves at once.
 */
public abstract class RoomBackendContract {
    /** History size 3, so that trimming is reached; plenty of rooms and members. */
    protected static final RoomLimits LIMITS = new RoomLimits(3, 100, 10, Duration.ofMinutes(10));
    /** A short window, so that a test can outlast it; three refs per person, so that a test passes the count. */
    protected static final DedupeLimits DEDUPE = new DedupeLimits(Duration.ofSeconds(3), 3);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String room = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    private Rooms rooms;

    /** The backend under test, configured with {@link #LIMITS}. */
    protected abstract RoomBackend backend();

    private Rooms rooms() {
        if (rooms == null) {
            rooms = new Rooms(backend(), new TextFrames(), LIMITS, Duration.ZERO, System::currentTimeMillis);
        }
        return rooms;
    }

    private Member member(String uid, FakeSession session) {
        return new Member(uid, uid + "-nick", session);
    }

    /** Joins and returns the session once its welcome and history came. */
    private Joined join(String uid, Resume resume) throws InterruptedException {
        return join(uid, new FakeSession(uid), resume);
    }

    private Joined join(String uid, FakeSession session, Resume resume) throws InterruptedException {
        Member member = member(uid, session);
        Rooms.JoinResult result = rooms().join(room, member, resume);
        assertTrue(result.room() != null, result.refusal());
        return new Joined(member, session, result.room(), session.take(2, WAIT));
    }

    private record Joined(Member member, FakeSession session, Room room, List<String> greeting) {
        String history() {
            return greeting.get(1);
        }
    }

    @Test
    void aNewcomerIsWelcomedWithTheMembersAndTheOthersToldOfIt() throws InterruptedException {
        Joined a = join("a", Resume.FROM_START);
        assertTrue(a.greeting().get(0).startsWith("welcome a as a-nick [a:a-nick] epoch "), a.greeting().toString());
        assertEquals("history [] recovered", a.history());

        Joined b = join("b", Resume.FROM_START);
        assertTrue(b.greeting().get(0).startsWith("welcome b as b-nick [a:a-nick,b:b-nick] epoch "), b.greeting().toString());
        assertEquals(List.of("presence join b:b-nick"), a.session().take(1, WAIT));
        assertEquals(a.room().epoch(), rooms().epoch(room).orElseThrow());
        assertTrue(b.greeting().get(0).endsWith("epoch " + a.room().epoch()));
    }

    @Test
    void postsAreAckedToTheSenderAndSentToEveryoneInOrderWithGrowingIds() throws InterruptedException {
        Joined a = join("a", Resume.FROM_START);
        Joined b = join("b", Resume.FROM_START);
        a.session().take(1, WAIT);
        for (int i = 1; i <= 3; i++) {
            a.room().post(a.member(), "m" + i, "r" + i);
        }
        assertEquals(List.of("ack r1 1", "message 1 a:a-nick m1", "ack r2 2", "message 2 a:a-nick m2",
                "ack r3 3", "message 3 a:a-nick m3"), a.session().take(6, WAIT));
        assertEquals(List.of("message 1 a:a-nick m1", "message 2 a:a-nick m2", "message 3 a:a-nick m3"),
                b.session().take(3, WAIT));
    }

    @Test
    void aResentRefIsAckedWithItsFirstIdAndStoredOnce() throws InterruptedException {
        Joined a = join("a", Resume.FROM_START);
        Joined b = join("b", Resume.FROM_START);
        a.session().take(1, WAIT);
        a.room().post(a.member(), "once", "r1");
        assertEquals(List.of("ack r1 1", "message 1 a:a-nick once"), a.session().take(2, WAIT));
        a.room().post(a.member(), "once", "r1");
        assertEquals(List.of("ack r1 1"), a.session().take(1, WAIT));
        a.room().post(a.member(), "next", "r2");
        assertEquals(List.of("ack r2 2", "message 2 a:a-nick next"), a.session().take(2, WAIT));
        assertEquals(List.of("message 1 a:a-nick once", "message 2 a:a-nick next"), b.session().take(2, WAIT),
                "the resend was not broadcast");
        assertEquals(List.of("once", "next"), rooms().recent(room, 10).stream().map(ChatMessage::text).toList());
    }

    @Test
    void resumingGetsWhatWasMissedFromTheWindowAndSaysWhetherItIsWhole() throws InterruptedException {
        Joined a = join("a", Resume.FROM_START);
        for (int i = 1; i <= 5; i++) {
            a.room().post(a.member(), "m" + i, null);
            a.session().take(2, WAIT);
        }
        String epoch = a.room().epoch();
        assertEquals("history [4,5] recovered", join("b", new Resume(3, epoch)).history());
        assertEquals("history [3,4,5] not recovered", join("c", new Resume(1, epoch)).history());
        assertEquals("history [] recovered", join("d", new Resume(5, epoch)).history());
        assertEquals("history [3,4,5] not recovered", join("e", new Resume(5, "another-epoch")).history());
        assertEquals(List.of(4L, 5L), rooms().recent(room, 2).stream().map(ChatMessage::id).toList());
    }

    @Test
    void renamesAndLeavesAreTold() throws InterruptedException {
        Joined a = join("a", Resume.FROM_START);
        Joined b = join("b", Resume.FROM_START);
        a.session().take(1, WAIT);
        b.room().rename(b.member(), "bob");
        assertEquals(List.of("presence nick b:bob"), a.session().take(1, WAIT));
        assertEquals(List.of("presence nick b:bob"), b.session().take(1, WAIT));
        b.room().leave(b.member());
        assertEquals(List.of("presence leave b:bob"), a.session().take(1, WAIT));
        assertEquals(1, rooms().memberCount(room));
        assertTrue(join("c", Resume.FROM_START).greeting().get(0).contains("[a:a-nick,c:c-nick]"),
                "who left is no longer listed");
    }

    @Test
    void connectionsOfOnePersonAreOneMemberWhoLeavesWithTheLast() throws InterruptedException {
        Joined a = join("a", Resume.FROM_START);
        Joined b1 = join("b", new FakeSession("b1"), Resume.FROM_START);
        assertEquals(List.of("presence join b:b-nick"), a.session().take(1, WAIT));
        Joined b2 = join("b", new FakeSession("b2"), Resume.FROM_START);
        assertTrue(b2.greeting().get(0).contains("[a:a-nick,b:b-nick] "), "listed once: " + b2.greeting());
        b1.room().leave(b1.member());
        a.room().post(a.member(), "marker", "m1");
        assertEquals(List.of("ack m1 1", "message 1 a:a-nick marker"), a.session().take(2, WAIT),
                "no join for the second connection, no leave for the first");
        assertEquals(List.of("message 1 a:a-nick marker"), b2.session().take(1, WAIT));
        b2.room().leave(b2.member());
        assertEquals(List.of("presence leave b:b-nick"), a.session().take(1, WAIT));
        assertTrue(join("c", Resume.FROM_START).greeting().get(0).contains("[a:a-nick,c:c-nick] "));
    }

    @Test
    void aResendFromAnotherConnectionIsAckedThereWithTheFirstId() throws InterruptedException {
        Joined b1 = join("b", new FakeSession("b1"), Resume.FROM_START);
        Joined b2 = join("b", new FakeSession("b2"), Resume.FROM_START);
        b1.room().post(b1.member(), "once", "r1");
        assertEquals(List.of("ack r1 1", "message 1 b:b-nick once"), b1.session().take(2, WAIT));
        assertEquals(List.of("message 1 b:b-nick once"), b2.session().take(1, WAIT), "the ack went to the sender only");
        b2.room().post(b2.member(), "once", "r1");
        assertEquals(List.of("ack r1 1"), b2.session().take(1, WAIT));
        b2.room().post(b2.member(), "next", "r2");
        assertEquals(List.of("ack r2 2", "message 2 b:b-nick next"), b2.session().take(2, WAIT));
        assertEquals(List.of("message 2 b:b-nick next"), b1.session().take(1, WAIT), "the resend reached nobody");
        assertEquals(List.of("once", "next"), rooms().recent(room, 10).stream().map(ChatMessage::text).toList());
    }

    @Test
    void refsAreRememberedUpToTheCountPerPerson() throws InterruptedException {
        Joined a = join("a", Resume.FROM_START);
        for (int i = 1; i <= 4; i++) {
            a.room().post(a.member(), "m" + i, "r" + i);
            assertEquals("ack r" + i + " " + i, a.session().take(2, WAIT).get(0));
        }
        a.room().post(a.member(), "m4", "r4");
        assertEquals(List.of("ack r4 4"), a.session().take(1, WAIT), "among the newest three: a duplicate");
        a.room().post(a.member(), "m1", "r1");
        assertEquals(List.of("ack r1 5", "message 5 a:a-nick m1"), a.session().take(2, WAIT),
                "the fourth ref pushed the first out: stored anew");
    }

    @Test
    void aRefIsForgottenOnceOlderThanTheWindow() throws InterruptedException {
        Joined a = join("a", Resume.FROM_START);
        a.room().post(a.member(), "m", "r1");
        assertEquals(List.of("ack r1 1", "message 1 a:a-nick m"), a.session().take(2, WAIT));
        // Resent until the window has passed: acked with the first id until then, stored anew after.
        long deadline = System.nanoTime() + DEDUPE.window().plus(WAIT).toNanos();
        while (true) {
            a.room().post(a.member(), "m", "r1");
            List<String> got = new ArrayList<>(a.session().take(1, WAIT));
            if (!got.equals(List.of("ack r1 1"))) {
                if (got.size() < 2) {
                    got.addAll(a.session().take(1, WAIT));
                }
                assertEquals(List.of("ack r1 2", "message 2 a:a-nick m"), got);
                return;
            }
            assertTrue(System.nanoTime() < deadline, "still a duplicate long after the window");
            Thread.sleep(50); // the poll interval of this wait, not a wait for something to happen
        }
    }

    @Test
    void olderPagesGoBackFromACursorOldestFirstAndSayWhenTheStartIsReached() throws InterruptedException {
        Joined a = join("a", Resume.FROM_START);
        for (int i = 1; i <= 3; i++) {
            a.room().post(a.member(), "m" + i, null);
            a.session().take(2, WAIT);
        }
        a.room().older(a.member(), 4, 2);
        assertEquals(List.of("page before 4 [2,3] more"), a.session().take(1, WAIT));
        a.room().older(a.member(), 2, 2);
        assertEquals(List.of("page before 2 [1] start"), a.session().take(1, WAIT));
        a.room().older(a.member(), 1, 50);
        assertEquals(List.of("page before 1 [] start"), a.session().take(1, WAIT));
    }
}
