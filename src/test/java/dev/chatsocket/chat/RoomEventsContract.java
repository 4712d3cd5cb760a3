package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatsocket.testsupport.Hs256Tokens;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edits and deletes as room events (issue 16, docs/protocol.md "Edits and deletes"), over real
 * sockets against servers configured with {@link #SETTINGS}: every rule and error code, the edit
 * window, deleted text gone from history and pages, a resuming client getting the edits and
 * deletes made while it was away, and who may delete whose message (guests, users with tokens,
 * moderators, admins). What is done on node A is observed on node B.
 *
 * <p>Run on one container ({@link RoomEventsIT}: both "nodes" are the same server), and on two
 * nodes sharing rooms through Redis.
 */
abstract class RoomEventsContract {
    static final String SECRET = "events-it-secret-0123456789abcdef0123456789";
    /** Short enough to outlast in a test, long enough for every other edit here to land inside it. */
    static final long EDIT_WINDOW_MILLIS = 8000;
    /** The settings of every server these tests run against. */
    static final Map<String, String> SETTINGS = Map.of(
            "CHATSOCKET_TOKEN_SECRET", SECRET,
            "CHATSOCKET_EDIT_WINDOW", EDIT_WINDOW_MILLIS + "ms",
            "CHATSOCKET_USER_RATE_MESSAGES", "1000",
            "CHATSOCKET_USER_RATE_MESSAGE_BURST", "1000");
    private static final Hs256Tokens TOKENS = new Hs256Tokens(SECRET);

    /** The node the changes are made on. */
    abstract URI nodeA();

    /** The node they are observed on: the same server when there is one. */
    abstract URI nodeB();

    private final String room = ChatClient.uniqueRoom("events");

    /** A signed-in person with a token, and its roles. */
    private ChatClient user(URI node, String uid, String... roles) throws IOException {
        ObjectNode claims = Hs256Tokens.claims(uid, 3600).put("name", uid);
        List.of(roles).forEach(claims.putArray("roles")::add);
        String token = URLEncoder.encode(TOKENS.sign(claims), StandardCharsets.UTF_8);
        return ChatClient.join(node, "chat/" + room + "?token=" + token);
    }

    private ChatClient guest(URI node) throws IOException {
        return ChatClient.joinRoom(node, room);
    }

    /** The chat page of the room, as the server renders it (its recent history in it). */
    private String page(URI node) throws IOException, InterruptedException {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.resolve("?room=" + room)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        return page.body();
    }

    private static void edit(ChatClient client, long id, String text, String ref) throws IOException {
        client.send(ChatClient.JSON.createObjectNode().put("type", "edit").put("id", id).put("text", text).put("ref", ref));
    }

    private static void delete(ChatClient client, long id, String ref) throws IOException {
        client.send(ChatClient.JSON.createObjectNode().put("type", "delete").put("id", id).put("ref", ref));
    }

    /** The next frame is an {@code error} with {@code code} and {@code ref}, and exactly its fields. */
    private static void expectError(ChatClient client, String code, String ref) throws IOException {
        JsonNode error = client.expect("error");
        assertEquals(new TreeSet<>(List.of("type", "code", "reason", "ref")), ChatClient.fieldNames(error), error.toString());
        assertEquals(code, error.get("code").asText(), error.toString());
        assertEquals(ref, error.get("ref").asText(), error.toString());
    }

    /** An {@code edit} frame with exactly its documented fields. */
    private static void assertEditFrame(JsonNode edit, long id, long target, String text, String uid) {
        assertEquals(new TreeSet<>(List.of("type", "id", "target", "text", "uid", "ts")), ChatClient.fieldNames(edit), edit.toString());
        assertEquals("edit", edit.get("type").asText());
        assertEquals(id, edit.get("id").asLong());
        assertEquals(target, edit.get("target").asLong());
        assertEquals(text, edit.get("text").asText());
        assertEquals(uid, edit.get("uid").asText());
        assertTrue(edit.get("ts").isIntegralNumber(), edit.toString());
    }

    private static void assertDeleteFrame(JsonNode delete, long id, long target, String by) {
        assertEquals(new TreeSet<>(List.of("type", "id", "target", "by", "ts")), ChatClient.fieldNames(delete), delete.toString());
        assertEquals("delete", delete.get("type").asText());
        assertEquals(id, delete.get("id").asLong());
        assertEquals(target, delete.get("target").asLong());
        assertEquals(by, delete.get("by").asText());
        assertTrue(delete.get("ts").isIntegralNumber(), delete.toString());
    }

    /** The ack for {@code ref}; returns its id. */
    private static long expectAck(ChatClient client, String ref) throws IOException {
        JsonNode ack = client.expect("ack");
        ChatClient.assertAckShape(ack, ref);
        return ack.get("id").asLong();
    }

    @Test
    void anEditOfOnesOwnMessageIsAnEventWithAnIdOfItsOwnThatEveryoneGets() throws IOException, InterruptedException {
        try (ChatClient ana = user(nodeA(), "ana"); ChatClient onB = guest(nodeB())) {
            ana.until("presence");
            long posted = ana.post("helo", "p1").get("id").asLong();
            assertEquals(posted, onB.expect("message").get("id").asLong());

            edit(ana, posted, "hello", "e1");
            long id = expectAck(ana, "e1");
            assertTrue(id > posted, "a change takes the next id");
            assertEditFrame(ana.expect("edit"), id, posted, "hello", "ana");
            assertEditFrame(onB.expect("edit"), id, posted, "hello", "ana");

            try (ChatClient later = guest(nodeB())) {
                JsonNode messages = later.history().get("messages");
                JsonNode message = messages.get(0);
                assertEquals(new TreeSet<>(List.of("type", "id", "room", "uid", "nick", "text", "ts", "edited")),
                        ChatClient.fieldNames(message), message.toString());
                assertEquals("hello", message.get("text").asText());
                assertTrue(message.get("edited").asLong() >= message.get("ts").asLong(), message.toString());
                assertEditFrame(messages.get(1), id, posted, "hello", "ana");
            }
            assertTrue(page(nodeB()).contains("<span class=\"text\">hello</span> <span class=\"edited-mark\">(edited)</span>"),
                    "the chat page marks it edited");
            ana.until("presence"); // the later one's join
            assertTrue(ana.post("next", "p2").get("id").asLong() > id, "ids only grow");
        }
    }

    @Test
    void oneUserEditingAnothersMessageIsRefusedAndChangesNothing() throws IOException {
        try (ChatClient ana = user(nodeA(), "ana"); ChatClient bo = user(nodeB(), "bo")) {
            ana.until("presence");
            long posted = ana.post("mine", "p1").get("id").asLong();
            bo.expect("message");
            edit(bo, posted, "yours now", "e1");
            expectError(bo, "forbidden", "e1");
            delete(bo, posted, "d1");
            expectError(bo, "forbidden", "d1");
            long marker = bo.post("marker", "p2").get("id").asLong();
            assertEquals(marker, ana.expect("message").get("id").asLong(), "nothing came before the marker");
            try (ChatClient later = guest(nodeA())) {
                assertEquals("mine", later.history().get("messages").get(0).get("text").asText());
            }
        }
    }

    @Test
    void aGuestDeletesItsOwnMessageButNotAnothers() throws IOException {
        try (ChatClient ana = user(nodeA(), "ana"); ChatClient guest = guest(nodeB())) {
            ana.until("presence");
            long anas = ana.post("ana's", "p1").get("id").asLong();
            guest.expect("message");
            delete(guest, anas, "d1");
            expectError(guest, "forbidden", "d1");
            long guests = guest.post("guest's", "p2").get("id").asLong();
            ana.expect("message");
            delete(guest, guests, "d2");
            long id = expectAck(guest, "d2");
            assertDeleteFrame(guest.expect("delete"), id, guests, guest.uid());
            assertDeleteFrame(ana.expect("delete"), id, guests, guest.uid());
        }
    }

    @Test
    void aModeratorDeletesAnyonesMessageAndOnlyAnAdminAnAdmins() throws IOException {
        try (ChatClient guest = guest(nodeB()); ChatClient mod = user(nodeA(), "mod", "moderator");
             ChatClient boss = user(nodeA(), "boss", "admin")) {
            guest.until("presence");
            guest.until("presence");
            mod.until("presence");
            long guests = guest.post("spam", "p1").get("id").asLong();
            mod.until("message");
            boss.until("message");
            delete(mod, guests, "d1");
            long id = expectAck(mod, "d1");
            assertDeleteFrame(mod.expect("delete"), id, guests, "mod");
            assertDeleteFrame(guest.until("delete"), id, guests, "mod");
            assertDeleteFrame(boss.until("delete"), id, guests, "mod");

            long bosses = boss.post("the rules", "p2").get("id").asLong();
            mod.expect("message");
            delete(mod, bosses, "d2");
            expectError(mod, "forbidden", "d2");
            long mods = mod.post("hi", "p3").get("id").asLong();
            boss.expect("message");
            delete(boss, mods, "d3");
            long bossDeleted = expectAck(boss, "d3");
            assertDeleteFrame(boss.expect("delete"), bossDeleted, mods, "boss");
        }
    }

    @Test
    void anUnknownOrDeletedTargetIsNotFoundAndBadFieldsAreRefused() throws IOException {
        try (ChatClient ana = user(nodeA(), "ana")) {
            long posted = ana.post("one", "p1").get("id").asLong();
            edit(ana, posted + 100, "x", "e1");
            expectError(ana, "not-found", "e1");
            delete(ana, posted + 100, "d1");
            expectError(ana, "not-found", "d1");
            edit(ana, posted, "uno", "e2");
            long editId = expectAck(ana, "e2");
            ana.expect("edit");
            edit(ana, editId, "an edit is no message", "e3");
            expectError(ana, "not-found", "e3");
            delete(ana, posted, "d2");
            expectAck(ana, "d2");
            ana.expect("delete");
            delete(ana, posted, "d3");
            expectError(ana, "not-found", "d3");
            edit(ana, posted, "back again", "e4");
            expectError(ana, "not-found", "e4");

            ana.sendText("{\"type\":\"edit\",\"id\":\"one\",\"text\":\"x\",\"ref\":\"e5\"}");
            expectError(ana, "bad-field", "e5");
            ana.sendText("{\"type\":\"edit\",\"id\":" + posted + ",\"text\":\"  \",\"ref\":\"e6\"}");
            expectError(ana, "empty-text", "e6");
            ana.sendText("{\"type\":\"delete\",\"ref\":\"d4\"}");
            expectError(ana, "bad-field", "d4");
        }
    }

    @Test
    void anEditAfterTheWindowIsTooLate() throws IOException, InterruptedException {
        try (ChatClient ana = user(nodeA(), "ana")) {
            JsonNode posted = ana.post("helo", "p1");
            long id = posted.get("id").asLong();
            edit(ana, id, "hello", "e1");
            expectAck(ana, "e1");
            ana.expect("edit");
            // The server's clock is this machine's: wait until the window has passed by its measure.
            long closes = posted.get("ts").asLong() + EDIT_WINDOW_MILLIS;
            for (long now = System.currentTimeMillis(); now <= closes + 100; now = System.currentTimeMillis()) {
                Thread.sleep(closes + 101 - now);
            }
            edit(ana, id, "hello!", "e2");
            expectError(ana, "too-late", "e2");
            delete(ana, id, "d1");
            expectAck(ana, "d1");
            ana.expect("delete");
        }
    }

    @Test
    void aDeletedTextIsGoneFromHistoryAndPagesAndFromItsEdits() throws IOException, InterruptedException {
        long secret;
        try (ChatClient ana = user(nodeA(), "ana")) {
            secret = ana.post("my secret one", "p1").get("id").asLong();
            ana.post("a reply", "p2");
            edit(ana, secret, "my secret two", "e1");
            expectAck(ana, "e1");
            ana.expect("edit");
            delete(ana, secret, "d1");
            expectAck(ana, "d1");
            ana.expect("delete");
        }
        try (ChatClient later = guest(nodeB())) {
            assertFalse(later.history().toString().contains("secret"), later.history().toString());
            JsonNode deleted = later.history().get("messages").get(0);
            assertEquals(new TreeSet<>(List.of("type", "id", "room", "uid", "nick", "deleted", "ts")),
                    ChatClient.fieldNames(deleted), deleted.toString());
            assertEquals(secret, deleted.get("id").asLong());
            assertTrue(deleted.get("deleted").asBoolean());
            assertEquals("ana", deleted.get("uid").asText(), "it keeps its place and author");
            JsonNode edit = later.history().get("messages").get(2);
            assertEquals("edit", edit.get("type").asText(), later.history().toString());
            assertNull(edit.get("text"), "the edit's text went with the message: " + edit);

            later.send(ChatClient.JSON.createObjectNode().put("type", "older").put("before", secret + 10).put("limit", 10));
            JsonNode page = later.expect("page");
            assertFalse(page.toString().contains("secret"), page.toString());
            assertEquals(List.of(true, false), List.of(page.get("messages").get(0).path("deleted").asBoolean(),
                    page.get("messages").get(1).has("deleted")), page.toString());
            assertEquals(2, page.get("messages").size(), "pages hold messages only: " + page);
        }
        String rendered = page(nodeB());
        assertFalse(rendered.contains("secret"), "the chat page renders no deleted text");
        assertTrue(rendered.contains("<span class=\"text\">message deleted</span>"), rendered);
        assertTrue(rendered.contains("<span class=\"text\">a reply</span>"), rendered);
    }

    @Test
    void aClientResumingGetsTheEditsAndDeletesMadeWhileItWasAway() throws IOException {
        try (ChatClient ana = user(nodeA(), "ana")) {
            long one = ana.post("one", "p1").get("id").asLong();
            long two = ana.post("two", "p2").get("id").asLong();
            String epoch;
            try (ChatClient away = guest(nodeB())) {
                assertEquals(List.of(one, two), away.historyIds());
                epoch = away.epoch();
                away.leave();
            }
            // ana is told of the guest's coming and going meanwhile: read past it.
            edit(ana, one, "one, edited", "e1");
            long edited = ana.until("ack").get("id").asLong();
            ana.until("edit");
            delete(ana, two, "d1");
            long deleted = ana.until("ack").get("id").asLong();
            ana.until("delete");

            try (ChatClient back = ChatClient.join(nodeB(), "chat/" + room + "?since=" + two + "&epoch=" + epoch)) {
                JsonNode history = back.history();
                assertTrue(history.get("recovered").asBoolean(), history.toString());
                assertEquals(List.of(edited, deleted), back.historyIds());
                assertEditFrame(history.get("messages").get(0), edited, one, "one, edited", "ana");
                assertDeleteFrame(history.get("messages").get(1), deleted, two, "ana");
            }
        }
    }

    @Test
    void aRefStoredAlreadyIsAckedWithItsFirstIdAndNothingMoreIsStored() throws IOException {
        try (ChatClient ana = user(nodeA(), "ana"); ChatClient onB = guest(nodeB())) {
            ana.until("presence");
            long posted = ana.post("helo", "p1").get("id").asLong();
            onB.expect("message");
            edit(ana, posted, "hello", "p1");
            assertEquals(posted, expectAck(ana, "p1"), "the post's ref");
            edit(ana, posted, "hello", "e1");
            long id = expectAck(ana, "e1");
            ana.expect("edit");
            edit(ana, posted, "hello", "e1");
            assertEquals(id, expectAck(ana, "e1"));
            delete(ana, posted, "e1");
            assertEquals(id, expectAck(ana, "e1"));
            long marker = ana.post("marker", "p2").get("id").asLong();
            assertEditFrame(onB.expect("edit"), id, posted, "hello", "ana");
            assertEquals(marker, onB.expect("message").get("id").asLong(), "one edit reached the others, no delete");
        }
    }
}
