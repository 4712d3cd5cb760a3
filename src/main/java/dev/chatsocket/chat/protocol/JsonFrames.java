package dev.chatsocket.chat.protocol;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.Listed;
import dev.chatsocket.chat.room.Member;
import dev.chatsocket.chat.room.Moderation;
import dev.chatsocket.chat.room.PresenceEvent;
import dev.chatsocket.chat.room.RoomFrames;
import dev.chatsocket.chat.moderation.Sanction;
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
    public OutboundMessage history(List<Entry> entries, boolean recovered) {
        JsonArrayBuilder list = BUILDERS.createArrayBuilder();
        for (Entry entry : entries) {
            if (entry instanceof Entry.Posted posted) {
                list.add(json(posted.message()));
            } else if (entry instanceof Entry.Edited edit) {
                list.add(json(edit));
            } else if (entry instanceof Entry.Deleted delete) {
                list.add(json(delete));
            }
        }
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

    /** A message as every frame carries it; the HTTP API's pages carry the same objects. */
    public JsonObject messageObject(ChatMessage message) {
        return json(message);
    }

    /** A message in its current state: {@code edited} when it was; deleted, with no text (nor {@code edited}). */
    private static JsonObject json(ChatMessage m) {
        JsonObjectBuilder message = BUILDERS.createObjectBuilder()
                .add("type", "message")
                .add("id", m.id())
                .add("room", m.room())
                .add("uid", m.uid())
                .add("nick", m.nick());
        if (m.deleted()) {
            message.add("deleted", true); // and no text: it is gone from the store
        } else {
            message.add("text", m.text());
        }
        message.add("ts", m.ts());
        if (m.edited() != 0 && !m.deleted()) {
            message.add("edited", m.edited());
        }
        if (m.bot()) {
            // Only when true: a member's message looks as it always did.
            message.add("bot", true);
        }
        return message.build();
    }

    /** An edit; in a history, an edit of a message deleted since has no text (a delete takes every version). */
    private static JsonObject json(Entry.Edited edit) {
        JsonObjectBuilder frame = BUILDERS.createObjectBuilder()
                .add("type", "edit")
                .add("id", edit.position().major())
                .add("target", edit.target());
        if (edit.text() != null) {
            frame.add("text", edit.text());
        }
        return frame.add("uid", edit.uid()).add("ts", edit.ts()).build();
    }

    private static JsonObject json(Entry.Deleted delete) {
        return BUILDERS.createObjectBuilder()
                .add("type", "delete")
                .add("id", delete.position().major())
                .add("target", delete.target())
                .add("by", delete.by())
                .add("ts", delete.ts())
                .build();
    }

    @Override
    public OutboundMessage edited(Entry.Edited edit) {
        return text(json(edit));
    }

    @Override
    public OutboundMessage deleted(Entry.Deleted delete) {
        return text(json(delete));
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

    @Override
    public OutboundMessage typing(String uid, String nick) {
        return text(BUILDERS.createObjectBuilder().add("type", "typing").add("uid", uid).add("nick", nick).build());
    }

    /**
     * {@code {"type":"moderation","action":…,"uid":…,"by":…,"reason":…}}, and for a ban or a mute
     * its {@code duration} in seconds as asked (0: until lifted) and, unless it holds until lifted,
     * {@code until} (epoch ms).
     */
    @Override
    public OutboundMessage moderation(Moderation moderation) {
        JsonObjectBuilder frame = BUILDERS.createObjectBuilder()
                .add("type", "moderation")
                .add("action", moderation.action().wire())
                .add("uid", moderation.uid())
                .add("by", moderation.by())
                .add("reason", moderation.reason());
        if (moderation.action().isTimed()) {
            frame.add("duration", moderation.durationSeconds());
            if (moderation.untilMillis() != Sanction.UNTIL_LIFTED) {
                frame.add("until", moderation.untilMillis());
            }
        }
        return text(frame.build());
    }

    private static OutboundMessage text(JsonObject frame) {
        return OutboundMessage.text(frame.toString());
    }
}
