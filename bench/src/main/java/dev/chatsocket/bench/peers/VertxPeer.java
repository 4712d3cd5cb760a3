package dev.chatsocket.bench.peers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Peer 3: the same {@code /echo} and {@code /chat/{room}} on Vert.x 5 ({@code vertx-core}, Netty
 * underneath), the way its documentation writes a WebSocket server: one event loop
 * ({@code VertxOptions.setEventLoopPoolSize(1)}), {@code HttpServer.webSocketHandler}, each
 * message written back as it came. Everything of a connection runs on that one event-loop thread,
 * so the rooms need no lock. Vert.x answers pings itself and has no idle timeout by default.
 * Usage: {@code VertxPeer [port]} (0, the default, picks a free one); binds 127.0.0.1 and prints
 * {@code bench-peer: ... listening on 127.0.0.1:<port>} once it serves.
 */
public final class VertxPeer {
    /** Messages queued and not yet written to a member before it is closed as a slow consumer. */
    static final int MAX_QUEUED = PeerMember.MAX_QUEUED;

    private VertxPeer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Map<String, Room> rooms = new HashMap<>();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(request -> request.response().setStatusCode(404).end())
                .webSocketHandler(ws -> {
                    String path = ws.path();
                    if ("/echo".equals(path)) {
                        ws.textMessageHandler(ws::writeTextMessage);
                        ws.binaryMessageHandler(ws::writeBinaryMessage);
                    } else if (path.startsWith("/chat/") && path.length() > "/chat/".length()) {
                        Room room = rooms.computeIfAbsent(path.substring("/chat/".length()), Room::new);
                        Member member = new Member(ws);
                        room.join(member);
                        ws.textMessageHandler(text -> room.post(member, text));
                        ws.closeHandler(v -> room.leave(member));
                    } else {
                        ws.close((short) 1008, "no such endpoint");
                    }
                });
        HttpServer bound = await(server.listen());
        System.out.println("bench-peer: Vert.x " + versionOf() + " listening on 127.0.0.1:" + bound.actualPort());
    }

    private static String versionOf() {
        Package p = Vertx.class.getPackage();
        return p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "5";
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get();
    }

    /** One member: its connection and how many of its messages Vert.x has not written yet. */
    private static final class Member {
        final ServerWebSocket ws;
        final String uid = UUID.randomUUID().toString();
        final String nick = "guest-" + uid.substring(0, 6);
        int queued;

        Member(ServerWebSocket ws) {
            this.ws = ws;
        }

        void send(String json) {
            if (queued >= MAX_QUEUED) {
                queued = 0;
                ws.close((short) 1008, "slow consumer");
                return;
            }
            queued++;
            ws.writeTextMessage(json).onComplete(done -> queued--);
        }
    }

    /** A room: on the event loop only, so no lock; the JSON built once per message, as the other peers. */
    private static final class Room {
        private final String name;
        private final Map<String, Member> members = new LinkedHashMap<>();
        private long lastId;

        Room(String name) {
            this.name = name;
        }

        void join(Member member) {
            members.put(member.uid, member);
        }

        void leave(Member member) {
            members.remove(member.uid);
        }

        void post(Member sender, String text) {
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
            String json = Json.createObjectBuilder()
                    .add("type", "message")
                    .add("id", ++lastId)
                    .add("room", name)
                    .add("uid", sender.uid)
                    .add("nick", sender.nick)
                    .add("text", posted)
                    .add("ts", System.currentTimeMillis())
                    .build()
                    .toString();
            // A copy, as PeerRoom does: a member closed as a slow consumer leaves the room.
            for (Member member : new ArrayList<>(members.values())) {
                member.send(json);
            }
        }
    }
}
