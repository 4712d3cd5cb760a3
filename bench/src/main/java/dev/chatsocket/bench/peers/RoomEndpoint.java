package dev.chatsocket.bench.peers;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.io.StringReader;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The peers' {@code /chat/{room}}: each text message {@code {"type":"message","text":"..."}} is
 * parsed and broadcast to every member of the room, its sender included, as the same JSON
 * chatsocket broadcasts ({@code type, id, room, uid, nick, text, ts}), so that both sides parse,
 * build and send comparable bytes. What it leaves out of chatsocket's protocol (welcome, history,
 * presence, ack, nick changes, error frames, room and text limits) is listed in docs/benchmarks.md.
 */
@ServerEndpoint("/chat/{room}")
public final class RoomEndpoint {
    private static final ConcurrentMap<String, PeerRoom> ROOMS = new ConcurrentHashMap<>();

    private PeerRoom room;
    private PeerMember member;

    @OnOpen
    public void onOpen(Session session, @PathParam("room") String roomName) {
        String uid = UUID.randomUUID().toString();
        member = new PeerMember(uid, "guest-" + uid.substring(0, 6), session);
        room = ROOMS.computeIfAbsent(roomName, PeerRoom::new);
        room.join(member);
    }

    @OnMessage
    public void onText(String text) {
        String posted;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonObject command = reader.readObject();
            if (!"message".equals(command.getString("type", null))
                    || !(command.get("text") instanceof JsonString body)) {
                return;
            }
            posted = body.getString();
        } catch (JsonException | ClassCastException e) {
            return; // not a chat message: ignored, as the benchmark never sends one
        }
        room.post(member, posted, System.currentTimeMillis());
    }

    @OnClose
    public void onClose() {
        if (room != null) {
            room.leave(member);
        }
    }

    @OnError
    public void onError(Throwable failure) {
        // A reset connection; @OnClose follows.
    }
}
