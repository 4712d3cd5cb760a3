package dev.chatsocket.chat.stored;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.FakeSession;
import dev.chatsocket.chat.room.Member;
import dev.chatsocket.chat.room.Resume;
import dev.chatsocket.chat.room.Room;
import dev.chatsocket.chat.room.RoomBackendContract;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.room.Rooms;
import dev.chatsocket.chat.room.TextFrames;
import dev.chatsocket.history.HistorySettings;
import dev.chatsocket.history.HistoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the database store adds to the contract, on an H2 file in a temporary directory: a restart
 * keeps the epoch, the ids and the window; older messages come from the store, past the window, to
 * the first; a resent ref is recognised after a restart.
 */
class StoredRoomsTest {
    private static final RoomLimits LIMITS = new RoomLimits(3, 100, 10, Duration.ofMinutes(10));
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    private StoredRooms backend;
    private Rooms rooms;

    private void start() {
        backend = new StoredRooms(HistoryStore.open(StoredRoomsContractTest.settings(new HistorySettings.Embedded(dataDir))), LIMITS, 1000);
        rooms = new Rooms(backend, new TextFrames(), LIMITS, RoomBackendContract.CHANGES, Duration.ZERO, System::currentTimeMillis);
    }

    private void restart() {
        backend.close();
        start();
    }

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    private record Joined(Member member, FakeSession session, Room room, List<String> greeting) {
    }

    private Joined join(String uid, Resume resume) throws InterruptedException {
        FakeSession session = new FakeSession(uid);
        Member member = new Member(uid, uid + "-nick", session);
        Rooms.JoinResult result = rooms.join("lobby", member, resume);
        assertTrue(result.room() != null, result.refusal());
        return new Joined(member, session, result.room(), session.take(2, WAIT));
    }

    private static void post(Joined who, String text, String ref) throws InterruptedException {
        who.room().post(who.member(), text, ref);
        List<String> got = who.session().take(2, WAIT);
        assertTrue(got.get(1).startsWith("message "), got.toString());
    }

    @Test
    void aRestartKeepsTheEpochTheIdsAndTheWindowSoAResumeIsRecovered() throws InterruptedException {
        start();
        Joined a = join("a", Resume.FROM_START);
        for (int i = 1; i <= 5; i++) {
            post(a, "m" + i, "r" + i);
        }
        String epoch = a.room().epoch();
        restart();

        Joined b = join("b", new Resume(3, epoch));
        assertTrue(b.greeting().get(0).endsWith("epoch " + epoch), b.greeting().toString());
        assertEquals("history [4,5] recovered", b.greeting().get(1));
        b.room().post(b.member(), "after the restart", null);
        assertEquals(List.of("ack null 6", "message 6 b:b-nick after the restart"), b.session().take(2, WAIT));
        Joined again = join("a", new Resume(6, epoch));
        assertEquals("history [] recovered", again.greeting().get(1));
        again.room().post(again.member(), "m5 again", "r5");
        assertEquals(List.of("ack r5 5"), again.session().take(1, WAIT), "a ref stored before the restart is remembered");
        assertEquals(List.of(4L, 5L, 6L), rooms.recent("lobby", 10).stream().map(ChatMessage::id).toList(),
                "the page's history is the window, read from the store");
        assertEquals("history [4,5,6] not recovered", join("c", new Resume(1, epoch)).greeting().get(1),
                "a resume from before the window says so");
    }

    @Test
    void aRestartKeepsTheEditsAndDeletesInTheWindowForAResume() throws InterruptedException {
        start();
        Joined a = join("a", Resume.FROM_START);
        post(a, "one", "r1");
        post(a, "two", "r2");
        a.room().edit(a.member(), 1, "one, edited", "e1");
        assertEquals(List.of("ack e1 3", "edit 3 of 1 a one, edited"), a.session().take(2, WAIT));
        a.room().delete(a.member(), 2, "d1");
        assertEquals(List.of("ack d1 4", "delete 4 of 2 by a"), a.session().take(2, WAIT));
        String epoch = a.room().epoch();
        restart();

        assertEquals("history [e3>1:one, edited,d4>2] recovered", join("b", new Resume(2, epoch)).greeting().get(1));
        assertEquals("history [1~,2x,e3>1:one, edited,d4>2] recovered", join("c", new Resume(0, epoch)).greeting().get(1));
        Joined again = join("a", new Resume(4, epoch));
        again.room().delete(again.member(), 2, "d1");
        assertEquals(List.of("ack d1 4"), again.session().take(1, WAIT), "a change's ref is remembered across the restart");
        again.room().delete(again.member(), 2, "d2");
        assertEquals(List.of("error not-found d2"), again.session().take(1, WAIT));
    }

    @Test
    void olderPagesComeFromTheStorePastTheWindowToTheFirstMessage() throws InterruptedException {
        start();
        Joined a = join("a", Resume.FROM_START);
        for (int i = 1; i <= 8; i++) {
            post(a, "m" + i, null);
        }
        List<String> pages = new ArrayList<>();
        for (long before = 9; ; ) {
            a.room().older(a.member(), before, 3);
            String page = a.session().take(1, WAIT).get(0);
            pages.add(page);
            if (page.endsWith(" start")) {
                break;
            }
            before = Long.parseLong(page.replaceAll(".*\\[(\\d+),.*", "$1"));
        }
        assertEquals(List.of("page before 9 [6,7,8] more", "page before 6 [3,4,5] more", "page before 3 [1,2] start"), pages);
    }

    @Test
    void aRoomNoOneOpenedHasItsStoredHistoryAndNoEpochUntilUsed() throws InterruptedException {
        start();
        assertEquals(Optional.empty(), rooms.epoch("lobby"), "looking does not create the room");
        Joined a = join("a", Resume.FROM_START);
        post(a, "kept", null);
        String epoch = a.room().epoch();
        restart();
        assertEquals(Optional.of(epoch), rooms.epoch("lobby"));
        assertEquals(List.of("kept"), rooms.recent("lobby", 10).stream().map(ChatMessage::text).toList());
    }
}
