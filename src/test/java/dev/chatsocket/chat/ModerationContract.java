package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatsocket.testsupport.Hs256Tokens;
import dev.chatsocket.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moderation (issue 16, docs/protocol.md "Moderation") against servers configured with
 * {@link #SETTINGS}: kick, ban, unban, mute and unmute by moderators and admins whose roles come
 * from HS256 tokens minted here; what each does to the person's connections on every node, to
 * their handshakes (403 with the reason before the upgrade) and to their posts; and the attacks:
 * a guest or a plain user moderating, a moderator acting on an admin, a forged role claim.
 *
 * <p>Run on one container ({@link ModerationIT}: both "nodes" are the same server) and on two
 * nodes sharing rooms through Redis ({@link RedisModerationIT}), where whatever is done on node A
 * must hold on node B.
 */
abstract class ModerationContract {
    static final String SECRET = "it-moderation-secret-0123456789abcdef0123";
    private static final Hs256Tokens TOKENS = new Hs256Tokens(SECRET);
    private static final Duration WAIT = Duration.ofSeconds(15);
    /**
     * The settings of every server these tests run against. A presence grace far longer than any
     * test: a leave that comes during one is the kick's, not the grace's end.
     */
    static final Map<String, String> SETTINGS = Map.of(
            "CHATSOCKET_TOKEN_SECRET", SECRET,
            "CHATSOCKET_PRESENCE_GRACE", "60s",
            "CHATSOCKET_USER_RATE_MESSAGES", "1000",
            "CHATSOCKET_USER_RATE_MESSAGE_BURST", "1000");

    /** The node most tests connect to. */
    abstract URI nodeA();

    /** The other node: the same server when there is one. */
    abstract URI nodeB();

    private final String room = ChatClient.uniqueRoom("mod");

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A verified user with {@code roles}, by a token signed with the servers' secret. */
    private ChatClient user(URI node, String name, String... roles) throws IOException {
        ObjectNode claims = Hs256Tokens.claims(name + "-" + room, 3600).put("name", name);
        if (roles.length > 0) {
            List.of(roles).forEach(claims.putArray("roles")::add);
        }
        return ChatClient.join(node, "chat/" + room + "?token=" + q(TOKENS.sign(claims)));
    }

    private ChatClient guest(URI node) throws IOException {
        return ChatClient.joinRoom(node, room);
    }

    private ChatClient withSession(URI node, String session) throws IOException {
        return ChatClient.join(node, "chat/" + room + "?session=" + q(session));
    }

    private static void send(ChatClient client, String action, String uid, Long duration, String reason) throws IOException {
        ObjectNode frame = ChatClient.JSON.createObjectNode().put("type", action).put("uid", uid);
        if (duration != null) {
            frame.put("duration", duration);
        }
        if (reason != null) {
            frame.put("reason", reason);
        }
        client.send(frame);
    }

    /** The moderation event, with exactly its documented fields. */
    private static JsonNode assertModeration(JsonNode frame, String action, String uid, String by) {
        assertEquals("moderation", frame.path("type").asText(), frame.toString());
        assertEquals(action, frame.get("action").asText(), frame.toString());
        assertEquals(uid, frame.get("uid").asText(), frame.toString());
        assertEquals(by, frame.get("by").asText(), frame.toString());
        TreeSet<String> fields = new TreeSet<>(List.of("type", "action", "uid", "by", "reason"));
        if (action.equals("ban") || action.equals("mute")) {
            fields.add("duration");
            if (frame.get("duration").asLong() > 0) {
                fields.add("until");
            }
        }
        assertEquals(fields, ChatClient.fieldNames(frame), frame.toString());
        return frame;
    }

    private static void assertError(ChatClient client, String code) throws IOException {
        JsonNode error = client.until("error");
        assertEquals(code, error.get("code").asText(), error.toString());
    }

    private static void assertRemoved(ChatClient client, String reason) throws IOException {
        RawWebSocket.ServerFrame close = client.raw().readClose();
        assertEquals(4003, close.closeCode());
        assertEquals(reason, close.closeReason());
    }

    /** Refused before the upgrade, 403 with the ban's reason. */
    private void assertBanned(URI node, String path, String reason) throws IOException {
        RawWebSocket.HttpHead head = RawWebSocket.exchange(node, "GET", path,
                RawWebSocket.browserHeaders(node, RawWebSocket.newKey()));
        assertEquals(403, head.status(), node + path + " -> " + head.body());
        assertNull(head.header("Sec-WebSocket-Accept"));
        assertTrue(head.body().contains("you are banned from this room") && head.body().contains(reason), head.body());
    }

    @Test
    void aKickClosesEveryConnectionOfThePersonOnEveryNodeWith4003AndTheLeaveComesAtOnce() throws Exception {
        try (ChatClient mod = user(nodeA(), "mod", "moderator");
             ChatClient g = guest(nodeA());
             ChatClient gOnB = withSession(nodeB(), g.welcome().get("session").asText());
             ChatClient witness = guest(nodeB())) {
            assertEquals(g.uid(), gOnB.uid());
            mod.until("presence");
            mod.until("presence"); // the guest's join, the witness's
            send(mod, "kick", g.uid(), null, "spam");

            assertModeration(mod.expect("moderation"), "kick", g.uid(), mod.uid());
            JsonNode leave = mod.expect("presence");
            ChatClient.assertPresence(leave, "leave", g.uid(), g.nick());
            assertModeration(witness.expect("moderation"), "kick", g.uid(), mod.uid());
            ChatClient.assertPresence(witness.expect("presence"), "leave", g.uid(), g.nick());
            for (ChatClient connection : List.of(g, gOnB)) {
                assertModeration(connection.until("moderation"), "kick", g.uid(), mod.uid());
                assertRemoved(connection, "spam");
            }
        }
    }

    @Test
    void aBanOnOneNodeRefusesTheGuestsSessionOnTheOtherWith403UntilUnbanned() throws Exception {
        try (ChatClient mod = user(nodeA(), "mod", "moderator");
             ChatClient g = guest(nodeA())) {
            String session = g.welcome().get("session").asText();
            send(mod, "ban", g.uid(), 0L, "troll");
            assertModeration(mod.until("moderation"), "ban", g.uid(), mod.uid());
            assertRemoved(g, "troll");

            for (URI node : List.of(nodeB(), nodeA())) {
                assertBanned(node, "chat/" + room + "?session=" + q(session), "troll");
                HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        node.resolve("?room=" + room + "&session=" + q(session))).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, page.statusCode(), "the page tells the browser why its socket is refused");
                assertTrue(page.body().contains("you are banned from this room until lifted: troll"), page.body());
            }
            try (ChatClient elsewhere = ChatClient.join(nodeB(), "chat/" + room + "-elsewhere?session=" + q(session))) {
                assertEquals(g.uid(), elsewhere.uid(), "a ban holds in its room only");
            }

            send(mod, "unban", g.uid(), null, null);
            assertModeration(mod.until("moderation"), "unban", g.uid(), mod.uid());
            try (ChatClient back = withSession(nodeB(), session)) {
                assertEquals(g.uid(), back.uid());
            }
            send(mod, "unban", g.uid(), null, null);
            assertError(mod, "not-found");
        }
    }

    @Test
    void aBanWithADurationEnds() throws Exception {
        try (ChatClient mod = user(nodeA(), "mod", "moderator");
             ChatClient g = guest(nodeA())) {
            String session = g.welcome().get("session").asText();
            send(mod, "ban", g.uid(), 1L, "cool off");
            assertTrue(assertModeration(mod.until("moderation"), "ban", g.uid(), mod.uid()).get("until").asLong()
                    > System.currentTimeMillis() - 5000);
            assertRemoved(g, "cool off");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                try (ChatClient back = withSession(nodeB(), session)) {
                    assertEquals(g.uid(), back.uid());
                    break;
                } catch (IOException refused) {
                    assertTrue(refused.getMessage().contains("403"), refused.getMessage());
                    assertTrue(System.nanoTime() < deadline, "the 1-second ban did not end");
                    Thread.sleep(100);
                }
            }
        }
    }

    @Test
    void aMutedMemberStillReadsButItsPostsAreRefusedAndNotStoredUntilUnmuted() throws Exception {
        try (ChatClient mod = user(nodeA(), "mod", "moderator");
             ChatClient g = guest(nodeB());
             ChatClient witness = guest(nodeA())) {
            send(mod, "mute", g.uid(), 0L, null);
            assertModeration(mod.until("moderation"), "mute", g.uid(), mod.uid());
            assertModeration(g.until("moderation"), "mute", g.uid(), mod.uid());
            g.say("let me speak", "r1");
            JsonNode refused = g.expect("error");
            assertEquals("muted", refused.get("code").asText());
            assertEquals("r1", refused.get("ref").asText());
            assertTrue(refused.get("reason").asText().startsWith("you are muted in this room until lifted"), refused.toString());

            assertModeration(witness.until("moderation"), "mute", g.uid(), mod.uid());
            witness.post("hello", "w1");
            assertEquals("hello", g.expect("message").get("text").asText(), "a muted member still reads");

            send(mod, "unmute", g.uid(), null, null);
            assertModeration(g.until("moderation"), "unmute", g.uid(), mod.uid());
            g.post("thanks", "r2");
        }
        try (ChatClient later = guest(nodeA())) {
            List<String> texts = new java.util.ArrayList<>();
            later.history().get("messages").forEach(m -> texts.add(m.get("text").asText()));
            assertEquals(List.of("hello", "thanks"), texts, "the muted post was not stored");
        }
    }

    @Test
    void aGuestOrAUserWithoutARoleCannotModerate() throws Exception {
        try (ChatClient g = guest(nodeA());
             ChatClient plain = user(nodeA(), "plain");
             ChatClient target = guest(nodeB())) {
            for (ChatClient asker : List.of(g, plain)) {
                send(asker, "kick", target.uid(), null, null);
                assertError(asker, "forbidden");
                send(asker, "ban", target.uid(), 0L, null);
                assertError(asker, "forbidden");
                send(asker, "mute", target.uid(), 60L, null);
                assertError(asker, "forbidden");
            }
            target.post("still here", "t1");
        }
    }

    @Test
    void aModeratorCannotActOnAnAdminButAnAdminActsOnAModerator() throws Exception {
        try (ChatClient mod = user(nodeA(), "mod", "moderator");
             ChatClient admin = user(nodeA(), "boss", "admin")) {
            send(mod, "kick", admin.uid(), null, null);
            assertError(mod, "forbidden");
            send(mod, "ban", admin.uid(), 0L, null);
            assertError(mod, "forbidden");
            send(mod, "mute", admin.uid(), 0L, null);
            assertError(mod, "forbidden");
            send(mod, "kick", mod.uid(), null, null);
            assertError(mod, "forbidden");
            admin.post("unmoved", "a1");

            send(admin, "kick", mod.uid(), null, "enough");
            assertModeration(admin.until("moderation"), "kick", mod.uid(), admin.uid());
            assertRemoved(mod, "enough");
        }
    }

    @Test
    void aRoleClaimInATokenSignedWithAnotherKeyIsRefusedAtTheHandshake() throws Exception {
        ObjectNode claims = Hs256Tokens.claims("mallory-" + room, 3600);
        claims.putArray("roles").add("admin");
        String forged = new Hs256Tokens("not-the-servers-secret-0123456789abcdef").sign(claims);
        for (URI node : List.of(nodeA(), nodeB())) {
            RawWebSocket.HttpHead head = RawWebSocket.exchange(node, "GET", "chat/" + room + "?token=" + q(forged),
                    RawWebSocket.browserHeaders(node, RawWebSocket.newKey()));
            assertEquals(401, head.status(), head.body());
            assertNull(head.header("Sec-WebSocket-Accept"));
        }
    }
}
