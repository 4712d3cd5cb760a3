package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.redis.TwoRedisNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.chatsocket.chat.ChatClient.assertMessageShape;
import static dev.chatsocket.chat.ChatClient.assertPresence;
import static dev.chatsocket.chat.ChatClient.uniqueRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes on one Redis (two embedded Jetty servers in this JVM, each with its own copy of the
 * WAR, so each has its own Lettuce client and stream reader): one room spans both. Members on
 * either node see the same messages in the same order with the same ids; history, presence and
 * resume work across nodes; a resent ref is not stored twice; one person connected to both nodes
 * is one member, and a resend after moving to the other node is acked with the first id.
 */
class RedisTwoNodesIT {
    // One session key for both nodes, so that a person can move; a short grace, so that leaves come soon.
    @RegisterExtension
    static final TwoRedisNodes NODES = TwoRedisNodes.sharing(Map.of(
            "CHATSOCKET_SESSION_SECRET", "two-nodes-session-secret-0123456789abcdef",
            "CHATSOCKET_PRESENCE_GRACE", "2s"));

    private static URI a() {
        return NODES.a();
    }

    private static URI b() {
        return NODES.b();
    }

    @Test
    void membersOnTwoNodesSeeTheSameMessagesInTheSameOrderWithTheSameIds() throws Exception {
        String room = uniqueRoom("two-nodes");
        try (ChatClient onA = ChatClient.joinRoom(a(), room);
             ChatClient onB = ChatClient.joinRoom(b(), room)) {
            assertEquals(onA.epoch(), onB.epoch(), "one room, one epoch, whichever node serves it");
            assertPresence(onA.until("presence"), "join", onB.uid(), onB.nick());

            // Both send at once, without waiting for acks: the stream fixes one order for both nodes.
            int each = 25;
            for (int i = 0; i < each; i++) {
                onA.say("a" + i, "ra" + i);
                onB.say("b" + i, "rb" + i);
            }
            List<JsonNode> seenByA = readMessages(onA, 2 * each, "ra");
            List<JsonNode> seenByB = readMessages(onB, 2 * each, "rb");
            assertEquals(seenByA, seenByB, "both nodes deliver the same frames in the same order");
            for (int i = 0; i < seenByA.size(); i++) {
                assertMessageShape(seenByA.get(i), room);
                assertEquals(i + 1, seenByA.get(i).get("id").asLong(), "ids count up from 1 across both nodes");
            }
            assertEquals(texts("a", each), inOrder(seenByA, "a"), "each sender's messages keep their order");
            assertEquals(texts("b", each), inOrder(seenByA, "b"));
        }
    }

