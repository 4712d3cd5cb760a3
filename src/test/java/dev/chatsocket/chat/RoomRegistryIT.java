package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.chat.probe.RoomRegistryProbeServlet;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The room registry seen from inside the deployment: a probe servlet added to the real WAR gets
 * the application-scoped {@link RoomRegistry} injected (the same bean the chat servlet gets) and
 * reports what it holds while real clients join, talk and leave.
 */
@ExtendWith(ArquillianExtension.class)
class RoomRegistryIT {
    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addClasses(RoomRegistryProbeServlet.class);
    }

    @ArquillianResource
    URL base;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What the probe reported: its key=value lines, and the room's messages. */
    private record Snapshot(Map<String, String> values, List<String> messages) {
        int roomMembers() {
            return Integer.parseInt(values.get("roomMembers"));
        }

        int roomCount() {
            return Integer.parseInt(values.get("roomCount"));
        }

        int memberCount() {
            return Integer.parseInt(values.get("memberCount"));
        }
    }

    private Snapshot probe(String room, int n) throws IOException, InterruptedException {
        URI uri = ChatClient.uri(base).resolve("__probe/rooms?room=" + URLEncoder.encode(room, StandardCharsets.UTF_8) + "&n=" + n);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> values = new LinkedHashMap<>();
        List<String> messages = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            if (key.equals("message")) {
                messages.add(value);
            } else {
                values.put(key, value);
            }
        }
        assertEquals("true", values.get("injected"), "the registry is injected into the probe: " + response.body());
        return new Snapshot(values, messages);
    }

    private Snapshot probe(String room) throws IOException, InterruptedException {
        return probe(room, 1000);
    }

    private static String line(JsonNode m) {
        return m.get("id").asLong() + "\t" + m.get("uid").asText() + "\t" + m.get("nick").asText() + "\t" + m.get("text").asText();
    }

    @Test
    void theInjectedRegistrySeesMembersAndHistory() throws Exception {
        String room = ChatClient.uniqueRoom("registry");
        Snapshot before = probe(room);
        assertEquals(0, before.roomMembers());
        assertEquals("", before.values().get("epoch"), "no such room yet");
        assertEquals(List.of(), before.messages());

        ChatClient a = ChatClient.joinRoom(ChatClient.uri(base), room);
        // the member is in the room before its welcome is sent
        Snapshot one = probe(room);
        assertEquals(1, one.roomMembers());
        assertEquals(a.epoch(), one.values().get("epoch"), "the registry's room is the one the client joined");
        assertEquals(before.roomCount() + 1, one.roomCount(), "created on first join");
        assertTrue(one.memberCount() >= 1);

        ChatClient b = ChatClient.joinRoom(ChatClient.uri(base), room);
        a.expect("presence");
        Snapshot two = probe(room);
        assertEquals(2, two.roomMembers());
        assertEquals(one.memberCount() + 1, two.memberCount(), "members across all rooms");

        List<String> posted = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            JsonNode m = a.post("stored " + i, "s" + i);
            assertEquals(m, b.expect("message"));
            posted.add(line(m));
        }
        b.rename("bo");
        b.expect("presence");
        a.expect("presence");
        JsonNode fromB = b.post("from bo", null);
        a.expect("message");
        posted.add(line(fromB));

        assertEquals(posted, probe(room).messages(), "the stored history, oldest first");
        assertEquals(posted.subList(2, 4), probe(room, 2).messages(), "recent(room, 2) is the newest two");

        // a leave is in the registry before it is announced
        b.leave();
        ChatClient.assertPresence(a.expect("presence"), "leave", b.uid(), "bo");
        assertEquals(1, probe(room).roomMembers());

        // a dropped connection leaves too; nothing is announced to anyone, so ask until it shows
        a.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Snapshot after = probe(room);
        while (after.roomMembers() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            after = probe(room);
        }
        assertEquals(0, after.roomMembers(), "the registry saw the dropped client leave");

        // an empty room keeps its history and epoch until it has been idle for the TTL
        assertEquals(posted, after.messages());
        assertEquals(a.epoch(), after.values().get("epoch"));
        try (ChatClient again = ChatClient.joinRoom(ChatClient.uri(base), room)) {
            assertEquals(a.epoch(), again.epoch());
            assertEquals(4, again.history().get("messages").size());
        }
    }

    @Test
    void eachRoomIsItsOwnInTheRegistry() throws Exception {
        String roomA = ChatClient.uniqueRoom("reg-a");
        String roomB = ChatClient.uniqueRoom("reg-b");
        try (ChatClient a = ChatClient.joinRoom(ChatClient.uri(base), roomA);
             ChatClient b1 = ChatClient.joinRoom(ChatClient.uri(base), roomB);
             ChatClient b2 = ChatClient.joinRoom(ChatClient.uri(base), roomB)) {
            JsonNode m = a.post("in A", null);
            assertEquals(1, probe(roomA).roomMembers());
            assertEquals(2, probe(roomB).roomMembers());
            assertEquals(List.of(line(m)), probe(roomA).messages());
            assertEquals(List.of(), probe(roomB).messages(), "room B stored nothing of A's");
        }
    }
}
