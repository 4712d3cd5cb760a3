package dev.chatsocket.chat.protocol;

import dev.chatsocket.chat.room.OlderPage;
import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.identity.Names;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Reading what chat clients send (docs/protocol.md, "Client to server"), with every rule a client
 * can break answered by a {@link ChatError}. What the server sends is {@link JsonFrames}.
 */
public final class ChatProtocol {
    static final int MAX_REF_LENGTH = 64;
    static final int MAX_NICK_LENGTH = 32;

    /** Looking the provider up is costly; one per application is enough. */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonParserFactory PARSERS = JSON.createParserFactory(Map.of());

    private static final Map<String, ModerationRequest.Action> MODERATION = new HashMap<>();

    static {
        for (ModerationRequest.Action action : ModerationRequest.Action.values()) {
            MODERATION.put(action.wire(), action);
        }
    }

    /** Ids are JavaScript-safe integers: the page reads them as numbers (2^53 - 1). */
    private static final BigDecimal MAX_ID = BigDecimal.valueOf((1L << 53) - 1);
    /** Longer than any ban needs (about 300 years), and far from overflowing milliseconds. */
    private static final BigDecimal MAX_DURATION = BigDecimal.valueOf(10_000_000_000L);

    private final int maxTextLength;

    /** @param maxTextLength characters in one message */
    public ChatProtocol(int maxTextLength) {
        this.maxTextLength = maxTextLength;
    }

    /** Reads one client frame. The article's {@code {"uid":…,"message":…}} counts as a message. */
    public ClientCommand parse(String frame) throws ChatError {
        return parse(readObject(frame));
    }

    private ClientCommand parse(JsonObject object) throws ChatError {
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
            case "older" -> older(object);
            case "edit" -> {
                String ref = ref(object);
                yield new ClientCommand.Edit(messageId(object, ref), text(object, "text", ref), ref);
            }
            case "delete" -> {
                String ref = ref(object);
                yield new ClientCommand.Delete(messageId(object, ref), ref);
            }
            case "typing" -> new ClientCommand.Typing();
            default -> {
                ModerationRequest.Action action = MODERATION.get(typeName.getString());
                if (action == null) {
                    throw new ChatError("unknown-type", "unknown message type");
                }
                yield new ClientCommand.Moderate(moderation(action, object));
            }
        };
    }

    /**
     * Reads a body of the HTTP API as the frame of {@code type} it stands for: the same fields and
     * rules as over the socket. A body naming another type is refused.
     */
    public ClientCommand parseAs(String type, String body) throws ChatError {
        JsonObject object = readObject(body);
        JsonValue named = object.get("type");
        if (named != null && !(named instanceof JsonString s && s.getString().equals(type))) {
            throw new ChatError("bad-type", "this endpoint takes \"type\": \"" + type + "\" or none");
        }
        Map<String, JsonValue> typed = new HashMap<>(object);
        typed.put("type", JSON.createValue(type));
        return parse(JSON.createObjectBuilder(typed).build());
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
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException | ArithmeticException
                 | NumberFormatException e) { // a number whose exponent no BigDecimal holds (1e9999999999)
            throw new ChatError("bad-json", "not valid JSON");
        }
    }

    /** {@code before}: a message id, at least 1; {@code limit}: 1 to {@value OlderPage#MAX_LIMIT}, default {@value OlderPage#DEFAULT_LIMIT}. */
    private static ClientCommand.Older older(JsonObject object) throws ChatError {
        long before = wholeNumber(object.get("before"), 1, Long.MAX_VALUE, "\"before\" must be a message id (a whole number of at least 1)");
        JsonValue limit = object.get("limit");
        long pageSize = limit == null || limit == JsonValue.NULL ? OlderPage.DEFAULT_LIMIT
                : wholeNumber(limit, 1, OlderPage.MAX_LIMIT, "\"limit\" must be a whole number from 1 to " + OlderPage.MAX_LIMIT);
        return new ClientCommand.Older(before, (int) pageSize);
    }

    private static long wholeNumber(JsonValue value, long min, long max, String reason) throws ChatError {
        if (!(value instanceof JsonNumber number)) {
            throw new ChatError("bad-request", reason);
        }
        BigDecimal exact;
        try {
            exact = number.bigDecimalValue();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ChatError("bad-request", reason);
        }
        if (exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0
                || exact.compareTo(BigDecimal.valueOf(min)) < 0 || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new ChatError("bad-request", reason);
        }
        return exact.longValueExact();
    }

    private static long messageId(JsonObject object, String ref) throws ChatError {
        if (!(object.get("id") instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1
                || n.bigDecimalValue().compareTo(MAX_ID) > 0) {
            throw new ChatError("bad-field", "\"id\" must be a message id (a whole number of 1 or more)", ref);
        }
        return n.longValue();
    }

    private static ModerationRequest moderation(ModerationRequest.Action action, JsonObject object) throws ChatError {
        if (!(object.get("uid") instanceof JsonString uid) || !Names.isValidUid(uid.getString())) {
            throw new ChatError("bad-field", "\"uid\" must be a user id");
        }
        long duration = 0;
        if (action.isTimed()) {
            if (!(object.get("duration") instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0
                    || n.bigDecimalValue().compareTo(MAX_DURATION) > 0) {
                throw new ChatError("bad-field", "\"duration\" must be a whole number of seconds, 0 for until lifted");
            }
            duration = n.longValue();
        }
        String reason = "";
        JsonValue given = object.get("reason");
        if (given != null && given != JsonValue.NULL) {
            if (!(given instanceof JsonString s) || s.getString().length() > Sanction.MAX_REASON_LENGTH
                    || !s.getString().codePoints().allMatch(Names::isPrintable)) {
                throw new ChatError("bad-field", "\"reason\" must be one line of at most "
                        + Sanction.MAX_REASON_LENGTH + " characters");
            }
            reason = s.getString().strip();
        }
        return new ModerationRequest(action, uid.getString(), duration, reason);
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
        if (length < 1 || length > MAX_NICK_LENGTH || !nick.codePoints().allMatch(Names::isPrintable)) {
            throw new ChatError("bad-nick", "a nick is 1 to " + MAX_NICK_LENGTH + " printable characters");
        }
        return nick;
    }
}
