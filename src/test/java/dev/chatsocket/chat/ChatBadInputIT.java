package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static dev.chatsocket.chat.ChatClient.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad input (docs/protocol.md, the error codes): an {@code error} frame with the
 * documented code to the sender only, nothing stored or broadcast, the connection still open.
 *
 * <p>No waiting for "nothing": after each refused frame the sender posts a good message, and its
 * next frames must be that message's ack and broadcast, the observer's next frame that broadcast
 * (so nothing was sent between), and its id the next one (so nothing was stored). At the end a
 * newcomer's history holds the good messages only.
 */
@ExtendWith(ArquillianExtension.class)
class ChatBadInputIT {
    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar();
    }

    @ArquillianResource
    URL base;

    private String room;
    private ChatClient sender;
    private ChatClient observer;
    private long lastId;
    private final List<JsonNode> stored = new ArrayList<>();

    @BeforeEach
    void join(TestInfo test) throws IOException {
        String name = test.getTestMethod().orElseThrow().getName();
        room = ChatClient.uniqueRoom("bad-" + name.substring(0, Math.min(name.length(), 40)));
        sender = ChatClient.joinRoom(ChatClient.uri(base), room);
        observer = ChatClient.joinRoom(ChatClient.uri(base), room);
        sender.expect("presence"); // the observer's join
        lastId = 0;
        stored.clear();
        goodMessageStillWorks();
    }

    @AfterEach
    void historyHoldsOnlyTheGoodMessages() throws IOException {
        try (ChatClient late = ChatClient.joinRoom(ChatClient.uri(base), room)) {
            List<JsonNode> history = new ArrayList<>();
            late.history().get("messages").forEach(history::add);
            assertEquals(stored, history, "nothing refused was stored");
        } finally {
            sender.close();
            observer.close();
        }
    }

    @Test
    void notJson() throws IOException {
        refused("hello", "bad-json");
        refused("{\"type\":\"message\",\"text\":\"unterminated", "bad-json");
        refused("{\"type\":\"message\",\"text\":\"hi\"} trailing", "bad-json");
        refused("", "bad-json");
    }

    @Test
    void jsonThatIsNotAnObject() throws IOException {
        refused("[{\"type\":\"message\",\"text\":\"hi\"}]", "bad-json");
        refused("[]", "bad-json");
        refused("\"message\"", "bad-json");
        refused("42", "bad-json");
        refused("null", "bad-json");
    }

    @Test
    void binaryFrame() throws IOException {
        sender.raw().send(ClientFrames.binary("{\"type\":\"message\",\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8)));
        assertError(sender.next(), "bad-json", null);
        goodMessageStillWorks();
    }

    @Test
    void missingOrNonStringType() throws IOException {
        refused("{\"text\":\"hi\"}", "bad-type");
        refused("{}", "bad-type");
        refused("{\"type\":5,\"text\":\"hi\"}", "bad-type");
        refused("{\"type\":null,\"text\":\"hi\"}", "bad-type");
        refused("{\"type\":[\"message\"],\"text\":\"hi\"}", "bad-type");
    }

    @Test
    void unknownType() throws IOException {
        refused("{\"type\":\"shout\",\"text\":\"hi\"}", "unknown-type");
        refused("{\"type\":\"MESSAGE\",\"text\":\"hi\"}", "unknown-type");
        refused("{\"type\":\"welcome\"}", "unknown-type");
    }

    @Test
    void textNotAString() throws IOException {
        refused("{\"type\":\"message\",\"text\":5}", "bad-field");
        refused("{\"type\":\"message\",\"text\":null}", "bad-field");
        refused("{\"type\":\"message\",\"text\":{\"a\":1}}", "bad-field");
        refused("{\"type\":\"message\"}", "bad-field");
        refused("{\"uid\":\"x\",\"message\":7}", "bad-field");
    }

    @Test
    void emptyOrBlankText() throws IOException {
        refused("{\"type\":\"message\",\"text\":\"\"}", "empty-text");
        refused("{\"type\":\"message\",\"text\":\"   \\t\\n \"}", "empty-text");
        refused("{\"uid\":\"x\",\"message\":\" \"}", "empty-text");
        // a usable ref comes back in the error
        refused("{\"type\":\"message\",\"text\":\"\",\"ref\":\"e-1\"}", "empty-text", "e-1");
    }

    @Test
    void textOverTheLimitAndExactlyAtIt() throws IOException {
        String over = ChatClient.JSON.createObjectNode().put("type", "message").put("text", "x".repeat(4001))
                .put("ref", "long-1").toString();
        refused(over, "text-too-long", "long-1");
        // the limit counts characters (code points), not UTF-16 units or bytes
        JsonNode exactly = sender.post("y".repeat(4000), "at-limit");
        accepted(exactly);
        JsonNode emoji = sender.post("\ud83d\ude00".repeat(4000), "emoji-at-limit");
        accepted(emoji);
        refused(ChatClient.JSON.createObjectNode().put("type", "message")
                .put("text", "\ud83d\ude00".repeat(4001)).toString(), "text-too-long");
    }

    @Test
    void badRef() throws IOException {
        refused(ChatClient.JSON.createObjectNode().put("type", "message").put("text", "hi")
                .put("ref", "r".repeat(65)).toString(), "bad-field");
        refused("{\"type\":\"message\",\"text\":\"hi\",\"ref\":12}", "bad-field");
        refused("{\"type\":\"message\",\"text\":\"hi\",\"ref\":{}}", "bad-field");
        // 64 characters is fine
        String ref64 = "r".repeat(64);
        sender.say("ref of 64", ref64);
        JsonNode ack = sender.expect("ack");
        assertEquals(ref64, ack.get("ref").asText());
        JsonNode m = sender.expect("message");
        assertEquals(ack.get("id").asLong(), m.get("id").asLong());
        accepted(m);
    }

    @Test
    void badNick() throws IOException {
        refused("{\"type\":\"nick\",\"nick\":\"\"}", "bad-nick");
        refused("{\"type\":\"nick\",\"nick\":\"   \"}", "bad-nick");
        refused(nick("n".repeat(33)), "bad-nick");
        refused(nick("bad\u0001nick"), "bad-nick");
        refused(nick("tab\tnick"), "bad-nick");
        refused(nick("bidi\u202enick"), "bad-nick");
        refused(nick("line\u2028sep"), "bad-nick");
        refused("{\"type\":\"nick\",\"nick\":5}", "bad-field");
        refused("{\"type\":\"nick\"}", "bad-field");
        // nothing was renamed: the messages still carry the original nick
        JsonNode m = sender.post("still me", null);
        assertEquals(sender.nick(), m.get("nick").asText());
        accepted(m);
        // 32 printable characters are a nick
        String nick32 = "\u00e9".repeat(31) + "z";
        sender.rename(nick32);
        ChatClient.assertPresence(sender.expect("presence"), "nick", sender.uid(), nick32);
        ChatClient.assertPresence(observer.expect("presence"), "nick", sender.uid(), nick32);
    }

    private static String nick(String nick) {
        return ChatClient.JSON.createObjectNode().put("type", "nick").put("nick", nick).toString();
    }

    private void refused(String frame, String code) throws IOException {
        refused(frame, code, null);
    }

    /** Sends a frame the server must refuse; checks the error, and that nothing else happened. */
    private void refused(String frame, String code, String ref) throws IOException {
        sender.sendText(frame);
        assertError(sender.next(), code, ref);
        goodMessageStillWorks();
    }

    private void assertError(JsonNode error, String code, String ref) {
        assertEquals("error", error.path("type").asText(), "an error frame: " + error);
        assertEquals(code, error.path("code").asText(), error.toString());
        assertTrue(error.get("reason").isTextual() && !error.get("reason").asText().isBlank(), error.toString());
        if (ref == null) {
            assertEquals(new TreeSet<>(List.of("type", "code", "reason")), fieldNames(error), error.toString());
        } else {
            assertEquals(new TreeSet<>(List.of("type", "code", "reason", "ref")), fieldNames(error), error.toString());
            assertEquals(ref, error.get("ref").asText());
        }
    }

    /** A good message right after: the sender's next frames are its ack and broadcast, the observer's the broadcast. */
    private void goodMessageStillWorks() throws IOException {
        JsonNode m = sender.post("good " + (stored.size() + 1), "g" + (stored.size() + 1));
        accepted(m);
    }

    private void accepted(JsonNode m) throws IOException {
        ChatClient.assertMessageShape(m, room);
        assertEquals(m, observer.expect("message"), "the observer's next frame is the good message, nothing before it");
        assertEquals(lastId + 1, m.get("id").asLong(), "no id was used by a refused message");
        assertFalse(stored.contains(m));
        lastId = m.get("id").asLong();
        stored.add(m);
    }
}
