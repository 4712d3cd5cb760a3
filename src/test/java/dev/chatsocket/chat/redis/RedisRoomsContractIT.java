package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.ChatMessage;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @BeforeAll
    static void start() throws IOException {
        redis = RedisServer.start(false);
        RedisSettings settings = new RedisSettings(redis.url(), Duration.ofSeconds(2), Duration.ofSeconds(15), 1000);
        nodeA = RedisRooms.start(settings, LIMITS, DEDUPE);
        nodeB = RedisRooms.start(settings, LIMITS, DEDUPE);
    }

    @AfterAll
    static void stop() {
        for (RedisRooms node : new RedisRooms[]{nodeA, nodeB}) {
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
    private final Rooms onA = new Rooms(nodeA, new TextFrames(), LIMITS, Duration.ZERO, System::currentTimeMillis);
    private final Rooms onB = new Rooms(nodeB, new TextFrames(), LIMITS, Duration.ZERO, System::currentTimeMillis);

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
}
