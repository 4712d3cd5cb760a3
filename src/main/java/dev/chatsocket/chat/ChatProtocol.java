package dev.chatsocket.chat;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;
import java.util.Collection;
import java.util.Map;

/**
 * The chat's JSON protocol (docs/protocol.md): reading what clients send, with every rule a
 * client can break answered by a {@link ChatError}, and writing what the server sends.
 */
final class ChatProtocol {
    static final int MAX_REF_LENGTH = 64;
    static final int MAX_NICK_LENGTH = 32;

    /** Looking the provider up is costly; one per application is enough. */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = JSON.createBuilderFactory(Map.of());
    private static final JsonParserFactory PARSERS = JSON.createParserFactory(Map.of());

    private final int maxTextLength;

    ChatProtocol(int maxTextLength) {
        this.maxTextLength = maxTextLength;
    }

    /** Reads one client frame. The article's {@code {"uid":…,"message":…}} counts as a message. */
    ClientCommand parse(String frame) throws ChatError {
        JsonObject object = readObject(frame);
        JsonValue type = object.get("type");
        if (type == null) {
            if (object.containsKey("message")) {
                // The article's client: {"uid": …, "message": …}. Its uid is ignored: the server
                // knows who is speaking.
                return new ClientCommand.Post(text(object, "message", null), null);
            }
            throw new ChatError("bad-type", "a message needs a \"type\"");
        }
        if (!(type instanceof JsonString typeName)) {
            throw new ChatError("bad-type", "\"type\" must be a string");
        }
        return switch (typeName.getString()) {
            case "message" -> {
                String ref = ref(object);
                yield new ClientCommand.Post(text(object, "text", ref), ref);
            }
            case "nick" -> new ClientCommand.Rename(nick(object));
            default -> throw new ChatError("unknown-type", "unknown message type");
        };
    }

    private static JsonObject readObject(String frame) throws ChatError {
        // A parser rather than a JsonReader: readValue() stops after the first value and would
        // take {"type":"message","text":"hi"} followed by anything at all as a good message.
        try (JsonParser parser = PARSERS.createParser(new StringReader(frame))) {
            if (!parser.hasNext()) {
                throw new ChatError("bad-json", "not valid JSON");
            }
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new ChatError("bad-json", "not valid JSON");
            }
            if (value instanceof JsonObject object) {
                return object;
            }
            throw new ChatError("bad-json", "a message must be a JSON object");
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new ChatError("bad-json", "not valid JSON");
        }
    }

    private static String ref(JsonObject object) throws ChatError {
        JsonValue ref = object.get("ref");
        if (ref == null || ref == JsonValue.NULL) {
            return null;
        }
        if (!(ref instanceof JsonString s) || s.getString().length() > MAX_REF_LENGTH) {
            throw new ChatError("bad-field", "\"ref\" must be a string of at most " + MAX_REF_LENGTH + " characters");
        }
        return s.getString();
    }

    private String text(JsonObject object, String field, String ref) throws ChatError {
        if (!(object.get(field) instanceof JsonString s)) {
            throw new ChatError("bad-field", "\"" + field + "\" must be a string", ref);
        }
        String text = s.getString();
        if (text.isBlank()) {
            throw new ChatError("empty-text", "the message is empty", ref);
        }
        if (text.codePointCount(0, text.length()) > maxTextLength) {
            throw new ChatError("text-too-long", "the message is longer than " + maxTextLength + " characters", ref);
        }
        return text;
    }

    private static String nick(JsonObject object) throws ChatError {
        if (!(object.get("nick") instanceof JsonString s)) {
            throw new ChatError("bad-field", "\"nick\" must be a string");
        }
        String nick = s.getString().strip();
        int length = nick.codePointCount(0, nick.length());
        if (length < 1 || length > MAX_NICK_LENGTH || !nick.codePoints().allMatch(ChatProtocol::isPrintable)) {
            throw new ChatError("bad-nick", "a nick is 1 to " + MAX_NICK_LENGTH + " printable characters");
        }
        return nick;
    }

    /** No control, format (bidi overrides), private-use, unassigned or line-separator characters. */
    private static boolean isPrintable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    static JsonObject message(ChatMessage m) {
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

    static String welcome(String uid, String room, String nick, Collection<Member> members, String epoch) {
        JsonArrayBuilder list = BUILDERS.createArrayBuilder();
        for (Member member : members) {
            list.add(BUILDERS.createObjectBuilder().add("uid", member.uid()).add("nick", member.nick()));
        }
        return BUILDERS.createObjectBuilder()
                .add("type", "welcome")
                .add("uid", uid)
                .add("room", room)
                .add("nick", nick)
                .add("members", list)
                .add("epoch", epoch)
                .build().toString();
    }

    static String history(Collection<JsonObject> messages, boolean recovered) {
        JsonArrayBuilder list = BUILDERS.createArrayBuilder();
        messages.forEach(list::add);
        return BUILDERS.createObjectBuilder()
                .add("type", "history")
                .add("messages", list)
                .add("recovered", recovered)
                .build().toString();
    }

    static String ack(String ref, long id) {
        JsonObjectBuilder ack = BUILDERS.createObjectBuilder().add("type", "ack");
        if (ref == null) {
            ack.addNull("ref");
        } else {
            ack.add("ref", ref);
        }
        return ack.add("id", id).build().toString();
    }

    static String presence(String event, Member member) {
        return BUILDERS.createObjectBuilder()
                .add("type", "presence")
                .add("event", event)
                .add("uid", member.uid())
                .add("nick", member.nick())
                .build().toString();
    }

    static String error(String code, String reason, String ref) {
        JsonObjectBuilder error = BUILDERS.createObjectBuilder()
                .add("type", "error")
                .add("code", code)
                .add("reason", reason);
        if (ref != null) {
            error.add("ref", ref);
        }
        return error.build().toString();
    }
}
