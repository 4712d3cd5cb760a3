package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.chatsocket.chat.ChatClient.assertAckShape;
import static dev.chatsocket.chat.ChatClient.assertMessageShape;
import static dev.chatsocket.chat.ChatClient.assertPresence;
import static dev.chatsocket.chat.ChatClient.fieldNames;
import static dev.chatsocket.chat.ChatClient.uniqueRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat protocol (docs/protocol.md) with several real clients on the real WAR: welcome and
 * history, broadcast and acks, history and resume, rooms, presence, and the article's client
 * format. Every test uses its own room, so no test sees another's traffic.
 */
@ExtendWith(ArquillianExtension.class)
class ChatRoomIT {
    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar();
    }

    @ArquillianResource
    URL base;

    private URI base() {
        return ChatClient.uri(base);
    }

    @Test
    void welcomeThenHistoryWithTheDocumentedFields() throws Exception {
        String room = uniqueRoom("welcome");
        try (ChatClient first = ChatClient.joinRoom(base(), room);
             ChatClient second = ChatClient.joinRoom(base(), room)) {
            for (ChatClient c : List.of(first, second)) {
                JsonNode w = c.welcome();
                assertEquals(new TreeSet<>(List.of("type", "uid", "room", "nick", "verified", "roles", "epoch", "members",
                        "session")), fieldNames(w), w.toString());
                assertTrue(w.get("verified").isBoolean() && !w.get("verified").asBoolean(), "a guest: " + w);
                assertTrue(w.get("roles").isArray() && w.get("roles").isEmpty(), w.toString());
                assertTrue(w.get("session").isTextual() && w.get("session").asText().startsWith("s1."), w.toString());
                assertTrue(w.get("uid").isTextual() && !w.get("uid").asText().isBlank(), w.toString());
                assertTrue(w.get("nick").isTextual() && !w.get("nick").asText().isBlank(), w.toString());
                assertTrue(w.get("epoch").isTextual() && !w.get("epoch").asText().isBlank(), w.toString());
                assertEquals(room, w.get("room").asText());
                assertTrue(w.get("members").isArray(), w.toString());
                for (JsonNode m : w.get("members")) {
                    assertEquals(new TreeSet<>(List.of("uid", "nick", "verified")), fieldNames(m), m.toString());
                    assertTrue(m.get("uid").isTextual() && m.get("nick").isTextual(), m.toString());
                    assertTrue(m.get("verified").isBoolean() && !m.get("verified").asBoolean(), "guests: " + m);
                }

                JsonNode h = c.history();
                assertEquals(new TreeSet<>(List.of("type", "messages", "recovered")), fieldNames(h), h.toString());
                assertTrue(h.get("messages").isArray() && h.get("messages").isEmpty(), "a new room has no history: " + h);
                assertTrue(h.get("recovered").isBoolean() && h.get("recovered").asBoolean(), h.toString());
            }
            assertNotEquals(first.uid(), second.uid(), "each connection gets its own uid");
            assertEquals(first.epoch(), second.epoch(), "one room, one epoch");

            // members: everyone, the newcomer included, in order of arrival
            assertEquals(1, first.welcome().get("members").size());
            assertEquals(first.uid(), first.welcome().get("members").get(0).get("uid").asText());
            assertEquals(first.nick(), first.welcome().get("members").get(0).get("nick").asText());
            JsonNode members = second.welcome().get("members");
            assertEquals(2, members.size(), members.toString());
            assertEquals(first.uid(), members.get(0).get("uid").asText());
            assertEquals(second.uid(), members.get(1).get("uid").asText());
            assertEquals(second.nick(), members.get(1).get("nick").asText());
        }
    }

    @Test
    void aMessageGoesToEveryMemberWithTheAckFirstToItsSender() throws Exception {
        String room = uniqueRoom("broadcast");
        try (ChatClient a = ChatClient.joinRoom(base(), room);
             ChatClient b = ChatClient.joinRoom(base(), room);
             ChatClient c = ChatClient.joinRoom(base(), room)) {
            a.until("presence"); // b joined
            a.until("presence"); // c joined
            b.until("presence"); // c joined

            b.say("hi <b>all</b> \u00e9\u20ac\ud83d\ude00", "c-17");
            JsonNode ack = b.expect("ack");
            assertAckShape(ack, "c-17");
            JsonNode own = b.expect("message");
            assertMessageShape(own, room);
            assertEquals(ack.get("id").asLong(), own.get("id").asLong(), "ack.id is the broadcast's id");
            assertEquals(b.uid(), own.get("uid").asText());
            assertEquals(b.nick(), own.get("nick").asText());
            assertEquals("hi <b>all</b> \u00e9\u20ac\ud83d\ude00", own.get("text").asText(), "text comes back exactly as sent");

            for (ChatClient other : List.of(a, c)) {
                JsonNode seen = other.expect("message");
                assertEquals(own, seen, "everyone gets the same message");
            }

            // without a ref the ack carries ref null; the next id is greater
            a.say("second", null);
            JsonNode ack2 = a.expect("ack");
            assertAckShape(ack2, null);
            JsonNode second = a.expect("message");
            assertEquals(ack2.get("id").asLong(), second.get("id").asLong());
            assertTrue(second.get("id").asLong() > own.get("id").asLong(), "ids only grow");
            assertEquals(second, b.expect("message"));
            assertEquals(second, c.expect("message"));
        }
    }

    @Test
    void everyoneSeesTheSameOrderAndEachAckPrecedesItsBroadcast() throws Exception {
        String room = uniqueRoom("order");
        int perClient = 20;
        List<ChatClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(ChatClient.joinRoom(base(), room));
            }
            // the joins of the later ones, so that what follows is only messages and acks
            clients.get(0).until("presence");
            clients.get(0).until("presence");
            clients.get(1).until("presence");

            // interleaved sends, nobody waiting for anything
            for (int n = 0; n < perClient; n++) {
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).say("m" + i + "-" + n, "r" + i + "-" + n);
                }
            }

            int total = perClient * clients.size();
            List<List<Long>> orders = new ArrayList<>();
            List<List<String>> texts = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                ChatClient client = clients.get(i);
                Map<String, Long> ackIdByRef = new HashMap<>();
                List<Long> ids = new ArrayList<>();
                List<String> seen = new ArrayList<>();
                while (ids.size() < total) {
                    JsonNode frame = client.next();
                    switch (frame.get("type").asText()) {
                        case "ack" -> {
                            assertAckShape(frame, frame.get("ref").asText());
                            ackIdByRef.put(frame.get("ref").asText(), frame.get("id").asLong());
                        }
                        case "message" -> {
                            assertMessageShape(frame, room);
                            long id = frame.get("id").asLong();
                            if (!ids.isEmpty()) {
                                assertTrue(id > ids.get(ids.size() - 1), "ids only grow: " + ids + " then " + id);
                            }
                            ids.add(id);
                            String text = frame.get("text").asText();
                            seen.add(text);
                            if (frame.get("uid").asText().equals(client.uid())) {
                                String ref = "r" + text.substring(1);
                                assertEquals(id, ackIdByRef.get(ref),
                                        "the ack of " + text + " came before its broadcast, with its id");
                            }
                        }
                        default -> throw new AssertionError("unexpected frame " + frame);
                    }
                }
                assertEquals(perClient, ackIdByRef.size(), "one ack per own message");
                orders.add(ids);
                texts.add(seen);
            }
            for (int i = 1; i < clients.size(); i++) {
                assertEquals(orders.get(0), orders.get(i), "the same ids in the same order for everyone");
                assertEquals(texts.get(0), texts.get(i), "the same messages in the same order for everyone");
            }
            assertEquals(total, new HashSet<>(texts.get(0)).size(), "every message exactly once");
            // each sender's own messages keep the order it sent them in
            for (int i = 0; i < clients.size(); i++) {
                String prefix = "m" + i + "-";
                List<String> own = texts.get(0).stream().filter(t -> t.startsWith(prefix)).toList();
                List<String> expected = new ArrayList<>();
                for (int n = 0; n < perClient; n++) {
                    expected.add(prefix + n);
                }
                assertEquals(expected, own);
            }
        } finally {
            clients.forEach(ChatClient::close);
        }
    }

    @Test
    void aNewcomerGetsTheHistoryOldestFirst() throws Exception {
        String room = uniqueRoom("history");
        List<JsonNode> sent = new ArrayList<>();
        try (ChatClient a = ChatClient.joinRoom(base(), room)) {
            for (int i = 1; i <= 4; i++) {
                sent.add(a.post("message " + i, "h" + i));
            }
            a.rename("ana");
            a.expect("presence");
            sent.add(a.post("as ana", null));
            try (ChatClient late = ChatClient.joinRoom(base(), room)) {
                JsonNode h = late.history();
                assertTrue(h.get("recovered").asBoolean(), h.toString());
                List<JsonNode> got = new ArrayList<>();
                h.get("messages").forEach(got::add);
                assertEquals(sent, got, "the retained messages, oldest first, as they were broadcast");
                got.forEach(m -> assertMessageShape(m, room));
                assertEquals("ana", got.get(4).get("nick").asText(), "each message keeps the nick it was sent under");
                assertEquals(a.nick(), got.get(0).get("nick").asText());
            }
        }
    }

    @Test
    void resumeGetsOnlyWhatCameAfterSince() throws Exception {
        String room = uniqueRoom("resume");
        try (ChatClient a = ChatClient.joinRoom(base(), room)) {
            List<Long> ids = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                ids.add(a.post("r" + i, null).get("id").asLong());
            }
            long since = ids.get(1);
            try (ChatClient resumed = ChatClient.join(base(), "chat/" + room + "?since=" + since + "&epoch=" + a.epoch())) {
                assertEquals(ids.subList(2, 5), resumed.historyIds(), "only ids > since");
                assertTrue(resumed.history().get("recovered").asBoolean(), resumed.history().toString());
                assertEquals("r3", resumed.history().get("messages").get(0).get("text").asText());
            }
            try (ChatClient upToDate = ChatClient.join(base(), "chat/" + room + "?since=" + ids.get(4) + "&epoch=" + a.epoch())) {
                assertEquals(List.of(), upToDate.historyIds(), "nothing after the newest");
                assertTrue(upToDate.history().get("recovered").asBoolean());
            }
            try (ChatClient noEpoch = ChatClient.join(base(), "chat/" + room + "?since=" + ids.get(3))) {
                assertEquals(ids.subList(4, 5), noEpoch.historyIds(), "since without an epoch");
                assertTrue(noEpoch.history().get("recovered").asBoolean());
            }
            try (ChatClient wrongEpoch = ChatClient.join(base(), "chat/" + room + "?since=" + ids.get(3) + "&epoch=not-this-one")) {
                assertEquals(ids, wrongEpoch.historyIds(), "another epoch: everything retained");
                assertFalse(wrongEpoch.history().get("recovered").asBoolean(), "another epoch: not recovered");
            }
        }
    }

    @Test
    void roomsAreIsolated() throws Exception {
        String roomA = uniqueRoom("iso-a");
        String roomB = uniqueRoom("iso-b");
        try (ChatClient a = ChatClient.joinRoom(base(), roomA);
             ChatClient b = ChatClient.joinRoom(base(), roomB)) {
            assertEquals(1, b.welcome().get("members").size(), "nobody from room A in room B");
            assertNotEquals(a.epoch(), b.epoch());
            JsonNode inA = a.post("only for A", "a1");
            assertEquals(roomA, inA.get("room").asText());
            // B's next frame is its own message: nothing of A's came in between
            JsonNode inB = b.post("only for B", "b1");
            assertEquals(roomB, inB.get("room").asText());
            // and A's next is nothing of B's either: a rename shows up first
            a.rename("a-user");
            assertPresence(a.expect("presence"), "nick", a.uid(), "a-user");
            try (ChatClient lateB = ChatClient.joinRoom(base(), roomB)) {
                assertEquals(List.of(inB), toList(lateB.history().get("messages")), "room B's history is B's alone");
            }
        }
    }

    @Test
    void chatWithoutARoomIsTheLobby() throws Exception {
        try (ChatClient viaChat = ChatClient.join(base(), "chat");
             ChatClient viaLobby = ChatClient.joinRoom(base(), "lobby")) {
            assertEquals("lobby", viaChat.welcome().get("room").asText());
            assertEquals("lobby", viaLobby.welcome().get("room").asText());
            assertEquals(viaChat.epoch(), viaLobby.epoch(), "the same room");
            String text = "lobby " + System.nanoTime();
            viaChat.say(text, null);
            JsonNode m = viaLobby.until("message");
            while (!m.get("text").asText().equals(text)) {
                m = viaLobby.until("message");
            }
            assertEquals("lobby", m.get("room").asText());
            assertEquals(viaChat.uid(), m.get("uid").asText());
        }
    }

    @Test
    void badRoomNamesAndSinceAreRefusedBeforeUpgrade() throws Exception {
        String sixtyFive = "a".repeat(65);
        for (String path : List.of("chat/has%20space", "chat/" + sixtyFive, "chat/a.b",
                "chat/" + uniqueRoom("since") + "?since=abc", "chat/" + uniqueRoom("since") + "?since=-1")) {
            RawWebSocket.HttpHead head = RawWebSocket.exchange(base(), "GET", path,
                    RawWebSocket.browserHeaders(base(), RawWebSocket.newKey()));
            assertEquals(400, head.status(), path + " -> " + head.status() + " " + head.body());
            assertEquals(null, head.header("Sec-WebSocket-Accept"), "no upgrade for " + path);
        }
        // the longest valid name, and every allowed character, are accepted
        String sixtyFour = "Az09_-" + "b".repeat(50) + uniqueRoom("x").substring(2);
        sixtyFour = sixtyFour.substring(0, 64);
        try (ChatClient ok = ChatClient.joinRoom(base(), sixtyFour)) {
            assertEquals(sixtyFour, ok.welcome().get("room").asText());
        }
    }

    @Test
    void presenceJoinNickAndLeave() throws Exception {
        String room = uniqueRoom("presence");
        try (ChatClient a = ChatClient.joinRoom(base(), room)) {
            ChatClient b = ChatClient.joinRoom(base(), room);
            assertPresence(a.expect("presence"), "join", b.uid(), b.nick());

            // the newcomer gets no join about itself: its first frame after the history is its own rename
            b.rename("bo");
            assertPresence(b.expect("presence"), "nick", b.uid(), "bo");
            assertPresence(a.expect("presence"), "nick", b.uid(), "bo");

            JsonNode m = b.post("as bo", null);
            assertEquals("bo", m.get("nick").asText(), "messages carry the new nick");
            assertEquals(m, a.expect("message"));

            try (ChatClient c = ChatClient.joinRoom(base(), room)) {
                JsonNode members = c.welcome().get("members");
                assertEquals(3, members.size());
                assertEquals("bo", members.get(1).get("nick").asText(), "welcome lists current nicks");
                assertPresence(a.expect("presence"), "join", c.uid(), c.nick());
                assertPresence(b.expect("presence"), "join", c.uid(), c.nick());

                b.leave(); // close handshake
                assertPresence(a.expect("presence"), "leave", b.uid(), "bo");
                assertPresence(c.expect("presence"), "leave", b.uid(), "bo");

                c.close(); // TCP dropped without a close frame
                assertPresence(a.expect("presence"), "leave", c.uid(), c.nick());
            }
            try (ChatClient d = ChatClient.joinRoom(base(), room)) {
                assertEquals(List.of(a.uid(), d.uid()),
                        toList(d.welcome().get("members")).stream().map(x -> x.get("uid").asText()).toList(),
                        "those who left are no longer members");
            }
        }
    }

    @Test
    void theArticlesFormatIsAMessageAndItsUidIsIgnored() throws Exception {
        String room = uniqueRoom("article");
        try (ChatClient a = ChatClient.joinRoom(base(), room);
             ChatClient b = ChatClient.joinRoom(base(), room)) {
            a.expect("presence");
            a.sendText("{\"uid\":\"someone-else\",\"message\":\"hi\"}");
            JsonNode ack = a.expect("ack");
            assertAckShape(ack, null);
            JsonNode m = a.expect("message");
            assertMessageShape(m, room);
            assertEquals("hi", m.get("text").asText());
            assertEquals(a.uid(), m.get("uid").asText(), "the server's uid, never the client's");
            assertEquals(ack.get("id").asLong(), m.get("id").asLong());
            assertEquals(m, b.expect("message"));

            // nor can the protocol's own message form speak as someone else
            a.sendText("{\"type\":\"message\",\"text\":\"as b?\",\"uid\":\"" + b.uid() + "\",\"nick\":\"" + b.nick() + "\"}");
            a.expect("ack");
            JsonNode m2 = a.expect("message");
            assertEquals(a.uid(), m2.get("uid").asText());
            assertEquals(a.nick(), m2.get("nick").asText());
            assertEquals(m2, b.expect("message"));
        }
    }

    @Test
    void pingsAreAnsweredOnAChatConnection() throws Exception {
        String room = uniqueRoom("ping");
        try (ChatClient a = ChatClient.joinRoom(base(), room)) {
            a.raw().send(ClientFrames.frame(true, 0, 9, "p".getBytes()));
            RawWebSocket.ServerFrame pong = a.raw().readFrame(Duration.ofSeconds(10));
            assertEquals(10, pong.opcode());
            assertEquals("p", pong.text());
            a.post("still chatting", null);
        }
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
