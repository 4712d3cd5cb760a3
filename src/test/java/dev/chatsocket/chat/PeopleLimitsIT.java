package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits that count per person, not per connection (issue 14): here 3 connections per uid, and 10
 * messages at once then 1 a second per uid, while each connection alone may send far more. One
 * person is several connections through its session token (a guest's, so no token issuer is
 * needed), each in a room of its own: the limits hold across rooms, and the test does not depend
 * on how a room treats two connections of one person.
 */
@ExtendWith(ArquillianExtension.class)
class PeopleLimitsIT {
    private static final int MAX_PER_USER = 3;
    private static final int USER_BURST = 10;
    private static final int FLOOD = 30;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_MAX_CONNECTIONS_PER_USER=" + MAX_PER_USER + "\n"
                        + "CHATSOCKET_USER_RATE_MESSAGES=1\n"
                        + "CHATSOCKET_USER_RATE_MESSAGE_BURST=" + USER_BURST + "\n"
                        // Each connection alone could send the whole flood: only the person's limit refuses.
                        + "CHATSOCKET_CHAT_RATE_MESSAGES=1000\n"
                        + "CHATSOCKET_CHAT_RATE_MESSAGE_BURST=1000\n"
                        + "CHATSOCKET_CHAT_RATE_MAX_REFUSALS=5\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    private URI base() {
        return ChatClient.uri(base);
    }

    private static String withSession(String room, String session) {
        return "chat/" + room + "?session=" + URLEncoder.encode(session, StandardCharsets.UTF_8);
    }

    @Test
    void onePersonOpeningOneConnectionOverTheCapIsRefusedWith429AcrossRooms() throws Exception {
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i <= MAX_PER_USER; i++) {
            rooms.add(ChatClient.uniqueRoom("cap" + i));
        }
        List<ChatClient> tabs = new ArrayList<>();
        try {
            ChatClient first = ChatClient.joinRoom(base(), rooms.get(0));
            tabs.add(first);
            String session = first.welcome().get("session").asText();
            for (int i = 1; i < MAX_PER_USER; i++) {
                tabs.add(ChatClient.join(base(), withSession(rooms.get(i), session)));
                assertEquals(first.uid(), tabs.get(i).uid(), "one person in several connections");
            }

            RawWebSocket.HttpHead refused = RawWebSocket.exchange(base(), "GET",
                    withSession(rooms.get(MAX_PER_USER), session), RawWebSocket.browserHeaders(base(), RawWebSocket.newKey()));
            assertEquals(429, refused.status(), refused.body());
            assertEquals("too many connections for this user; close one and try again\n", refused.body());
            assertNull(refused.header("Sec-WebSocket-Accept"), "no upgrade");

            try (ChatClient someoneElse = ChatClient.joinRoom(base(), rooms.get(MAX_PER_USER))) {
                assertTrue(!someoneElse.uid().equals(first.uid()), "the cap is per person: another gets in");
            }

            // A tab that vanishes without a close frame (TCP closed: 1006 on the server) gives its place back.
            tabs.remove(1).raw().close();
            tabs.add(Retrying.join(base(), withSession(rooms.get(1), session), Duration.ofSeconds(30)));
            // As does one that says goodbye: the server has counted it out before it answers the close.
            tabs.remove(0).leave();
            tabs.add(ChatClient.join(base(), withSession(rooms.get(0), session)));
        } finally {
            tabs.forEach(ChatClient::close);
        }
    }

    @Test
    void aPersonFloodingFromTwoTabsIsLimitedAsOneAndNothingOverTheLimitIsStored() throws Exception {
        String room1 = ChatClient.uniqueRoom("tab1");
        String room2 = ChatClient.uniqueRoom("tab2");
        try (ChatClient tab1 = ChatClient.joinRoom(base(), room1);
             ChatClient tab2 = ChatClient.join(base(), withSession(room2, tab1.welcome().get("session").asText()))) {
            assertEquals(tab1.uid(), tab2.uid());
            for (int i = 0; i < USER_BURST; i++) {
                tab1.say("tab1-" + i, "t1-" + i);
            }
            for (int i = 0; i < USER_BURST; i++) {
                assertEquals("ack", tab1.until("ack").path("type").asText(), "the first tab has the whole burst");
            }

            // The second tab finds the person's bucket empty: told once, then closed like any flooder.
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < FLOOD; i++) {
                flood.writeBytes(ClientFrames.text("{\"type\":\"message\",\"text\":\"tab2-" + i + "\"}"));
            }
            tab2.raw().send(flood.toByteArray());
            int acks = 0;
            List<String> errors = new ArrayList<>();
            int closeCode;
            while (true) {
                RawWebSocket.ServerFrame frame = tab2.raw().readFrame(Duration.ofSeconds(30));
                if (frame.opcode() == 8) {
                    closeCode = frame.closeCode();
                    break;
                }
                if (frame.opcode() == 1) {
                    JsonNode json = ChatClient.JSON.readTree(frame.text());
                    switch (json.path("type").asText()) {
                        case "ack" -> acks++;
                        case "error" -> errors.add(json.path("code").asText());
                        default -> {
                            // Broadcasts of the room.
                        }
                    }
                }
            }
            assertEquals(List.of("rate-limited"), errors);
            assertEquals(1008, closeCode);
            assertTrue(acks < FLOOD, "most of the second tab's flood was refused: " + acks + " acked");

            try (ChatClient witness1 = ChatClient.joinRoom(base(), room1);
                 ChatClient witness2 = ChatClient.joinRoom(base(), room2)) {
                assertEquals(USER_BURST, witness1.history().get("messages").size());
                assertEquals(acks, witness2.history().get("messages").size(),
                        "exactly the acknowledged messages are stored: " + witness2.history());
            }
        }
    }
}
