package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatsocket.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identity at the handshake (issue 14, docs/identity.md), against servers configured with
 * {@link #SETTINGS}: HS256 tokens minted here with their secret, an issuer and an audience; each
 * refusal answered before the upgrade with its status and reason on every node, and nothing
 * stored; sessions that bring the same person back, on the other node too; private rooms and
 * direct messages; locked and taken nicks; 4001 when the token runs out while connected; one
 * person with several connections is one member, a reconnect inside the presence grace is no
 * presence at all, and a resend after it is acked with the first id.
 *
 * <p>Run on one container ({@link IdentityIT}: both "nodes" are the same server) and on two nodes
 * sharing rooms and the session key through Redis ({@link RedisIdentityIT}). Tokens and sessions
 * are made here with the JDK's HMAC and Jackson: the container tests' class path leaves out nimbus
 * and jakarta.json, which the WAR brings.
 */
abstract class IdentityContract {
    static final String SECRET = "it-secret-0123456789abcdef0123456789abcdef";
    static final String ISSUER = "https://issuer.example";
    static final String AUDIENCE = "chatsocket-it";
    /** The settings of every server these tests run against; the session key is each runner's business. */
    static final Map<String, String> SETTINGS = Map.of(
            "CHATSOCKET_TOKEN_SECRET", SECRET,
            "CHATSOCKET_TOKEN_ISSUER", ISSUER,
            "CHATSOCKET_TOKEN_AUDIENCE", AUDIENCE,
            "CHATSOCKET_PRIVATE_ROOMS", "secret-*",
            // Short, so that a leave comes soon; long enough for a reconnect to land inside it.
            "CHATSOCKET_PRESENCE_GRACE", "3s");

    /** The node most tests connect to. */
    abstract URI nodeA();

    /** The other node: the same server when there is one. */
    abstract URI nodeB();

    /** The key the servers sign sessions with, to make sessions here as the server does. */
    abstract byte[] sessionKey() throws Exception;

    private URI base() {
        return nodeA();
    }

    private List<URI> nodes() {
        return List.of(nodeA(), nodeB());
    }

    /** The HMAC-SHA256 derivation of SessionKey.fromSecret, for runners that set a session secret. */
    static byte[] sessionKeyOfSecret(String secret) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), "chatsocket session key v1");
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** Claims good for an hour: sub, iss, aud, exp. */
    private static ObjectNode claims(String sub) {
        return ChatClient.JSON.createObjectNode().put("sub", sub).put("iss", ISSUER).put("aud", AUDIENCE)
                .put("exp", Instant.now().getEpochSecond() + 3600);
    }

    private static ObjectNode withList(ObjectNode claims, String name, List<String> values) {
        values.forEach(claims.putArray(name)::add);
        return claims;
    }

    private static String token(ObjectNode claims) {
        return token(claims, SECRET);
    }

    /** An HS256 JWT, as bin/mint-token makes it. */
    private static String token(ObjectNode claims, String secret) {
        String signed = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims.toString());
        return signed + "." + B64.encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8), signed));
    }

    /** A session token as SessionTokens writes it (docs/identity.md, "Sessions"), under the servers' key. */
    private String session(ObjectNode payload) throws Exception {
        byte[] key = sessionKey();
        String signed = "s1." + b64(payload.toString());
        return signed + "." + B64.encodeToString(hmac(key, signed));
    }

    private static String b64(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private ChatClient join(String room, String token) throws IOException {
        return join(base(), room, token);
    }

    private static ChatClient join(URI node, String room, String token) throws IOException {
        return ChatClient.join(node, "chat/" + room + "?token=" + q(token));
    }

    private static RawWebSocket.HttpHead handshake(URI node, String path) throws IOException {
        return RawWebSocket.exchange(node, "GET", path, RawWebSocket.browserHeaders(node, RawWebSocket.newKey()));
    }

    /** Refused before the upgrade with this status and reason, on every node. */
    private void assertRefused(int status, String reason, String path) throws IOException {
        for (URI node : nodes()) {
            RawWebSocket.HttpHead head = handshake(node, path);
            assertEquals(status, head.status(), node + path + " -> " + head.status() + " " + head.body());
            assertNull(head.header("Sec-WebSocket-Accept"), "no upgrade for " + node + path);
            assertTrue(head.body().contains(reason), "reason '" + reason + "' in " + head.body());
        }
    }

    /**
     * Nobody was let in and nothing was stored, as every node sees the room: a witness on each
     * (both open at once) finds the two of them alone there, and no message.
     */
    private void assertNothingStored(String room) throws IOException {
        try (ChatClient onA = ChatClient.joinRoom(nodeA(), room)) {
            assertEquals(List.of(onA.uid()), uids(onA.welcome().get("members")), "nobody was let in: " + onA.welcome());
            assertEquals(0, onA.history().get("messages").size(), "nothing stored: " + onA.history());
            try (ChatClient onB = ChatClient.joinRoom(nodeB(), room)) {
                assertEquals(List.of(onA.uid(), onB.uid()), uids(onB.welcome().get("members")), onB.welcome().toString());
                assertEquals(0, onB.history().get("messages").size(), "nothing stored: " + onB.history());
            }
        }
    }

    private static List<String> uids(JsonNode members) {
        return java.util.stream.StreamSupport.stream(members.spliterator(), false).map(m -> m.get("uid").asText()).toList();
    }

    private HttpResponse<String> page(String query) throws IOException, InterruptedException {
        return page(base(), query);
    }

    private static HttpResponse<String> page(URI node, String query) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.resolve(query)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void aValidTokenIsAVerifiedUserWithItsNameAndRoles() throws Exception {
        String room = ChatClient.uniqueRoom("token");
        String t = token(withList(claims("alice-" + room).put("name", "Alice"), "roles", List.of("moderator", "other")));
        try (ChatClient alice = join(room, t)) {
            JsonNode w = alice.welcome();
            assertEquals("alice-" + room, w.get("uid").asText());
            assertEquals("Alice", w.get("nick").asText());
            assertTrue(w.get("verified").asBoolean(), w.toString());
            assertEquals(List.of("moderator"), strings(w.get("roles")));
            assertTrue(w.get("session").asText().startsWith("s1."), w.toString());
            assertFalse(w.has("session_renewed"), w.toString());
        }
        try (ChatClient guest = ChatClient.joinRoom(base(), room)) {
            JsonNode w = guest.welcome();
            assertFalse(w.get("verified").asBoolean());
            assertTrue(w.get("uid").asText().startsWith("guest-"), w.toString());
            assertTrue(w.get("nick").asText().startsWith("guest-"), w.toString());
            assertEquals(0, w.get("roles").size());
        }
    }

    @Test
    void badTokensAreRefusedWith401AndTheirReasonAndNothingIsStored() throws Exception {
        String room = ChatClient.uniqueRoom("badtoken");
        Instant now = Instant.now();
        String payload = "{\"sub\":\"mallory\",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"exp\":"
                + (now.getEpochSecond() + 3600) + "}";
        String algNone = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload) + ".";
        Map<String, String> refusals = Map.of(
                token(claims("mallory"), "another-secret-0123456789abcdef0123456789"), "token signature is not valid",
                algNone, "token algorithm not accepted",
                token(claims("mallory").put("exp", now.getEpochSecond() - 300)), "token expired",
                token(claims("mallory").put("nbf", now.getEpochSecond() + 300)), "token not yet valid",
                token(claims("mallory").put("iss", "https://elsewhere.example")), "token issuer not accepted",
                token(claims("mallory").put("aud", "someone-else")), "token audience not accepted",
                token((ObjectNode) claims("mallory").without("exp")), "token has no exp");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            assertRefused(401, refusal.getValue(), "chat/" + room + "?token=" + q(refusal.getKey()));
        }
        String otherRoom = token(withList(claims("mallory"), "rooms", List.of("somewhere-else")));
        assertRefused(403, "this token does not allow this room", "chat/" + room + "?token=" + q(otherRoom));
        String forgedSession = session(ChatClient.JSON.createObjectNode().put("uid", "mallory"))
                .replaceFirst("\\.[^.]*$", ".AAAA");
        assertRefused(401, "session is not valid", "chat/" + room + "?session=" + q(forgedSession));
        assertNothingStored(room);
    }

    @Test
    void aSessionBringsTheSamePersonBackAForgedOneIsRefusedAnExpiredOneIsRenewed() throws Exception {
        String room = ChatClient.uniqueRoom("session");
        String session;
        String uid;
        try (ChatClient guest = ChatClient.joinRoom(base(), room)) {
            uid = guest.uid();
            guest.rename("Zed");
            guest.until("presence");
            session = guest.welcome().get("session").asText();
        }
        // The session restores the uid, on the other node too (every node has the same session key);
        // back inside the presence grace, the person never left the room and keeps the nick chosen there.
        try (ChatClient again = ChatClient.join(nodeB(), "chat/" + room + "?session=" + q(session))) {
            assertEquals(uid, again.uid());
            assertEquals("Zed", again.nick(), again.welcome().toString());
            assertFalse(again.welcome().has("session_renewed"));
        }
        // After the grace, or in another room, the nick comes from the session: the one sent when it was taken.
        String renamed;
        try (ChatClient guest = ChatClient.join(base(), "chat/" + room + "?session=" + q(session))) {
            guest.rename("Quinn");
            renamed = guest.until("session").get("session").asText();
            assertEquals(uid, guest.uid());
        }
        try (ChatClient elsewhere = ChatClient.join(nodeB(), "chat/" + room + "-other?session=" + q(renamed))) {
            assertEquals(uid, elsewhere.uid());
            assertEquals("Quinn", elsewhere.nick(), elsewhere.welcome().toString());
        }
        String t = token(claims("bob-" + room).put("name", "Bob"));
        String bobSession;
        try (ChatClient bob = join(room, t)) {
            bobSession = bob.welcome().get("session").asText();
        }
        try (ChatClient bob = ChatClient.join(nodeB(), "chat/" + room + "?session=" + q(bobSession))) {
            assertEquals("bob-" + room, bob.uid());
            assertEquals("Bob", bob.nick());
            assertTrue(bob.welcome().get("verified").asBoolean());
        }
        String forged = bobSession.substring(0, bobSession.length() - 2)
                + (bobSession.endsWith("AA") ? "BB" : "AA");
        assertRefused(401, "session is not valid", "chat/" + room + "?session=" + q(forged));

        long longAgo = Instant.now().getEpochSecond() - 2 * 86400;
        ObjectNode old = ChatClient.JSON.createObjectNode().put("uid", "guest-AAAAAAAAAAAAAAAAAAAAAA")
                .put("name", "guest-AAAAAA").put("verified", false).put("iat", longAgo).put("exp", longAgo + 3600);
        old.putArray("roles");
        String expired = session(old);
        // The same payload, still valid: the hand-made session is what the server writes.
        ObjectNode current = old.deepCopy().put("exp", Instant.now().getEpochSecond() + 3600);
        try (ChatClient same = ChatClient.join(base(), "chat/" + room + "?session=" + q(session(current)))) {
            assertEquals("guest-AAAAAAAAAAAAAAAAAAAAAA", same.uid());
        }
        try (ChatClient renewed = ChatClient.join(nodeB(), "chat/" + room + "?session=" + q(expired))) {
            assertTrue(renewed.welcome().path("session_renewed").asBoolean(), renewed.welcome().toString());
            assertTrue(renewed.uid().startsWith("guest-"));
            assertNotEquals("guest-AAAAAAAAAAAAAAAAAAAAAA", renewed.uid());
        }
    }

    @Test
    void privateRoomsAndDirectMessagesKeepStrangersOut() throws Exception {
        String suffix = ChatClient.uniqueRoom("x");
        String privateRoom = "secret-" + suffix;
        String member = token(withList(claims("ann-" + suffix), "rooms", List.of("secret-*", "@*")));
        String stranger = token(claims("sam-" + suffix));
        try (ChatClient ann = join(privateRoom, member)) {
            ann.post("for members only", "p1");
        }
        assertRefused(403, "you are not allowed in this room", "chat/" + privateRoom);
        assertRefused(403, "you are not allowed in this room", "chat/" + privateRoom + "?token=" + q(stranger));
        // The page applies the same rule, and shows none of the room's history.
        for (URI node : nodes()) {
            HttpResponse<String> page = page(node, "?room=" + privateRoom);
            assertEquals(403, page.statusCode(), page.body());
            assertTrue(page.body().contains("you are not allowed in this room"), page.body());
            assertFalse(page.body().contains("for members only"), page.body());
        }
        HttpResponse<String> allowed = page("?room=" + privateRoom + "&token=" + q(member));
        assertEquals(200, allowed.statusCode());
        assertTrue(allowed.body().contains("for members only"));

        // Direct messages: the same room whoever opens it, and its history; nobody else gets in.
        String bea = token(claims("bea-" + suffix));
        String dm;
        try (ChatClient ann = join("@bea-" + suffix, member)) {
            dm = ann.welcome().get("room").asText();
            assertTrue(dm.startsWith("dm-"), dm);
            ann.post("hello bea", "d1");
        }
        try (ChatClient b = join(nodeB(), "@ann-" + suffix, bea)) {
            assertEquals(dm, b.welcome().get("room").asText());
            assertEquals("hello bea", b.history().get("messages").get(0).get("text").asText());
        }
        assertRefused(403, "direct messages are opened with @uid", "chat/" + dm + "?token=" + q(stranger));
        assertRefused(403, "guests may not open direct messages", "chat/@ann-" + suffix);
        // Nothing of the strangers' reached the direct messages: the one message there is ann's.
        try (ChatClient b = join(nodeB(), "@ann-" + suffix, bea)) {
            assertEquals(1, b.history().get("messages").size(), b.history().toString());
        }
        try (ChatClient ann = join(privateRoom, member)) {
            assertEquals(1, ann.history().get("messages").size(), "and only ann's in the private room: " + ann.history());
        }
        try (ChatClient sam = join(nodeB(), "@ann-" + suffix, stranger)) {
            assertNotEquals(dm, sam.welcome().get("room").asText(), "a third person has another room with ann");
            assertEquals(0, sam.history().get("messages").size());
        }
    }

    @Test
    void aVerifiedNickIsLockedAndAGuestCannotTakeIt() throws Exception {
        String room = ChatClient.uniqueRoom("nicks");
        try (ChatClient carol = join(room, token(claims("carol-" + room).put("name", "Carol")));
             ChatClient guest = ChatClient.joinRoom(base(), room)) {
            carol.until("presence");
            carol.rename("Caroline");
            JsonNode locked = carol.expect("error");
            assertEquals("nick-locked", locked.get("code").asText());
            guest.rename("carol");
            JsonNode taken = guest.expect("error");
            assertEquals("nick-taken", taken.get("code").asText());
            guest.rename("Dave");
            JsonNode renamed = guest.until("presence");
            assertEquals("Dave", renamed.get("nick").asText());
        }
    }

    @Test
    void aTokenThatRunsOutWhileConnectedClosesWith4001() throws Exception {
        String room = ChatClient.uniqueRoom("expiry");
        String t = token(claims("dan-" + room).put("exp", Instant.now().getEpochSecond() + 3));
        try (ChatClient dan = join(nodeB(), room, t)) {
            RawWebSocket.ServerFrame close = dan.raw().readClose();
            assertEquals(4001, close.closeCode());
            assertEquals("token expired", close.closeReason());
        }
    }

    @Test
    void twoTabsOfOneUserAreOneMemberAndOnlyThePostingTabIsAcked() throws Exception {
        String room = ChatClient.uniqueRoom("tabs");
        String uid = "tina-" + room;
        String t = token(claims(uid).put("name", "Tina"));
        try (ChatClient witness = ChatClient.joinRoom(base(), room);
             ChatClient tab1 = join(room, t)) {
            JsonNode joined = witness.expect("presence");
            ChatClient.assertPresence(joined, "join", uid, "Tina");
            assertTrue(joined.get("verified").asBoolean(), "a token holder is verified: " + joined);
            try (ChatClient tab2 = join(room, t)) {
                JsonNode members = tab2.welcome().get("members");
                assertEquals(List.of(witness.uid(), uid), members.findValuesAsText("uid"), "one entry per person");
                assertFalse(members.get(0).get("verified").asBoolean(), members.toString());
                assertTrue(members.get(1).get("verified").asBoolean(), members.toString());

                long id = tab1.post("from the first tab", "t1").get("id").asLong();
                assertEquals(id, tab2.expect("message").get("id").asLong(), "the other tab gets the message, no ack");
                assertEquals(id, witness.expect("message").get("id").asLong(), "and nobody a join for the second tab");

                tab1.leave();
                // The witness's own marker comes next: the first tab's going was no leave.
                witness.post("marker", "w1");
                assertEquals("marker", tab2.expect("message").get("text").asText());
            }
            ChatClient.assertPresence(witness.expect("presence"), "leave", uid, "Tina");
        }
    }

    @Test
    void aReconnectInsideTheGraceIsNoPresenceAndAResendThenIsAckedWithTheFirstIdAndStoredOnce() throws Exception {
        String room = ChatClient.uniqueRoom("reconnect");
        try (ChatClient witness = ChatClient.joinRoom(base(), room)) {
            ChatClient guest = ChatClient.joinRoom(base(), room);
            ChatClient.assertPresence(witness.expect("presence"), "join", guest.uid(), guest.nick());
            // Leaves just after the guest and does not come back: its leave marks the end of the guest's grace.
            ChatClient other = ChatClient.joinRoom(base(), room);
            ChatClient.assertPresence(witness.expect("presence"), "join", other.uid(), other.nick());
            guest.expect("presence");
            long id = guest.post("only once", "g1").get("id").asLong();
            witness.expect("message");
            String session = guest.welcome().get("session").asText();

            guest.leave();
            other.leave();
            try (ChatClient back = ChatClient.join(base(), "chat/" + room + "?session=" + q(session))) {
                assertEquals(guest.uid(), back.uid());
                assertEquals(guest.nick(), back.nick());
                assertEquals(1, back.welcome().get("members").findValuesAsText("uid").stream()
                        .filter(guest.uid()::equals).count(), back.welcome().toString());
                back.say("only once", "g1");
                JsonNode ack = back.until("ack");
                ChatClient.assertAckShape(ack, "g1");
                assertEquals(id, ack.get("id").asLong(), "the resend is acked with the first id");

                ChatClient.assertPresence(witness.expect("presence"), "leave", other.uid(), other.nick());
                // Past the guest's grace now: its leave, or a join, or the resend, would have come before.
                witness.post("marker", "w1");
                assertEquals("marker", back.until("message").get("text").asText(), "the resend was not broadcast");
            }
        }
        try (ChatClient late = ChatClient.joinRoom(base(), room)) {
            assertEquals(List.of("only once", "marker"),
                    late.history().get("messages").findValuesAsText("text"), "stored once");
        }
    }
}
