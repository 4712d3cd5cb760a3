package dev.chatsocket.chat.protocol;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Listed;
import dev.chatsocket.chat.room.Member;
import dev.chatsocket.chat.room.PresenceEvent;
import dev.chatsocket.chat.room.RoomFrames;
import dev.chatsocket.ws.OutboundMessage;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import java.util.List;
import java.util.Map;

/** What the server sends, as the chat protocol's JSON text frames (docs/protocol.md, "Server to client"). */
public final class JsonFrames implements RoomFrames {
    /** Looking the provider up is costly; one per application is enough. */
    private static final JsonBuilderFactory BUILDERS = JsonProvider.provider().createBuilderFactory(Map.of());

    @Override
    public OutboundMessage welcome(Listed you, Member.Self self, String room, List<Listed> members, String epoch) {
        JsonArrayBuilder list = BUILDERS.createArrayBuilder();
        for (Listed member : members) {
            list.add(BUILDERS.createObjectBuilder().add("uid", member.uid()).add("nick", member.nick())
                    .add("verified", member.verified()));
        }
        JsonArrayBuilder roles = BUILDERS.createArrayBuilder();
        self.roles().forEach(roles::add);
        JsonObjectBuilder welcome = BUILDERS.createObjectBuilder()
                .add("type", "welcome")
                .add("uid", you.uid())
                .add("room", room)
                .add("nick", you.nick())
                .add("verified", you.verified())
                .add("roles", roles)
                .add("members", list)
                .add("epoch", epoch);
        if (self.session() != null) {
            welcome.add("session", self.session());
        }
        if (self.sessionRenewed()) {
            welcome.add("session_renewed", true);
        }
        return text(welcome.build());
    }

    @Override
    public OutboundMessage history(List<ChatMessage> messages, boolean recovered) {
        JsonArrayBuilder list = BUILDERS.createArrayBuilder();
        messages.forEach(m -> list.add(json(m)));
        return text(BUILDERS.createObjectBuilder()
                .add("type", "history")
                .add("messages", list)
                .add("recovered", recovered)
                .build());
    }

    @Override
    public OutboundMessage message(ChatMessage message) {
        return text(json(message));
    }

    @Override
    public OutboundMessage page(long before, List<ChatMessage> messages, boolean more) {
        JsonArrayBuilder list = BUILDERS.createArrayBuilder();
        messages.forEach(m -> list.add(json(m)));
        return text(BUILDERS.createObjectBuilder()
                .add("type", "page")
                .add("before", before)
                .add("messages", list)
                .add("more", more)
                .build());
    }

    private static JsonObject json(ChatMessage m) {
        return BUILDERS.createObjectBuilder()
                .add("type", "message")
                .add("id", m.id())
                .add("room", m.room())
                .add("uid", m.uid())
                .add("nick", m.nick())
                .add("text", m.text())
                .add("ts", m.ts())
                .build();
    }

    @Override
    public OutboundMessage ack(String ref, long id) {
        JsonObjectBuilder ack = BUILDERS.createObjectBuilder().add("type", "ack");
        if (ref == null) {
            ack.addNull("ref");
        } else {
            ack.add("ref", ref);
        }
        return text(ack.add("id", id).build());
    }

    @Override
    public OutboundMessage presence(PresenceEvent event, Listed who) {
        JsonObjectBuilder presence = BUILDERS.createObjectBuilder()
                .add("type", "presence")
                .add("event", event.wireName())
                .add("uid", who.uid())
                .add("nick", who.nick());
        if (event == PresenceEvent.JOIN) {
            // Whether the newcomer is a signed-in user: what the page marks in the member list.
            presence.add("verified", who.verified());
        }
        return text(presence.build());
    }

    /**
     * A fresh session token for the connection it is sent to: a guest's new nick, carried into
     * the session so that a reconnect later brings it back (docs/protocol.md, "session"). Not a
     * room event, so not part of {@link RoomFrames}.
     */
    public OutboundMessage session(String token) {
        return text(BUILDERS.createObjectBuilder().add("type", "session").add("session", token).build());
    }

    @Override
    public OutboundMessage error(String code, String reason, String ref) {
        JsonObjectBuilder error = BUILDERS.createObjectBuilder()
                .add("type", "error")
                .add("code", code)
                .add("reason", reason);
        if (ref != null) {
            error.add("ref", ref);
        }
        return text(error.build());
    }

    private static OutboundMessage text(JsonObject frame) {
        return OutboundMessage.text(frame.toString());
    }
}
