package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Typing notices (issue 16, "Typing"; docs/protocol.md, "typing") against servers configured with
 * {@link #SETTINGS}: a notice reaches the others in the room, on the other node too, and not the
 * typist's own connections; at most one a person per {@link #INTERVAL} is passed on, whichever
 * tab or node it comes from; and none is ever stored, so neither a join's history, nor a resume,
 * nor a page of older messages has one.
 *
 * <p>That a notice was <em>not</em> passed on is shown without waiting for nothing: the typist
 * renames itself after the notices that must be dropped and then types until a notice comes
 * through; notices carry the typist's nick, and one node's notices reach a receiving node in the
 * order they were passed on, so the first notice the watcher gets after the first one must carry
 * the new nick. Run on one container ({@link TypingIT}) and on two nodes sharing one Redis
 * ({@link RedisTypingIT}).
 */
abstract class TypingContract {
    /** Short, so the test waits little; long enough that two notices sent back to back fall inside it. */
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Map<String, String> SETTINGS = Map.of(
            "CHATSOCKET_TYPING_INTERVAL", INTERVAL.toMillis() + "ms",
            // The typist types and writes in a loop until a notice comes through.
            "CHATSOCKET_CHAT_RATE_MESSAGES", "1000",
            "CHATSOCKET_CHAT_RATE_MESSAGE_BURST", "1000",
            "CHATSOCKET_USER_RATE_MESSAGES", "1000",
            "CHATSOCKET_USER_RATE_MESSAGE_BURST", "1000");
    /** A client's pause between one try and the next, not a timing assertion. */
    private static final Duration PAUSE = Duration.ofMillis(100);

    /** The node the typist connects to. */
    abstract URI nodeA();

    /** The node the others connect to: the same server when there is one. */
    abstract URI nodeB();

    @Test
    void aNoticeReachesTheOthersOnEveryNodeAtMostOnceAPersonPerIntervalAndNotTheTypist() throws Exception {
        String room = ChatClient.uniqueRoom("typing");
        try (ChatClient typist = ChatClient.joinRoom(nodeA(), room);
             ChatClient otherTab = ChatClient.join(nodeB(), "chat/" + room + "?session="
                     + URLEncoder.encode(typist.welcome().get("session").asText(), StandardCharsets.UTF_8));
             ChatClient watcher = ChatClient.joinRoom(nodeB(), room)) {
            assertEquals(typist.uid(), otherTab.uid(), "one person, two connections");

            typing(typist);
            JsonNode first = watcher.until("typing");
            assertEquals(Set.of("type", "uid", "nick"), ChatClient.fieldNames(first), first.toString());
            assertEquals(typist.uid(), first.get("uid").asText());
            assertEquals(typist.nick(), first.get("nick").asText());

            // Inside the interval: from the other tab (on the other node when there are two), and again.
            typing(otherTab);
            typing(typist);
            typist.rename("typed-later");
            List<JsonNode> typistSaw = new ArrayList<>();
            JsonNode next = typeUntilPassedOn(typist, watcher, typistSaw);
            assertEquals("typed-later", next.get("nick").asText(),
                    "a notice sent inside the interval was passed on: " + next);
            assertTrue(typistSaw.stream().noneMatch(f -> f.path("type").asText().equals("typing")),
                    "the typist got a typing notice: " + typistSaw);

            // The other tab had every frame of the room since, and no notice of its own person.
            JsonNode marker = post(typist, "marker", "end", typistSaw);
            List<JsonNode> tabSaw = new ArrayList<>();
            for (JsonNode frame = otherTab.next(); !isMessage(frame, marker); frame = otherTab.next()) {
                tabSaw.add(frame);
            }
            assertTrue(tabSaw.stream().noneMatch(f -> f.path("type").asText().equals("typing")),
                    "the typist's other tab got a typing notice: " + tabSaw);
        }
    }

    @Test
    void aNoticeIsNeverInAHistoryAResumeOrAPage() throws Exception {
        String room = ChatClient.uniqueRoom("typing-kept");
        long before;
        try (ChatClient typist = ChatClient.joinRoom(nodeA(), room);
             ChatClient watcher = ChatClient.joinRoom(nodeB(), room)) {
            List<JsonNode> typistSaw = new ArrayList<>();
            post(typist, "first", "r1", typistSaw);
            typing(typist);
            watcher.until("typing");
            before = post(typist, "second", "r2", typistSaw).get("id").asLong() + 1;
        }
        for (URI node : List.of(nodeA(), nodeB())) {
            try (ChatClient rejoined = ChatClient.join(node, "chat/" + room + "?since=0")) {
                assertEquals(List.of("message", "message"), types(rejoined.history().get("messages")), "history");
                rejoined.send(ChatClient.JSON.createObjectNode().put("type", "older").put("before", before).put("limit", 50));
                JsonNode page = rejoined.until("page");
                assertEquals(List.of("message", "message"), types(page.get("messages")), "page");
            }
            try (ChatClient resumed = ChatClient.join(node, "chat/" + room + "?since=1")) {
                assertEquals(List.of("message"), types(resumed.history().get("messages")), "resume");
            }
        }
    }

    private static void typing(ChatClient client) throws IOException {
        client.send(ChatClient.JSON.createObjectNode().put("type", "typing"));
    }

    /**
     * Types and writes a marker, again and again, until the watcher gets a typing notice; returns
     * it. The typist's own frames meanwhile are added to {@code typistSaw}.
     */
    private static JsonNode typeUntilPassedOn(ChatClient typist, ChatClient watcher, List<JsonNode> typistSaw)
            throws Exception {
        long deadline = System.nanoTime() + INTERVAL.plusSeconds(20).toNanos();
        for (int i = 0; ; i++) {
            typing(typist);
            JsonNode marker = post(typist, "marker " + i, "m" + i, typistSaw);
            for (JsonNode frame = watcher.next(); ; frame = watcher.next()) {
                if (frame.path("type").asText().equals("typing")) {
                    return frame;
                }
                if (isMessage(frame, marker)) {
                    break;
                }
            }
            assertTrue(System.nanoTime() < deadline, "no typing notice came through after the interval");
            Thread.sleep(PAUSE.toMillis());
        }
    }

    /** Posts and returns the broadcast of it; every other frame the sender gets meanwhile goes to {@code saw}. */
    private static JsonNode post(ChatClient client, String text, String ref, List<JsonNode> saw) throws IOException {
        client.say(text, ref);
        long id = -1;
        while (true) {
            JsonNode frame = client.next();
            String type = frame.path("type").asText();
            if (type.equals("ack") && ref.equals(frame.path("ref").asText())) {
                id = frame.get("id").asLong();
            } else if (type.equals("message") && frame.path("id").asLong() == id) {
                return frame;
            } else {
                saw.add(frame);
            }
        }
    }

    private static boolean isMessage(JsonNode frame, JsonNode message) {
        return frame.path("type").asText().equals("message") && frame.path("id").asLong() == message.get("id").asLong();
    }

    private static List<String> types(JsonNode messages) {
        List<String> types = new ArrayList<>();
        messages.forEach(m -> types.add(m.path("type").asText()));
        return types;
    }
}
