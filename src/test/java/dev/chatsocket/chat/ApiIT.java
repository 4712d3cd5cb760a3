package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API (docs/api.md) on each container, against the real WAR with keys in its
 * {@code chatsocket.properties}: every refusal with its status and reason (and the attacks on the
 * key: none, a wrong one, another deployment's, one differing in a character, an empty bearer),
 * then posting (as a bot, seen live by a member), idempotent refs, paging back and the members.
 */
@ExtendWith(ArquillianExtension.class)
class ApiIT {
    static final String SITE_KEY = "site-key-0123456789abcdef0123456789abcdef";
    static final String HELPDESK_KEY = "helpdesk-0123456789abcdef0123456789abcdef";
    /** A key of its own for the rate test, so that emptying its bucket slows no other test. */
    private static final String FLOOD_KEY = "flood-key-0123456789abcdef0123456789abcde";
    /** One request a second after a burst of 100: the flood test passes the burst whatever the machine's speed. */
    private static final int BURST = 100;

    @Deployment(testable = false)
    static WebArchive war() {
        String properties = "CHATSOCKET_API_KEYS=site:" + SITE_KEY + ",helpdesk:" + HELPDESK_KEY + ",flood:" + FLOOD_KEY + "\n"
                + "CHATSOCKET_API_RATE=1\n"
                + "CHATSOCKET_API_BURST=" + BURST + "\n";
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(properties), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    private URI base() {
        return ChatClient.uri(base);
    }

    private ApiClient site() {
        return ApiClient.withKey(base(), SITE_KEY);
    }

    @Test
    void withoutTheRightKeyEveryEndpointIs401WithAChallenge() throws Exception {
        String room = ChatClient.uniqueRoom("keys");
        site().posted(room, "exists", null);
        char last = SITE_KEY.charAt(SITE_KEY.length() - 1);
        String oneCharOff = SITE_KEY.substring(0, SITE_KEY.length() - 1) + (char) (last == 'f' ? 'e' : 'f');
        List<ApiClient> strangers = List.of(
                ApiClient.withAuthorization(base(), null),
                ApiClient.withKey(base(), "another-deployments-key-0123456789abcdef"),
                ApiClient.withKey(base(), oneCharOff),
                ApiClient.withKey(base(), SITE_KEY.substring(0, SITE_KEY.length() - 1)),
                ApiClient.withAuthorization(base(), "Bearer "),
                ApiClient.withAuthorization(base(), "Basic " + SITE_KEY),
                ApiClient.withAuthorization(base(), SITE_KEY));
        for (ApiClient stranger : strangers) {
            for (ApiClient.Answer answer : List.of(
                    stranger.post(room, "not mine to say", null),
                    stranger.get("api/v1/rooms/" + room + "/messages"),
                    stranger.get("api/v1/rooms/" + room + "/members"),
                    stranger.get("api/v1/no/such/endpoint"))) {
                answer.refused(401, "unauthorized");
                assertEquals("Bearer realm=\"chatsocket\"",
                        answer.response().headers().firstValue("WWW-Authenticate").orElse(null));
            }
        }
        JsonNode page = site().get("api/v1/rooms/" + room + "/messages").json();
        assertEquals(1, page.get("messages").size(), "nothing a stranger sent was stored: " + page);
    }

    @Test
    void badRequestsAre4xxWithAReason() throws Exception {
        String room = ChatClient.uniqueRoom("bad");
        ApiClient api = site();
        String messages = "api/v1/rooms/" + room + "/messages";
        api.postJson(messages, "{\"text\":").refused(400, "bad-request");
        api.postJson(messages, "[\"text\"]").refused(400, "bad-request");
        api.postJson(messages, "{\"ref\":\"r1\"}").refused(400, "bad-request");
        api.postJson(messages, "{\"text\":12}").refused(400, "bad-request");
        api.postJson(messages, "{\"text\":\"   \"}").refused(400, "bad-request");
        api.postJson(messages, "{\"text\":\"hi\",\"ref\":" + "\"" + "r".repeat(65) + "\"}").refused(400, "bad-request");
        api.postJson(messages, "{\"type\":\"nick\",\"text\":\"hi\"}").refused(400, "bad-request");
        ApiClient.Answer tooLong = api.post(room, "x".repeat(4001), null).refused(400, "bad-request");
        assertTrue(tooLong.reason().contains("4000"), tooLong.reason());
        api.send("POST", messages, "text/plain", "{\"text\":\"hi\"}").refused(415, "unsupported-media-type");
        api.post("bad.room", "hi", null).refused(400, "bad-request");
        api.post("r".repeat(65), "hi", null).refused(400, "bad-request");
        api.get("api/v1/rooms/" + room + "/nothing").refused(404, "not-found");
        ApiClient.Answer put = api.send("PUT", messages, "application/json", "{\"text\":\"hi\"}").refused(405, "method-not-allowed");
        assertEquals("GET, HEAD, POST", put.response().headers().firstValue("Allow").orElse(null));
        api.send("DELETE", messages + "/abc", null, null).refused(400, "bad-request");

        api.posted(room, "now the room exists", null);
        api.get(messages + "?before=abc").refused(400, "bad-request");
        api.get(messages + "?before=0").refused(400, "bad-request");
        api.get(messages + "?before=-5").refused(400, "bad-request");
        api.get(messages + "?limit=0").refused(400, "bad-request");
        api.get(messages + "?limit=101").refused(400, "bad-request");
        assertEquals(1, api.get(messages).json().get("messages").size(), "none of the bad posts was stored");
    }

    @Test
    void aRoomNobodyUsedIsNotFoundOnARead() throws Exception {
        String room = ChatClient.uniqueRoom("unknown");
        site().get("api/v1/rooms/" + room + "/messages").refused(404, "not-found");
        site().get("api/v1/rooms/" + room + "/members").refused(404, "not-found");
    }

    /**
     * The body's declared length is over the limit: the server answers 413 without reading it. The
     * request goes on a raw socket that sends the head only, so the answer cannot race a client still
     * writing a body the server will never read (a reset instead of the answer), and the read is
     * bounded by the socket's timeout.
     */
    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        String room = ChatClient.uniqueRoom("big");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", base().getHost() + ":" + base().getPort());
        headers.put("Authorization", "Bearer " + SITE_KEY);
        headers.put("Content-Type", "application/json");
        headers.put("Content-Length", String.valueOf(70 << 10));
        headers.put("Connection", "close");
        RawWebSocket.HttpHead refused = RawWebSocket.exchange(base(), "POST", "api/v1/rooms/" + room + "/messages", headers);
        assertEquals(413, refused.status(), refused.body());
        JsonNode json = ChatClient.JSON.readTree(refused.body());
        assertEquals("too-large", json.path("error").asText(), refused.body());
        assertTrue(json.path("reason").asText().contains("65536"), refused.body());
    }

    @Test
    void aKeyOverItsRateIs429WithRetryAfterAndOtherKeysGoOn() throws Exception {
        String room = ChatClient.uniqueRoom("rate");
        site().posted(room, "exists", null);
        ApiClient flood = ApiClient.withKey(base(), FLOOD_KEY);
        ApiClient.Answer refused = null;
        for (int i = 0; i < 2 * BURST && refused == null; i++) {
            ApiClient.Answer answer = flood.get("api/v1/rooms/" + room + "/messages?limit=1");
            if (answer.status() == 429) {
                refused = answer;
            } else {
                assertEquals(200, answer.status(), answer.response().body());
            }
        }
        assertTrue(refused != null, "no 429 within twice the burst");
        refused.refused(429, "rate-limited");
        assertEquals("1", refused.response().headers().firstValue("Retry-After").orElse(null));
        assertEquals(200, ApiClient.withKey(base(), HELPDESK_KEY).get("api/v1/rooms/" + room + "/messages").status(),
                "another key has its own rate");
    }

    @Test
    void aPostIsStoredAndBroadcastAsTheKeysBotAndARefPostsOnce() throws Exception {
        String room = ChatClient.uniqueRoom("post");
        try (ChatClient member = ChatClient.joinRoom(base(), room)) {
            ApiClient.Answer created = site().post(room, "maintenance at 22:00", "maint-1");
            assertEquals(201, created.status(), created.response().body());
            long id = created.json().get("id").asLong();
            assertEquals(room, created.json().get("room").asText());
            String location = URI.create(created.response().headers().firstValue("Location").orElseThrow()).getPath();
            assertTrue(location.endsWith("/api/v1/rooms/" + room + "/messages/" + id), location);

            JsonNode live = member.expect("message");
            assertEquals(id, live.get("id").asLong());
            assertEquals("maintenance at 22:00", live.get("text").asText());
            assertEquals("bot:site", live.get("uid").asText());
            assertEquals("site", live.get("nick").asText());
            assertTrue(live.get("bot").asBoolean(), live.toString());

            ApiClient.Answer again = site().post(room, "maintenance at 22:00", "maint-1");
            assertEquals(200, again.status(), again.response().body());
            assertEquals(id, again.json().get("id").asLong(), "the same ref answers the same id");
            // Another key's same ref is its own post.
            long other = ApiClient.withKey(base(), HELPDESK_KEY).posted(room, "helpdesk here", "maint-1");
            assertTrue(other > id);
            JsonNode next = member.expect("message");
            assertEquals(other, next.get("id").asLong(), "the repeat was not broadcast: " + next);
            assertEquals("bot:helpdesk", next.get("uid").asText());

            JsonNode page = site().get("api/v1/rooms/" + room + "/messages").json();
            List<Long> ids = new ArrayList<>();
            page.get("messages").forEach(m -> ids.add(m.get("id").asLong()));
            assertEquals(List.of(id, other), ids, "stored once: " + page);
            assertTrue(page.get("messages").get(0).get("bot").asBoolean());
            assertFalse(page.get("more").asBoolean());
        }
        try (ChatClient later = ChatClient.joinRoom(base(), room)) {
            JsonNode first = later.history().get("messages").get(0);
            assertTrue(first.get("bot").asBoolean(), "the history keeps the mark: " + first);
        }
    }

    @Test
    void aPostToARoomNobodyIsInIsKeptForWhoeverComes() throws Exception {
        String room = ChatClient.uniqueRoom("empty");
        long id = site().posted(room, "first, before anyone", "e1");
        try (ChatClient member = ChatClient.joinRoom(base(), room)) {
            JsonNode history = member.history().get("messages");
            assertEquals(1, history.size(), history.toString());
            assertEquals(id, history.get(0).get("id").asLong());
            assertTrue(history.get(0).get("bot").asBoolean());
            assertFalse(member.post("a person's", "p1").has("bot"), "a member's message has no bot field");
        }
    }

    @Test
    void pagesGoBackToTheFirstMessageNewestLast() throws Exception {
        String room = ChatClient.uniqueRoom("pages");
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add(site().posted(room, "m" + i, "p" + i));
        }
        List<Long> read = new ArrayList<>();
        String query = "?limit=3";
        List<Boolean> mores = new ArrayList<>();
        while (true) {
            JsonNode page = site().get("api/v1/rooms/" + room + "/messages" + query).json();
            List<Long> ids = new ArrayList<>();
            page.get("messages").forEach(m -> ids.add(m.get("id").asLong()));
            assertEquals(ids.stream().sorted().toList(), ids, "oldest first, newest last: " + page);
            read.addAll(0, ids);
            mores.add(page.get("more").asBoolean());
            if (!page.get("more").asBoolean()) {
                break;
            }
            query = "?limit=3&before=" + ids.get(0);
        }
        assertEquals(all, read);
        assertEquals(List.of(true, true, false), mores);
        assertEquals(all.subList(5, 7), idsOf(site().get("api/v1/rooms/" + room + "/messages?limit=2").json()));
        ApiClient.Answer head = site().send("HEAD", "api/v1/rooms/" + room + "/messages?limit=2", null, null);
        assertEquals(200, head.status());
        assertEquals("", head.response().body(), "HEAD: the GET's answer without its body");
    }

    private static List<Long> idsOf(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("messages").forEach(m -> ids.add(m.get("id").asLong()));
        return ids;
    }

    @Test
    void membersListsThePeopleConnected() throws Exception {
        String room = ChatClient.uniqueRoom("members");
        try (ChatClient ann = ChatClient.joinRoom(base(), room); ChatClient bob = ChatClient.joinRoom(base(), room)) {
            JsonNode answer = site().get("api/v1/rooms/" + room + "/members").json();
            assertEquals(room, answer.get("room").asText());
            List<String> uids = new ArrayList<>();
            answer.get("members").forEach(m -> {
                uids.add(m.get("uid").asText());
                assertFalse(m.get("verified").asBoolean(), "guests: " + m);
                assertTrue(m.get("nick").asText().length() > 0);
            });
            List<String> expected = new ArrayList<>(List.of(ann.uid(), bob.uid()));
            Collections.sort(expected);
            Collections.sort(uids);
            assertEquals(expected, uids, answer.toString());
        }
    }

    @Test
    void aDeleteRemovesTheTextForEveryoneAndTheStore() throws Exception {
        String room = ChatClient.uniqueRoom("delete");
        try (ChatClient member = ChatClient.joinRoom(base(), room)) {
            long id = member.post("something to take back", "p1").get("id").asLong();
            long kept = site().posted(room, "this one stays", null);
            member.expect("message");

            ApiClient.Answer deleted = site().send("DELETE", "api/v1/rooms/" + room + "/messages/" + id, null, null);
            assertEquals(200, deleted.status(), deleted.response().body());
            long event = deleted.json().get("id").asLong();
            assertTrue(event > kept, "a delete takes an id of its own: " + deleted.json());
            assertEquals(id, deleted.json().get("target").asLong());

            JsonNode frame = member.expect("delete");
            assertEquals(event, frame.get("id").asLong());
            assertEquals(id, frame.get("target").asLong());
            assertEquals("bot:site", frame.get("by").asText());

            JsonNode page = site().get("api/v1/rooms/" + room + "/messages").json();
            JsonNode gone = page.get("messages").get(0);
            assertEquals(id, gone.get("id").asLong());
            assertTrue(gone.get("deleted").asBoolean(), page.toString());
            assertFalse(gone.has("text"), "the text is gone: " + gone);
            assertFalse(page.toString().contains("something to take back"));
            assertEquals("this one stays", page.get("messages").get(1).get("text").asText());

            site().send("DELETE", "api/v1/rooms/" + room + "/messages/" + id, null, null).refused(404, "not-found");
            site().send("DELETE", "api/v1/rooms/" + room + "/messages/999999", null, null).refused(404, "not-found");
        }
        site().send("DELETE", "api/v1/rooms/" + ChatClient.uniqueRoom("never") + "/messages/1", null, null)
                .refused(404, "not-found");
    }

    @Test
    void aKickClosesTheMemberWith4003() throws Exception {
        String room = ChatClient.uniqueRoom("kick");
        try (ChatClient member = ChatClient.joinRoom(base(), room)) {
            ApiClient.Answer kicked = site().postJson("api/v1/rooms/" + room + "/kick",
                    "{\"uid\":\"" + member.uid() + "\",\"reason\":\"take a break\"}");
            assertEquals(200, kicked.status(), kicked.response().body());
            assertEquals("kick", kicked.json().get("action").asText());
            assertEquals(member.uid(), kicked.json().get("uid").asText());
            RawWebSocket.ServerFrame close = member.raw().readClose();
            assertEquals(4003, close.closeCode());
            assertEquals("take a break", close.closeReason());
        }
        site().postJson("api/v1/rooms/" + room + "/kick", "{\"uid\":\"guest-nobody\"}").refused(404, "not-found");
        site().postJson("api/v1/rooms/" + room + "/kick", "{\"uid\":\"\"}").refused(400, "bad-request");
        site().postJson("api/v1/rooms/" + room + "/ban", "{\"uid\":\"someone\"}").refused(400, "bad-request");
        site().postJson("api/v1/rooms/" + room + "/kick", "{\"uid\":\"bot:site\"}").refused(403, "forbidden");
    }

    @Test
    void aBanClosesTheMemberAndRefusesItsHandshakesUntilUnbanned() throws Exception {
        String room = ChatClient.uniqueRoom("ban");
        String uid;
        String session;
        try (ChatClient member = ChatClient.joinRoom(base(), room)) {
            uid = member.uid();
            session = member.welcome().get("session").asText();
            ApiClient.Answer banned = site().postJson("api/v1/rooms/" + room + "/ban",
                    "{\"uid\":\"" + uid + "\",\"duration\":0,\"reason\":\"spam\"}");
            assertEquals(200, banned.status(), banned.response().body());
            assertEquals(0, banned.json().get("duration").asLong());
            assertEquals(4003, member.raw().readClose().closeCode());
        }
        String path = "chat/" + room + "?session=" + java.net.URLEncoder.encode(session, java.nio.charset.StandardCharsets.UTF_8);
        RawWebSocket.HttpHead refused = RawWebSocket.exchange(base(), "GET", path,
                RawWebSocket.browserHeaders(base(), RawWebSocket.newKey()));
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.body().contains("spam"), refused.body());

        assertEquals(200, site().postJson("api/v1/rooms/" + room + "/unban", "{\"uid\":\"" + uid + "\"}").status());
        try (ChatClient back = ChatClient.join(base(), path)) {
            assertEquals(uid, back.uid(), "the same person, let in again");
        }
        site().postJson("api/v1/rooms/" + room + "/unban", "{\"uid\":\"" + uid + "\"}").refused(404, "not-found");
    }

    @Test
    void aMutedMemberReadsButCannotPostUntilUnmuted() throws Exception {
        String room = ChatClient.uniqueRoom("mute");
        try (ChatClient member = ChatClient.joinRoom(base(), room)) {
            ApiClient.Answer muted = site().postJson("api/v1/rooms/" + room + "/mute",
                    "{\"uid\":\"" + member.uid() + "\",\"duration\":600}");
            assertEquals(200, muted.status(), muted.response().body());
            assertEquals(600, muted.json().get("duration").asLong());
            assertEquals("mute", member.until("moderation").get("action").asText());
            member.say("let me speak", "m1");
            assertEquals("muted", member.until("error").get("code").asText());
            long id = site().posted(room, "the site still speaks", null);
            assertEquals(id, member.until("message").get("id").asLong(), "a muted member still reads");

            assertEquals(200, site().postJson("api/v1/rooms/" + room + "/unmute", "{\"uid\":\"" + member.uid() + "\"}").status());
            assertEquals("unmute", member.until("moderation").get("action").asText());
            assertEquals("now I may", member.post("now I may", "m2").get("text").asText());
        }
    }
}
