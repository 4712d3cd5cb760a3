package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.MessageChanges;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.moderation.ModerationRequest.Action;
import dev.chatsocket.chat.moderation.Sanction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every room backend must do, played through {@link Rooms} with real logs: a backend passes
 * by extending this class and handing it a backend with {@link #LIMITS} and {@link #DEDUPE}.
 * Backends may deliver on threads of their own, so every expectation waits for its frames (never
 * for a fixed time), and each test uses a room of its own. The rooms have no presence grace (the
 * grace is the room's, tested in RoomTest): a person's last connection leaves at once.
 */
public abstract class RoomBackendContract {
    /** History size 3, so that trimming is reached; plenty of rooms and members; two sanctions a room, so that the cap is reached. */
    protected static final RoomLimits LIMITS = new RoomLimits(3, 100, 10, Duration.ofMinutes(10), 2);
    /** A short window, so that a test can outlast it; three refs per person, so that a test passes the count. */
    protected static final DedupeLimits DEDUPE = new DedupeLimits(Duration.ofSeconds(3), 3);
    /** The edit window of the rooms: the default, 15 minutes; tests pass it by moving {@link #clock}. */
    public static final MessageChanges CHANGES = new MessageChanges(Duration.ofMinutes(15));
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How far the rooms' clock is ahead of the system's. */
    private final AtomicLong skew = new AtomicLong();

    private final String room = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    private Rooms rooms;

    /** The backend under test, configured with {@link #LIMITS}. */
    protected abstract RoomBackend backend();

    private Rooms rooms() {
        if (rooms == null) {
            rooms = new Rooms(backend(), new TextFrames(), LIMITS, CHANGES, Duration.ZERO, () -> System.currentTimeMillis() + skew.get());
        }
        return rooms;
    }

    /**
     * Whether the backend implements edits and deletes ({@link RoomLog#change}); the cases about
     * them are skipped where it does not yet.
     */
    protected boolean supportsChanges() {
        return true;
    }

    private Member member(String uid, FakeSession session) {
        return new Member(uid, uid + "-nick", session);
    }

    /** A verified person with {@code role} ({@code moderator}, {@code admin}). */
    private Joined joinAs(String uid, String role) throws InterruptedException {
        FakeSession session = new FakeSession(uid);
        Member member = new Member(uid, uid + "-nick", true, new Member.Self(List.of(role), null, false), session);
        Rooms.JoinResult result = rooms().join(room, member, Resume.FROM_START);
        assertTrue(result.room() != null, result.refusal());
        return new Joined(member, session, result.room(), session.take(2, WAIT));
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

    private PostOutcome publish(String text, String ref) throws Exception {
        return rooms().publish(room, "bot:site", "site", text, ref).orElseThrow()
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aBotsPostReachesTheMembersMarkedAndARefPostsOnce() throws Exception {
        Joined a = join("a", Resume.FROM_START);
        assertEquals(new PostOutcome.Stored(1), publish("hello from the site", "b1"));
        assertEquals(List.of("message 1 bot:site:site hello from the site (bot)"), a.session().take(1, WAIT));
        assertEquals(new PostOutcome.Duplicate(1), publish("hello from the site", "b1"));
        a.room().post(a.member(), "a person", "r1");
        assertEquals(List.of("ack r1 2", "message 2 a:a-nick a person"), a.session().take(2, WAIT),
                "the repeat was not sent");
        OlderPage page = rooms().open(room).orElseThrow().page(Long.MAX_VALUE, 10).toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of(true, false), page.messages().stream().map(ChatMessage::bot).toList());
    }

    @Test
    void aBotsPostToARoomNobodyIsInIsKeptForWhoeverComes() throws Exception {
        assertEquals(new PostOutcome.Stored(1), publish("before anyone", null));
        assertEquals(new PostOutcome.Stored(2), publish("still nobody", null));
        Joined a = join("a", Resume.FROM_START);
        assertEquals("history [1,2] recovered", a.history());
        assertEquals(List.of(true, true), rooms().recent(room, 10).stream().map(ChatMessage::bot).toList());
        a.room().post(a.member(), "hi", "r1");
        assertEquals(List.of("ack r1 3", "message 3 a:a-nick hi"), a.session().take(2, WAIT));
    }

    @Test
    void membersAreThePeopleTheLogLists() throws Exception {
        Joined a = join("a", Resume.FROM_START);
        join("b", Resume.FROM_START);
        a.session().take(1, WAIT);
        List<Listed> listed = a.room().listed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of(new Listed("a", "a-nick", false), new Listed("b", "b-nick", false)), listed);
    }

    /** a posts message 1; b is in the room too and has had everything. */
    private Joined[] aPostedOneAndBIsThere() throws InterruptedException {
        assumeTrue(supportsChanges(), "this backend does not do edits and deletes yet");
        Joined a = join("a", Resume.FROM_START);
        Joined b = join("b", Resume.FROM_START);
        a.session().take(1, WAIT);
        a.room().post(a.member(), "helo", "p1");
        assertEquals(List.of("ack p1 1", "message 1 a:a-nick helo"), a.session().take(2, WAIT));
        assertEquals(List.of("message 1 a:a-nick helo"), b.session().take(1, WAIT));
        return new Joined[]{a, b};
    }

    @Test
    void anEditOfOnesOwnMessageIsStoredWithAnIdOfItsOwnAndSentToEveryone() throws InterruptedException {
        Joined[] ab = aPostedOneAndBIsThere();
        Joined a = ab[0];
        a.room().edit(a.member(), 1, "hello", "e1");
        assertEquals(List.of("ack e1 2", "edit 2 of 1 a hello"), a.session().take(2, WAIT));
        assertEquals(List.of("edit 2 of 1 a hello"), ab[1].session().take(1, WAIT));
        ChatMessage edited = rooms().recent(room, 10).get(0);
        assertEquals("hello", edited.text());
        assertTrue(edited.edited() > 0, "marked edited");
        a.room().post(a.member(), "next", "p2");
        assertEquals(List.of("ack p2 3", "message 3 a:a-nick next"), a.session().take(2, WAIT), "ids only grow");
    }

    @Test
    void editingAnothersMessageIsForbidden() throws InterruptedException {
        Joined[] ab = aPostedOneAndBIsThere();
        Joined b = ab[1];
        b.room().edit(b.member(), 1, "mine now", "e1");
        assertEquals(List.of("error forbidden e1"), b.session().take(1, WAIT));
        assertEquals("helo", rooms().recent(room, 10).get(0).text());
    }

    @Test
    void anEditAfterTheWindowIsTooLate() throws InterruptedException {
        Joined a = aPostedOneAndBIsThere()[0];
        skew.addAndGet(Duration.ofMinutes(15).plusSeconds(1).toMillis());
        a.room().edit(a.member(), 1, "hello", "e1");
        assertEquals(List.of("error too-late e1"), a.session().take(1, WAIT));
        a.room().delete(a.member(), 1, "d1");
        assertEquals(List.of("ack d1 2", "delete 2 of 1 by a"), a.session().take(2, WAIT), "a delete has no window");
    }

    @Test
    void anUnknownOrDeletedTargetIsNotFound() throws InterruptedException {
        Joined a = aPostedOneAndBIsThere()[0];
        a.room().edit(a.member(), 99, "x", "e1");
        a.room().delete(a.member(), 99, "d1");
        assertEquals(List.of("error not-found e1", "error not-found d1"), a.session().take(2, WAIT));
        a.room().edit(a.member(), 1, "hello", "e2");
        assertEquals(List.of("ack e2 2", "edit 2 of 1 a hello"), a.session().take(2, WAIT));
        a.room().edit(a.member(), 2, "an edit is no message", "e3");
        assertEquals(List.of("error not-found e3"), a.session().take(1, WAIT));
        a.room().delete(a.member(), 1, "d2");
        assertEquals(List.of("ack d2 3", "delete 3 of 1 by a"), a.session().take(2, WAIT));
        a.room().delete(a.member(), 1, "d3");
        a.room().edit(a.member(), 1, "back", "e4");
        assertEquals(List.of("error not-found d3", "error not-found e4"), a.session().take(2, WAIT));
    }

    @Test
    void aPlainMemberDeletesOnlyItsOwnAndAModeratorAnyones() throws InterruptedException {
        Joined[] ab = aPostedOneAndBIsThere();
        Joined a = ab[0];
        Joined b = ab[1];
        b.room().delete(b.member(), 1, "d1");
        assertEquals(List.of("error forbidden d1"), b.session().take(1, WAIT));
        Joined m = joinAs("m", "moderator");
        a.session().take(1, WAIT);
        b.session().take(1, WAIT);
        m.room().delete(m.member(), 1, "d2");
        assertEquals(List.of("ack d2 2", "delete 2 of 1 by m"), m.session().take(2, WAIT));
        assertEquals(List.of("delete 2 of 1 by m"), a.session().take(1, WAIT));
        assertEquals(List.of("delete 2 of 1 by m"), b.session().take(1, WAIT));
        b.room().post(b.member(), "mine", "p2");
        assertEquals(List.of("ack p2 3", "message 3 b:b-nick mine"), b.session().take(2, WAIT));
        b.room().delete(b.member(), 3, "d3");
        assertEquals(List.of("ack d3 4", "delete 4 of 3 by b"), b.session().take(2, WAIT));
    }

    @Test
    void ofTwoDeletesOfOneMessageOneIsStoredAndTheOtherNotFound() throws InterruptedException {
        Joined a = aPostedOneAndBIsThere()[0];
        Joined m = joinAs("m", "admin");
        a.session().take(1, WAIT);
        CountDownLatch go = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            m.room().delete(m.member(), 1, "dm");
        });
        other.start();
        go.countDown();
        a.room().delete(a.member(), 1, "da");
        other.join();
        List<String> got = new ArrayList<>(a.session().take(2, WAIT));
        got.addAll(m.session().take(2, WAIT));
        long stored = got.stream().filter(f -> f.startsWith("ack ")).count();
        long refused = got.stream().filter(f -> f.startsWith("error not-found ")).count();
        assertEquals(1, stored, got.toString());
        assertEquals(1, refused, got.toString());
        assertEquals(2, got.stream().filter(f -> f.equals("delete 2 of 1 by a") || f.equals("delete 2 of 1 by m")).count(),
                "one delete, seen by both: " + got);
    }

    @Test
    void aRefAlreadyStoredIsAcknowledgedWithItsFirstIdWhateverItNamed() throws InterruptedException {
        Joined a = aPostedOneAndBIsThere()[0];
        a.room().edit(a.member(), 1, "hello", "p1");
        assertEquals(List.of("ack p1 1"), a.session().take(1, WAIT), "the post's ref");
        a.room().edit(a.member(), 1, "hello", "e1");
        assertEquals(List.of("ack e1 2", "edit 2 of 1 a hello"), a.session().take(2, WAIT));
        a.room().edit(a.member(), 1, "hello", "e1");
        a.room().delete(a.member(), 1, "e1");
        a.room().post(a.member(), "hello", "e1");
        assertEquals(List.of("ack e1 2", "ack e1 2", "ack e1 2"), a.session().take(3, WAIT));
        assertEquals("hello", rooms().recent(room, 10).get(0).text(), "nothing more was stored");
    }

    @Test
    void aDeletedTextIsGoneFromHistoryPagesAndEarlierEdits() throws InterruptedException {
        Joined a = aPostedOneAndBIsThere()[0];
        a.room().edit(a.member(), 1, "my secret", "e1");
        a.session().take(2, WAIT);
        a.room().delete(a.member(), 1, "d1");
        a.session().take(2, WAIT);
        ChatMessage deleted = rooms().recent(room, 10).get(0);
        assertTrue(deleted.deleted());
        assertNull(deleted.text());
        assertEquals("a", deleted.uid(), "it keeps its place and author");
        a.room().older(a.member(), 10, 10);
        assertEquals(List.of("page before 10 [1x] start"), a.session().take(1, WAIT));
        assertEquals("history [1x,e2>1:null,d3>1] recovered", join("c", Resume.FROM_START).history());
    }

    @Test
    void resumingGetsTheEditsAndDeletesMadeMeanwhile() throws InterruptedException {
        Joined a = aPostedOneAndBIsThere()[0];
        a.room().post(a.member(), "two", "p2");
        a.session().take(2, WAIT);
        String epoch = a.room().epoch();
        a.room().edit(a.member(), 1, "hello", "e1");
        a.session().take(2, WAIT);
        a.room().delete(a.member(), 2, "d1");
        a.session().take(2, WAIT);
        assertEquals("history [e3>1:hello,d4>2] recovered", join("c", new Resume(2, epoch)).history());
        assertEquals("history [1~,2x,e3>1:hello,d4>2] recovered", join("d", new Resume(0, epoch)).history());
        assertEquals("history [d4>2] recovered", join("e", new Resume(3, epoch)).history());
    }

    private Joined joinAsModerator(String uid) throws InterruptedException {
        FakeSession session = new FakeSession(uid);
        Member member = new Member(uid, uid + "-nick", true, new Member.Self(List.of("moderator"), null, false), session);
        Rooms.JoinResult result = rooms().join(room, member, Resume.FROM_START);
        assertTrue(result.room() != null, result.refusal());
        return new Joined(member, session, result.room(), session.take(2, WAIT));
    }

    private ModerationOutcome moderate(Joined by, Action action, String uid, long seconds) throws Exception {
        return rooms().moderate(room, Moderator.member(by.member()), new ModerationRequest(action, uid, seconds, "why"))
                .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean banned(String uid) {
        return backend().ban(room, uid, System.currentTimeMillis()).isPresent();
    }

    @Test
    void aBanIsStoredForHandshakesAndSeenByEveryMemberAndAnUnbanLiftsIt() throws Exception {
        Joined mod = joinAsModerator("mod");
        Joined b = join("b", Resume.FROM_START);
        mod.session().take(1, WAIT);
        assertEquals(ModerationOutcome.DONE, moderate(mod, Action.BAN, "absent", 0));
        assertEquals(List.of("moderation ban absent by mod"), mod.session().take(1, WAIT));
        assertEquals(List.of("moderation ban absent by mod"), b.session().take(1, WAIT));
        Sanction ban = backend().ban(room, "absent", System.currentTimeMillis()).orElseThrow();
        assertEquals(new Sanction(Sanction.Kind.BAN, "absent", Sanction.UNTIL_LIFTED, "why", "mod", false), ban);
        assertTrue(!banned("b"));

        assertEquals(ModerationOutcome.DONE, moderate(mod, Action.UNBAN, "absent", 0));
        assertEquals(List.of("moderation unban absent by mod"), b.session().take(1, WAIT));
        assertTrue(!banned("absent"));
        assertEquals(ModerationOutcome.NOT_FOUND, moderate(mod, Action.UNBAN, "absent", 0));
    }

    @Test
    void aKickClosesThePersonsConnectionsAndTheyLeaveAtOnce() throws Exception {
        Joined mod = joinAsModerator("mod");
        Joined b = join("b", Resume.FROM_START);
        mod.session().take(1, WAIT);
        assertEquals(ModerationOutcome.DONE, moderate(mod, Action.KICK, "b", 0));
        assertEquals(List.of("moderation kick b by mod", "presence leave b:b-nick"), mod.session().take(2, WAIT));
        assertEquals(List.of("moderation kick b by mod"), b.session().take(1, WAIT));
        assertEquals(Room.REMOVED, b.session().closeCode());
        assertEquals("why", b.session().closeReason());
        assertEquals(ModerationOutcome.NOT_FOUND, moderate(mod, Action.KICK, "b", 0), "no longer listed");
        assertEquals(ModerationOutcome.NOT_FOUND, moderate(mod, Action.KICK, "nobody", 0));
    }

    @Test
    void aMutedMemberIsRefusedWhatItPostsUntilUnmuted() throws Exception {
        Joined mod = joinAsModerator("mod");
        Joined b = join("b", Resume.FROM_START);
        mod.session().take(1, WAIT);
        assertEquals(ModerationOutcome.DONE, moderate(mod, Action.MUTE, "b", 0));
        assertEquals(List.of("moderation mute b by mod"), b.session().take(1, WAIT));
        b.room().post(b.member(), "let me", "r1");
        assertEquals(List.of("error muted r1"), b.session().take(1, WAIT));
        assertEquals(ModerationOutcome.DONE, moderate(mod, Action.UNMUTE, "b", 0));
        assertEquals(List.of("moderation unmute b by mod"), b.session().take(1, WAIT));
        b.room().post(b.member(), "thanks", "r2");
        assertEquals(List.of("ack r2 1", "message 1 b:b-nick thanks"), b.session().take(2, WAIT));
        assertEquals(List.of("thanks"), rooms().recent(room, 10).stream().map(ChatMessage::text).toList(),
                "the muted post was not stored");
    }

    @Test
    void aRoomHoldsAtMostItsCapOfLiveSanctionsAndAnEndedOneMakesRoom() throws Exception {
        Joined mod = joinAsModerator("mod");
        assertEquals(ModerationOutcome.DONE, moderate(mod, Action.BAN, "x1", 1));
        assertEquals(ModerationOutcome.DONE, moderate(mod, Action.MUTE, "x2", 0));
        assertEquals(ModerationOutcome.TOO_MANY, moderate(mod, Action.BAN, "x3", 0));
        assertTrue(!banned("x3"), "nothing stored past the cap");
        assertEquals(ModerationOutcome.DONE, moderate(mod, Action.MUTE, "x2", 60), "replacing one takes no more room");

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (banned("x1")) {
            assertTrue(System.nanoTime() < deadline, "the 1 s ban did not end");
            Thread.sleep(20);
        }
        assertEquals(ModerationOutcome.DONE, moderate(mod, Action.BAN, "x3", 0), "the ended ban made room");
        assertTrue(banned("x3"));
        assertEquals(ModerationOutcome.NOT_FOUND, moderate(mod, Action.UNBAN, "x1", 0), "an ended ban is not there to lift");
    }

    @Test
    void theApiDeletesAnyonesMessageAsItsKeysName() throws InterruptedException {
        Joined a = aPostedOneAndBIsThere()[0];
        assertEquals(new PostOutcome.Stored(2), rooms().delete(room, "site", 1, "r1").toCompletableFuture().join());
        assertEquals(List.of("delete 2 of 1 by site"), a.session().take(1, WAIT));
        assertEquals(new PostOutcome.Duplicate(2), rooms().delete(room, "site", 1, "r1").toCompletableFuture().join());
        assertEquals(new PostOutcome.Refused(MessageChanges.Verdict.NOT_FOUND),
                rooms().delete(room, "site", 1, "r2").toCompletableFuture().join());
        assertEquals(new PostOutcome.Refused(MessageChanges.Verdict.NOT_FOUND),
                rooms().delete(room + "-empty", "site", 1, null).toCompletableFuture().join(), "a room with no history");
    }
}
