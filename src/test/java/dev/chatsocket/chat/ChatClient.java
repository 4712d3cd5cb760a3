package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatsocket.chat.room.RoomNames;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chat client for the protocol tests, on top of {@link RawWebSocket} (a browser's handshake,
 * masked frames): joins a room, keeps its {@code welcome} and {@code history}, sends JSON and reads
 * the next JSON frame or the next one of a type. Every read has RawWebSocket's timeout, so a frame
 * that never comes fails the test instead of hanging it.
 */
final class ChatClient implements Closeable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final RawWebSocket ws;
    private final JsonNode welcome;
    private final JsonNode history;

    private ChatClient(RawWebSocket ws) throws IOException {
        this.ws = ws;
        this.welcome = nextOf(ws);
        assertEquals("welcome", welcome.path("type").asText(), "the first frame is the welcome: " + welcome);
        this.history = nextOf(ws);
        assertEquals("history", history.path("type").asText(), "the second frame is the history: " + history);
    }

    /** Joins {@code path} (relative to the application, e.g. {@code chat/room?since=3}) and reads welcome and history. */
    static ChatClient join(URI base, String path) throws IOException {
        return new ChatClient(RawWebSocket.open(base, path));
    }

    static ChatClient joinRoom(URI base, String room) throws IOException {
        return join(base, "chat/" + room);
    }

    /** A room name no other test uses: {@code label} and a random suffix. */
    static String uniqueRoom(String label) {
        String name = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        assertTrue(RoomNames.isValid(name), name);
        return name;
    }

    static URI uri(URL base) {
        try {
            return base.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    JsonNode welcome() {
        return welcome;
    }

    JsonNode history() {
        return history;
    }

    String uid() {
        return welcome.get("uid").asText();
    }

    String nick() {
        return welcome.get("nick").asText();
    }

    String epoch() {
        return welcome.get("epoch").asText();
    }

    /** The ids of the history's messages, in the order they came. */
    List<Long> historyIds() {
        List<Long> ids = new ArrayList<>();
        history.get("messages").forEach(m -> ids.add(m.get("id").asLong()));
        return ids;
    }

    RawWebSocket raw() {
        return ws;
    }

    /** Sends one text frame, exactly as given (valid JSON or not). */
    ChatClient sendText(String text) throws IOException {
        ws.send(ClientFrames.text(text));
        return this;
    }

    ChatClient send(JsonNode json) throws IOException {
        return sendText(json.toString());
    }

    /** Sends {@code {"type":"message","text":…,"ref":…}}; no ref when {@code ref} is null. */
    ChatClient say(String text, String ref) throws IOException {
        ObjectNode message = JSON.createObjectNode().put("type", "message").put("text", text);
        if (ref != null) {
            message.put("ref", ref);
        }
        return send(message);
    }

    ChatClient rename(String nick) throws IOException {
        return send(JSON.createObjectNode().put("type", "nick").put("nick", nick));
    }

    /** The next data frame, which must be a JSON object in a text frame (pings and pongs skipped). */
    JsonNode next() throws IOException {
        return nextOf(ws);
    }

    /** Reads until a frame of {@code type}, skipping others (presence of unrelated joins, say). */
    JsonNode until(String type) throws IOException {
        while (true) {
            JsonNode frame = next();
            if (type.equals(frame.path("type").asText())) {
                return frame;
            }
        }
    }

    /**
     * The next frame, which must be of {@code type}. A {@code session} frame (a renamed guest's new
     * token, sent beside the room's frames rather than among them) is passed over unless it is
     * the one expected.
     */
    JsonNode expect(String type) throws IOException {
        JsonNode frame = next();
        while (!type.equals("session") && frame.path("type").asText().equals("session")) {
            frame = next();
        }
        assertEquals(type, frame.path("type").asText(), "expected a " + type + " frame, got " + frame);
        return frame;
    }

    /** Posts {@code text} and reads the ack and then the broadcast of it; returns the broadcast. */
    JsonNode post(String text, String ref) throws IOException {
        say(text, ref);
        JsonNode ack = expect("ack");
        JsonNode message = expect("message");
        assertEquals(ack.get("id").asLong(), message.get("id").asLong(), "ack.id is the broadcast's id");
        assertEquals(text, message.get("text").asText());
        assertEquals(uid(), message.get("uid").asText());
        return message;
    }

    /** Closes with a close frame (1000) and waits for the server's answer. */
    void leave() throws IOException {
        ws.send(ClientFrames.close(1000, "bye"));
        ws.readClose();
        ws.close();
    }

    @Override
    public void close() {
        try {
            ws.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode nextOf(RawWebSocket ws) throws IOException {
        String text = ws.readText();
        JsonNode json = JSON.readTree(text);
        assertTrue(json.isObject(), "every chat frame is a JSON object: " + text);
        return json;
    }

    // ---- exact shapes (docs/protocol.md) ----

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** A {@code message} frame with exactly its documented fields and types. */
    static void assertMessageShape(JsonNode m, String room) {
        assertEquals(new TreeSet<>(List.of("type", "id", "room", "uid", "nick", "text", "ts")), fieldNames(m), m.toString());
        assertEquals("message", m.get("type").asText());
        assertTrue(m.get("id").isIntegralNumber() && m.get("id").asLong() > 0, "id: " + m);
        assertTrue(m.get("room").isTextual(), "room: " + m);
        assertEquals(room, m.get("room").asText());
        assertTrue(m.get("uid").isTextual() && !m.get("uid").asText().isEmpty(), "uid: " + m);
        assertTrue(m.get("nick").isTextual() && !m.get("nick").asText().isEmpty(), "nick: " + m);
        assertTrue(m.get("text").isTextual(), "text: " + m);
        assertTrue(m.get("ts").isIntegralNumber(), "ts: " + m);
        long now = System.currentTimeMillis();
        long ts = m.get("ts").asLong();
        assertTrue(ts > now - 600_000 && ts <= now + 60_000, "ts is epoch milliseconds of about now: " + m);
    }

    /** An {@code ack} with exactly {@code type}, {@code ref} (string or null) and {@code id}. */
    static void assertAckShape(JsonNode ack, String ref) {
        assertEquals(new TreeSet<>(List.of("type", "ref", "id")), fieldNames(ack), ack.toString());
        assertTrue(ack.get("id").isIntegralNumber(), ack.toString());
        if (ref == null) {
            assertTrue(ack.get("ref").isNull(), "ref is null when the client gave none: " + ack);
        } else {
            assertTrue(ack.get("ref").isTextual(), ack.toString());
            assertEquals(ref, ack.get("ref").asText());
        }
    }

    /** A {@code presence} frame of {@code event} about {@code uid}, with exactly its fields (a join's {@code verified} too). */
    static void assertPresence(JsonNode p, String event, String uid, String nick) {
        if (event.equals("join")) {
            assertEquals(new TreeSet<>(List.of("type", "event", "uid", "nick", "verified")), fieldNames(p), p.toString());
            assertTrue(p.get("verified").isBoolean(), p.toString());
        } else {
            assertEquals(new TreeSet<>(List.of("type", "event", "uid", "nick")), fieldNames(p), p.toString());
        }
        assertEquals("presence", p.get("type").asText(), p.toString());
        assertEquals(event, p.get("event").asText(), p.toString());
        assertEquals(uid, p.get("uid").asText(), p.toString());
        assertEquals(nick, p.get("nick").asText(), p.toString());
    }
}
