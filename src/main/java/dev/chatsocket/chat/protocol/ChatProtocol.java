package dev.chatsocket.chat.protocol;

import dev.chatsocket.chat.room.OlderPage;
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
import java.util.Map;

/**
 * Reading what chat clients send (docs/protocol.md, "Client to server"), with every rule a client
 * can break answered by a {@link ChatError}. What the server sends is {@link JsonFrames}.
 */
public final class ChatProtocol {
    static final int MAX_REF_LENGTH = 64;
    static final int MAX_NICK_LENGTH = 32;

    /** Looking the provider up is costly; one per application is enough. */
    private static final JsonParserFactory PARSERS = JsonProvider.provider().createParserFactory(Map.of());

    private final int maxTextLength;

    /** @param maxTextLength characters in one message */
    public ChatProtocol(int maxTextLength) {
        this.maxTextLength = maxTextLength;
    }

    /** Reads one client frame. The article's {@code {"uid":…,"message":…}} counts as a message. */
    public ClientCommand parse(String frame) throws ChatError {
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
            case "older" -> older(object);
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
}
