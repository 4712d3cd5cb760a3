package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.moderation.ModerationRequest.Action;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.testsupport.CapturedLogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A room's moderation, against the fake log whose worker and deliveries the test steps by hand
 * (as {@link RoomTest}): who may act on whom, what a kick, ban and mute do to the connections of
 * this node as the log delivers them, and the room's copy of the sanctions that posts are
 * checked against. Members {@code mod} (moderator), {@code adm} (admin), guests {@code g}, {@code b}.
 */
class RoomModerationTest {
    private final FakeLog log = new FakeLog("lobby", 3);
    private final ManualWorker worker = new ManualWorker(log, 100);
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private static final RoomLimits LIMITS = new RoomLimits(3, 10, 10, Duration.ofMinutes(1), 10);
    private final Room room = new Room("lobby", log, worker, new TextFrames(), LIMITS,
            new MessageChanges(Duration.ofMinutes(15)), Duration.ofSeconds(5), clock::get);
    private final Map<String, Member> members = new HashMap<>();

    private FakeSession join(String uid, String... roles) {
        FakeSession session = new FakeSession(uid + "-" + members.size());
        Member member = new Member(uid, uid + "-nick", roles.length > 0, new Member.Self(List.of(roles), null, false), session);
        members.put(uid, member);
        assertEquals(Room.Joined.JOINED, room.join(member, Resume.FROM_START));
        worker.runAll();
        log.deliver();
        return session;
    }

    private ModerationOutcome moderate(String by, Action action, String uid, long seconds, String reason) {
        CompletionStage<ModerationOutcome> outcome = room.moderate(Moderator.member(members.get(by)),
                new ModerationRequest(action, uid, seconds, reason));
        worker.runAll();
        log.deliver();
        worker.runAll(); // the leave of someone removed
        log.deliver();
        return outcome.toCompletableFuture().getNow(null);
    }

    /** Joins everyone and forgets their greetings. */
    private Map<String, FakeSession> everyone() {
        Map<String, FakeSession> sessions = new HashMap<>();
        sessions.put("mod", join("mod", "moderator"));
        sessions.put("adm", join("adm", "admin"));
        sessions.put("g", join("g"));
        sessions.put("b", join("b"));
        log.deliver();
        sessions.values().forEach(FakeSession::take);
        return sessions;
    }

    @Test
    void aKickClosesEveryConnectionOfThePersonWith4003AndTheyLeaveAtOnceWithoutTheGrace() {
        Map<String, FakeSession> s = everyone();
        Member secondTab = new Member("g", "g-nick", new FakeSession("g-tab"));
        room.join(secondTab, Resume.FROM_START);
        worker.runAll();
        log.deliver();
        ((FakeSession) secondTab.session()).take();

        assertEquals(ModerationOutcome.DONE, moderate("mod", Action.KICK, "g", 0, "spam"));

        assertEquals(List.of("moderation kick g by mod", "presence leave g:g-nick"), s.get("b").take());
        assertEquals(List.of("moderation kick g by mod", "presence leave g:g-nick"), s.get("mod").take(),
                "the moderator's answer is the event itself");
        for (FakeSession tab : List.of(s.get("g"), (FakeSession) secondTab.session())) {
            assertEquals(List.of("moderation kick g by mod"), tab.take());
            assertEquals(Room.REMOVED, tab.closeCode());
            assertEquals("spam", tab.closeReason());
        }
        assertEquals(List.of("g"), log.leaves(), "unlisted at once, not after the grace");
        assertEquals(ModerationOutcome.NOT_FOUND, moderate("mod", Action.KICK, "g", 0, ""), "no longer in the room");
    }

    @Test
    void onlyModeratorsAndAdminsModerateAndNobodyThemselves() {
        Map<String, FakeSession> s = everyone();
        for (Action action : Action.values()) {
            long seconds = action.isTimed() ? 60 : 0;
            assertEquals(ModerationOutcome.FORBIDDEN, moderate("g", action, "b", seconds, ""), action.wire());
        }
        assertEquals(ModerationOutcome.FORBIDDEN, moderate("mod", Action.MUTE, "mod", 60, ""));
        assertEquals(List.of(), s.get("b").take(), "nothing was appended");
        assertEquals(List.of(), log.sanctions(clock.get()));
    }

    @Test
    void aModeratorCannotActOnAnAdminButAnAdminActsOnAModerator() {
        Map<String, FakeSession> s = everyone();
        assertEquals(ModerationOutcome.FORBIDDEN, moderate("mod", Action.KICK, "adm", 0, ""));
        assertEquals(ModerationOutcome.FORBIDDEN, moderate("mod", Action.BAN, "adm", 0, ""));
        assertEquals(0, s.get("adm").closeCode());

        assertEquals(ModerationOutcome.DONE, moderate("adm", Action.KICK, "mod", 0, "enough"));
        assertEquals(Room.REMOVED, s.get("mod").closeCode());
    }

