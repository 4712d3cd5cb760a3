package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded history and resume across dropped messages, with the WAR's own
 * {@code WEB-INF/chatsocket.properties} keeping only 5 messages a room.
 */
@ExtendWith(ArquillianExtension.class)
class ChatSmallHistoryIT {
    private static final int HISTORY = 5;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar()
                .addAsWebInfResource(new StringAsset("CHATSOCKET_HISTORY_SIZE=" + HISTORY + "\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    private URI base() {
        return ChatClient.uri(base);
    }

    /** Posts {@code count} messages and returns their ids. */
    private static List<Long> postMany(ChatClient client, int count) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(client.post("n" + i, null).get("id").asLong());
        }
        return ids;
    }

    @Test
    void historyKeepsTheLastFive() throws Exception {
        String room = ChatClient.uniqueRoom("bounded");
        try (ChatClient a = ChatClient.joinRoom(base(), room)) {
            List<Long> ids = postMany(a, 12);
            try (ChatClient late = ChatClient.joinRoom(base(), room)) {
                assertEquals(ids.subList(12 - HISTORY, 12), late.historyIds(), "the newest five, oldest first");
                List<String> texts = new ArrayList<>();
                late.history().get("messages").forEach(m -> texts.add(m.get("text").asText()));
                assertEquals(List.of("n8", "n9", "n10", "n11", "n12"), texts);
            }
        }
    }

    @Test
    void resumeFromBeforeTheRetainedWindowIsNotRecovered() throws Exception {
        String room = ChatClient.uniqueRoom("gap");
        try (ChatClient a = ChatClient.joinRoom(base(), room)) {
            List<Long> ids = postMany(a, 8); // retained: ids[3..7]
            List<Long> retained = ids.subList(3, 8);

            try (ChatClient gap = ChatClient.join(base(), "chat/" + room + "?since=" + ids.get(1) + "&epoch=" + a.epoch())) {
                assertEquals(retained, gap.historyIds(), "what is retained");
                assertFalse(gap.history().get("recovered").asBoolean(), "message " + ids.get(2) + " was dropped");
            }
            try (ChatClient edge = ChatClient.join(base(), "chat/" + room + "?since=" + ids.get(2) + "&epoch=" + a.epoch())) {
                assertEquals(retained, edge.historyIds(), "everything after since is retained");
                assertTrue(edge.history().get("recovered").asBoolean(), "nothing after since was dropped");
            }
            try (ChatClient recent = ChatClient.join(base(), "chat/" + room + "?since=" + ids.get(5) + "&epoch=" + a.epoch())) {
                assertEquals(ids.subList(6, 8), recent.historyIds());
                assertTrue(recent.history().get("recovered").asBoolean());
            }
            try (ChatClient wrongEpoch = ChatClient.join(base(), "chat/" + room + "?since=" + ids.get(5) + "&epoch=stale-epoch")) {
                assertEquals(retained, wrongEpoch.historyIds(), "another epoch: everything retained");
                assertFalse(wrongEpoch.history().get("recovered").asBoolean());
            }
        }
    }
}