    /**
     * Reads {@code count} messages and the acks of the reader's own ({@code refPrefix}): every ack
     * comes just before the broadcast of its message and carries its id.
     */
    private static List<JsonNode> readMessages(ChatClient client, int count, String refPrefix) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        JsonNode pendingAck = null;
        while (messages.size() < count) {
            JsonNode frame = client.next();
            switch (frame.path("type").asText()) {
                case "ack" -> {
                    assertTrue(frame.get("ref").asText().startsWith(refPrefix), frame.toString());
                    pendingAck = frame;
                }
                case "message" -> {
                    if (frame.get("uid").asText().equals(client.uid())) {
                        assertTrue(pendingAck != null, "the ack comes before the sender's own message: " + frame);
                        assertEquals(pendingAck.get("id").asLong(), frame.get("id").asLong());
                        pendingAck = null;
                    }
                    messages.add(frame);
                }
                default -> throw new AssertionError("unexpected frame " + frame);
            }
        }
        return messages;
    }

    private static List<String> inOrder(List<JsonNode> messages, String prefix) {
        List<String> texts = new ArrayList<>();
        for (JsonNode m : messages) {
            if (m.get("text").asText().startsWith(prefix)) {
                texts.add(m.get("text").asText());
            }
        }
        return texts;
    }

    private static List<String> texts(String prefix, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(prefix + i);
        }
        return texts;
    }

    @Test
    void historyAndPresenceSpanNodes() throws Exception {
        String room = uniqueRoom("span");
        try (ChatClient first = ChatClient.joinRoom(a(), room)) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(first.post("m" + i, "r" + i).get("id").asLong());
            }
            try (ChatClient second = ChatClient.joinRoom(b(), room)) {
                assertEquals(ids, second.historyIds(), "a member on the other node gets the same history");
                assertTrue(second.history().get("recovered").asBoolean());
                JsonNode members = second.welcome().get("members");
                assertEquals(2, members.size(), members.toString());
                assertEquals(first.uid(), members.get(0).get("uid").asText(), "members in order of arrival, across nodes");
                assertEquals(second.uid(), members.get(1).get("uid").asText());
                assertPresence(first.until("presence"), "join", second.uid(), second.nick());

                second.rename("bo");
                assertPresence(first.until("presence"), "nick", second.uid(), "bo");
                assertPresence(second.until("presence"), "nick", second.uid(), "bo");

                JsonNode fromB = second.post("hello from B", "rb");
                JsonNode seenOnA = first.until("message");
                assertEquals(fromB, seenOnA);
                assertEquals("bo", seenOnA.get("nick").asText(), "messages carry the new nick");

                second.leave();
                assertPresence(first.until("presence"), "leave", second.uid(), "bo");
            }
            try (ChatClient third = ChatClient.joinRoom(b(), room)) {
                JsonNode members = third.welcome().get("members");
                assertEquals(2, members.size(), "who left is no longer listed: " + members);
                assertEquals(first.uid(), members.get(0).get("uid").asText());
            }
        }
    }

    @Test
    void aClientResumesOnTheOtherNodeWithNothingMissedAndNothingTwice() throws Exception {
        String room = uniqueRoom("resume");
        try (ChatClient writer = ChatClient.joinRoom(b(), room)) {
            long lastSeen;
            String epoch;
            try (ChatClient reader = ChatClient.joinRoom(a(), room)) {
                epoch = reader.epoch();
                writer.until("presence"); // the reader's join
                writer.post("one", null);
                writer.post("two", null);
                reader.until("message");
                lastSeen = reader.until("message").get("id").asLong();
            }
            writer.until("presence"); // the reader's leave
            List<Long> missed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                missed.add(writer.post("while away " + i, null).get("id").asLong());
            }
            try (ChatClient back = ChatClient.join(b(), "chat/" + room + "?since=" + lastSeen + "&epoch=" + epoch)) {
                assertEquals(epoch, back.epoch());
                assertEquals(missed, back.historyIds(), "exactly the messages after since, from the other node");
                assertTrue(back.history().get("recovered").asBoolean());
                writer.until("presence"); // back's join
                long next = writer.post("live", null).get("id").asLong();
                assertEquals(next, back.until("message").get("id").asLong(), "then live, with no gap");
            }
        }
    }

    @Test
    void aResentRefIsStoredOnceAndAckedAgainWithTheSameId() throws Exception {
        String room = uniqueRoom("dedupe");
        try (ChatClient sender = ChatClient.joinRoom(a(), room);
             ChatClient other = ChatClient.joinRoom(b(), room)) {
            sender.until("presence");
            long id = sender.post("only once", "same-ref").get("id").asLong();
            sender.say("only once", "same-ref");
            JsonNode again = sender.expect("ack");
            assertEquals(id, again.get("id").asLong(), "the duplicate is acked with the stored id");
            long next = sender.post("next", "other-ref").get("id").asLong();
            assertEquals(id + 1, next, "the duplicate took no id");
            assertEquals(id, other.until("message").get("id").asLong());
            assertEquals(next, other.until("message").get("id").asLong(), "the other node saw no second copy");
        }
        try (ChatClient late = ChatClient.joinRoom(b(), room)) {
            Map<String, Integer> copies = new HashMap<>();
            late.history().get("messages").forEach(m -> copies.merge(m.get("text").asText(), 1, Integer::sum));
            assertEquals(Map.of("only once", 1, "next", 1), copies);
            assertFalse(late.history().get("messages").isEmpty());
        }
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ChatClient again(URI node, String room, ChatClient who) throws Exception {
        ChatClient back = ChatClient.join(node, "chat/" + room + "?session=" + q(who.welcome().get("session").asText()));
        assertEquals(who.uid(), back.uid(), "the session brings the same person");
        return back;
    }

    @Test
    void thePersonConnectedToBothNodesIsOneMemberWhoLeavesWithTheLastConnection() throws Exception {
        String room = uniqueRoom("person");
        try (ChatClient witness = ChatClient.joinRoom(a(), room);
             ChatClient onA = ChatClient.joinRoom(a(), room)) {
            assertPresence(witness.expect("presence"), "join", onA.uid(), onA.nick());
            try (ChatClient onB = again(b(), room, onA)) {
                assertEquals(List.of(witness.uid(), onA.uid()), onB.welcome().get("members").findValuesAsText("uid"),
                        "listed once across nodes");
                onA.leave();
                // The witness's marker comes next: neither the join on B nor the going from A was presence.
                witness.post("marker", "w1");
                assertEquals("marker", onB.expect("message").get("text").asText());
            }
            assertPresence(witness.expect("presence"), "leave", onA.uid(), onA.nick());
        }
    }

    @Test
    void aResendAfterMovingToTheOtherNodeIsAckedWithTheFirstIdAndStoredOnce() throws Exception {
        String room = uniqueRoom("moved");
        try (ChatClient witness = ChatClient.joinRoom(a(), room)) {
            ChatClient onA = ChatClient.joinRoom(a(), room);
            assertPresence(witness.expect("presence"), "join", onA.uid(), onA.nick());
            long id = onA.post("only once", "m1").get("id").asLong();
            assertEquals(id, witness.expect("message").get("id").asLong());
            onA.leave();
            try (ChatClient onB = again(b(), room, onA)) {
                onB.say("only once", "m1");
                JsonNode ack = onB.expect("ack");
                assertEquals(id, ack.get("id").asLong(), "acked with the id it was stored under on the other node");
                long next = onB.post("next", "m2").get("id").asLong();
                assertEquals(id + 1, next, "the resend took no id");
                assertEquals(next, witness.expect("message").get("id").asLong(),
                        "the witness saw no second copy, and no presence: the move was inside the grace");
            }
        }
        try (ChatClient late = ChatClient.joinRoom(b(), room)) {
            assertEquals(List.of("only once", "next"), late.history().get("messages").findValuesAsText("text"));
        }
    }
}