    @Test
    void aModeratorsBanOfAnAdminTakenOnAnotherNodeBindsThemNowhere() {
        Map<String, FakeSession> s = everyone();
        // Another node did not know the admin's roles: the entry says a moderator did it.
        log.moderate(new Moderation(Action.BAN, "adm", "mod2", false, "", 0, Sanction.UNTIL_LIFTED), clock.get());
        log.moderate(new Moderation(Action.MUTE, "adm", "mod2", false, "", 0, Sanction.UNTIL_LIFTED), clock.get());
        log.deliver();
        assertEquals(0, s.get("adm").closeCode(), "an admin stays unless an admin did it");
        s.get("adm").take();
        room.post(members.get("adm"), "still here", "r1");
        log.deliver();
        assertEquals(List.of("ack r1 1", "message 1 adm:adm-nick still here"), s.get("adm").take());
    }

    @Test
    void aMutedMemberStillReadsButWhatItPostsIsRefusedAndNotStoredUntilUnmuted() {
        Map<String, FakeSession> s = everyone();
        assertEquals(ModerationOutcome.DONE, moderate("mod", Action.MUTE, "g", 0, "calm down"));
        assertEquals(List.of("moderation mute g by mod"), s.get("g").take());

        room.post(members.get("g"), "let me talk", "r1");
        log.deliver();
        assertEquals(List.of("error muted r1"), s.get("g").take());
        assertEquals(List.of(), room.recent(10), "nothing was stored");

        room.post(members.get("b"), "hello", null);
        log.deliver();
        assertEquals(List.of("message 1 b:b-nick hello"), s.get("g").take(), "a muted member reads");

        assertEquals(ModerationOutcome.DONE, moderate("mod", Action.UNMUTE, "g", 0, ""));
        assertEquals(ModerationOutcome.NOT_FOUND, moderate("mod", Action.UNMUTE, "g", 0, ""));
        s.get("g").take();
        room.post(members.get("g"), "thanks", "r2");
        log.deliver();
        assertEquals(List.of("ack r2 2", "message 2 g:g-nick thanks"), s.get("g").take());
    }

    @Test
    void aMuteEndsWithItsDuration() {
        Map<String, FakeSession> s = everyone();
        assertEquals(ModerationOutcome.DONE, moderate("mod", Action.MUTE, "g", 30, ""));
        s.get("g").take();
        room.post(members.get("g"), "early", "r1");
        assertEquals(List.of("error muted r1"), s.get("g").take());
        clock.addAndGet(30_000);
        room.post(members.get("g"), "later", "r2");
        log.deliver();
        assertEquals(List.of("ack r2 1", "message 1 g:g-nick later"), s.get("g").take());
    }

    @Test
    void aBanRemovesThePersonAndTheRoomRemembersItForJoinsThatWereUnderWay() {
        Map<String, FakeSession> s = everyone();
        assertEquals(ModerationOutcome.DONE, moderate("mod", Action.BAN, "g", 0, "troll"));
        assertEquals(Room.REMOVED, s.get("g").closeCode());
        assertEquals("troll", s.get("g").closeReason());
        assertEquals(1, log.sanctions(clock.get()).size());

        // A handshake checked before the ban, joining after it was delivered.
        FakeSession late = join("g");
        assertEquals(Room.REMOVED, late.closeCode());
        assertTrue(late.closeReason().startsWith("you are banned from this room until lifted: troll"), late.closeReason());

        assertEquals(ModerationOutcome.DONE, moderate("mod", Action.UNBAN, "g", 0, ""));
        FakeSession back = join("g");
        assertEquals(0, back.closeCode());
        assertTrue(back.take().get(0).startsWith("welcome g"));
    }

    @Test
    void aRoomThatStartsDeliveringReadsTheSanctionsStoredBefore() {
        log.moderate(new Moderation(Action.MUTE, "g", "mod", false, "", 0, Sanction.UNTIL_LIFTED), clock.get());
        FakeSession g = join("g");
        g.take();
        room.post(members.get("g"), "hi", "r1");
        assertEquals(List.of("error muted r1"), g.take());
    }

    @Test
    void aBanOfSomeoneAbsentIsTakenAndAKickIsNot() {
        everyone();
        assertEquals(ModerationOutcome.NOT_FOUND, moderate("mod", Action.KICK, "gone", 0, ""));
        assertEquals(ModerationOutcome.DONE, moderate("mod", Action.BAN, "gone", 3600, ""));
        assertEquals(ModerationOutcome.NOT_FOUND, moderate("mod", Action.UNBAN, "never", 0, ""));
    }

    @Test
    void aStoreThatIsDownAnswersUnavailable() {
        everyone();
        log.down(true);
        CompletionStage<ModerationOutcome> outcome = room.moderate(Moderator.member(members.get("mod")),
                new ModerationRequest(Action.BAN, "g", 0, ""));
        worker.runAll();
        assertEquals(ModerationOutcome.UNAVAILABLE, outcome.toCompletableFuture().getNow(null));
    }

    @Test
    void eachModerationIsOneStructuredLogLine() {
        everyone();
        try (CapturedLogs logs = CapturedLogs.of(Room.MODERATION_LOGGER)) {
            moderate("mod", Action.BAN, "g", 60, "spam \"links\"");
            moderate("g", Action.BAN, "b", 60, "refused, not logged");
            assertEquals(List.of("event=moderation room=lobby action=ban uid=g by=mod admin=false "
                    + "reason=\"spam \\\"links\\\"\" duration=60"), logs.messages());
            assertEquals(java.util.logging.Level.INFO, logs.records().get(0).getLevel());
        }
    }
}
