package dev.chatsocket.chat.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code older}: a cursor and a page size, every bad one answered with {@code bad-request}. */
class ChatProtocolOlderTest {
    private final ChatProtocol protocol = new ChatProtocol(4000);

    @Test
    void aCursorAndALimit() throws ChatError {
        assertEquals(new ClientCommand.Older(41, 20), protocol.parse("{\"type\":\"older\",\"before\":41,\"limit\":20}"));
        assertEquals(new ClientCommand.Older(41, 100), protocol.parse("{\"type\":\"older\",\"before\":41,\"limit\":100}"));
        assertEquals(new ClientCommand.Older(9007199254740993L, 1),
                protocol.parse("{\"type\":\"older\",\"before\":9007199254740993,\"limit\":1}"), "exact, not through a double");
    }

    @Test
    void theLimitIsFiftyWhenAbsentOrNull() throws ChatError {
        assertEquals(new ClientCommand.Older(7, 50), protocol.parse("{\"type\":\"older\",\"before\":7}"));
        assertEquals(new ClientCommand.Older(7, 50), protocol.parse("{\"type\":\"older\",\"before\":7,\"limit\":null}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"older\"}",
            "{\"type\":\"older\",\"before\":0}",
            "{\"type\":\"older\",\"before\":-5}",
            "{\"type\":\"older\",\"before\":1.5}",
            "{\"type\":\"older\",\"before\":\"41\"}",
            "{\"type\":\"older\",\"before\":null}",
            "{\"type\":\"older\",\"before\":1e400}",
            "{\"type\":\"older\",\"before\":9223372036854775808}",
            "{\"type\":\"older\",\"before\":41,\"limit\":0}",
            "{\"type\":\"older\",\"before\":41,\"limit\":101}",
            "{\"type\":\"older\",\"before\":41,\"limit\":2.5}",
            "{\"type\":\"older\",\"before\":41,\"limit\":\"10\"}",
    })
    void badArgumentsAreABadRequest(String frame) {
        ChatError error = assertThrows(ChatError.class, () -> protocol.parse(frame));
        assertEquals("bad-request", error.code(), error.getMessage());
    }

    @Test
    void aNumberNoDecimalHoldsIsRefusedNotThrown() {
        ChatError error = assertThrows(ChatError.class,
                () -> protocol.parse("{\"type\":\"older\",\"before\":41,\"limit\":1e9999999999}"));
        assertEquals(true, error.code().equals("bad-request") || error.code().equals("bad-json"), error.code());
    }
}
