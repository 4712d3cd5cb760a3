package dev.chatsocket.chat.protocol;

import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.moderation.ModerationRequest.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every rule of docs/protocol.md's "Client to server" a client can break, and what it gets. */
class ChatProtocolTest {
    private final ChatProtocol protocol = new ChatProtocol(10);

    private String refusal(String frame) {
        return assertThrows(ChatError.class, () -> protocol.parse(frame)).code();
    }

    @Test
    void aMessageWithAndWithoutRef() throws ChatError {
        assertEquals(new ClientCommand.Post("hi", "r1"), protocol.parse("{\"type\":\"message\",\"text\":\"hi\",\"ref\":\"r1\"}"));
        assertEquals(new ClientCommand.Post("hi", null), protocol.parse("{\"type\":\"message\",\"text\":\"hi\"}"));
    }

    @Test
    void theArticlesFrameIsAMessageWhoseUidIsIgnored() throws ChatError {
        assertEquals(new ClientCommand.Post("hi", null), protocol.parse("{\"uid\":\"someone-else\",\"message\":\"hi\"}"));
    }

    @Test
    void badJsonAndBadTypes() {
        assertEquals("bad-json", refusal("{"));
        assertEquals("bad-json", refusal("[]"));
        assertEquals("bad-json", refusal("{\"type\":\"message\",\"text\":\"hi\"} trailing"));
        assertEquals("bad-type", refusal("{\"text\":\"hi\"}"));
        assertEquals("bad-type", refusal("{\"type\":1}"));
        assertEquals("unknown-type", refusal("{\"type\":\"shout\"}"));
    }

    @Test
    void textRules() {
        assertEquals("empty-text", refusal("{\"type\":\"message\",\"text\":\"  \"}"));
        assertEquals("text-too-long", refusal("{\"type\":\"message\",\"text\":\"12345678901\"}"));
        assertEquals("bad-field", refusal("{\"type\":\"message\",\"text\":5}"));
        assertEquals("bad-field", refusal("{\"type\":\"message\",\"text\":\"hi\",\"ref\":" + "\"" + "r".repeat(65) + "\"}"));
    }

    @Test
    void aRefusedMessageKeepsItsRefSoTheClientKnowsWhichFailed() {
        ChatError error = assertThrows(ChatError.class, () -> protocol.parse("{\"type\":\"message\",\"text\":\"\",\"ref\":\"r9\"}"));
        assertEquals("r9", error.ref());
    }

    @Test
    void nickRules() throws ChatError {
        assertEquals(new ClientCommand.Rename("Ada"), protocol.parse("{\"type\":\"nick\",\"nick\":\" Ada \"}"));
        assertEquals("bad-nick", refusal("{\"type\":\"nick\",\"nick\":\"\"}"));
        assertEquals("bad-nick", refusal("{\"type\":\"nick\",\"nick\":\"a\\u202eb\"}"));
    }

    @Test
    void anEditNamesItsMessageAndTheNewText() throws ChatError {
        assertEquals(new ClientCommand.Edit(7, "fixed", "r2"), protocol.parse("{\"type\":\"edit\",\"id\":7,\"text\":\"fixed\",\"ref\":\"r2\"}"));
        assertEquals("empty-text", refusal("{\"type\":\"edit\",\"id\":7,\"text\":\"\"}"));
    }

    @Test
    void aDeleteNamesItsMessage() throws ChatError {
        assertEquals(new ClientCommand.Delete(7, null), protocol.parse("{\"type\":\"delete\",\"id\":7}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"id\":0", ",\"id\":-3", ",\"id\":1.5", ",\"id\":\"7\"", ",\"id\":9007199254740992"})
    void aMessageIdIsAWholeNumberFromOneThatJavaScriptCanHold(String id) {
        ChatError error = assertThrows(ChatError.class, () -> protocol.parse("{\"type\":\"delete\",\"ref\":\"r3\"" + id + "}"));
        assertEquals("bad-field", error.code());
        assertEquals("r3", error.ref());
    }

    @Test
    void typingCarriesNothing() throws ChatError {
        assertEquals(new ClientCommand.Typing(), protocol.parse("{\"type\":\"typing\"}"));
    }

    @Test
    void moderation() throws ChatError {
        assertEquals(new ClientCommand.Moderate(new ModerationRequest(Action.KICK, "u1", 0, "spam")),
                protocol.parse("{\"type\":\"kick\",\"uid\":\"u1\",\"reason\":\" spam \"}"));
        assertEquals(new ClientCommand.Moderate(new ModerationRequest(Action.BAN, "u1", 3600, "")),
                protocol.parse("{\"type\":\"ban\",\"uid\":\"u1\",\"duration\":3600}"));
        assertEquals(new ClientCommand.Moderate(new ModerationRequest(Action.MUTE, "u1", 0, "")),
                protocol.parse("{\"type\":\"mute\",\"uid\":\"u1\",\"duration\":0}"));
        assertEquals(new ClientCommand.Moderate(new ModerationRequest(Action.UNBAN, "u1", 0, "")),
                protocol.parse("{\"type\":\"unban\",\"uid\":\"u1\",\"duration\":99}"));
        assertEquals(new ClientCommand.Moderate(new ModerationRequest(Action.UNMUTE, "u1", 0, "")),
                protocol.parse("{\"type\":\"unmute\",\"uid\":\"u1\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"kick\"}",
            "{\"type\":\"kick\",\"uid\":\"\"}",
            "{\"type\":\"kick\",\"uid\":\"has space\"}",
            "{\"type\":\"ban\",\"uid\":\"u1\"}",
            "{\"type\":\"ban\",\"uid\":\"u1\",\"duration\":-1}",
            "{\"type\":\"ban\",\"uid\":\"u1\",\"duration\":1e30}",
            "{\"type\":\"mute\",\"uid\":\"u1\",\"duration\":\"60\"}",
            "{\"type\":\"kick\",\"uid\":\"u1\",\"reason\":\"two\\nlines\"}",
            "{\"type\":\"kick\",\"uid\":\"u1\",\"reason\":7}"})
    void badModerationFields(String frame) {
        assertEquals("bad-field", refusal(frame));
    }

    @Test
    void aReasonIsBounded() {
        assertEquals("bad-field", refusal("{\"type\":\"kick\",\"uid\":\"u1\",\"reason\":\"" + "x".repeat(201) + "\"}"));
    }

    @Test
    void anApiBodyIsReadAsTheFrameItsEndpointStandsFor() throws ChatError {
        assertEquals(new ClientCommand.Post("hi", "r1"), protocol.parseAs("message", "{\"text\":\"hi\",\"ref\":\"r1\"}"));
        assertEquals(new ClientCommand.Post("hi", null), protocol.parseAs("message", "{\"type\":\"message\",\"text\":\"hi\"}"));
        assertEquals(new ClientCommand.Moderate(new ModerationRequest(Action.BAN, "u1", 60, "")),
                protocol.parseAs("ban", "{\"uid\":\"u1\",\"duration\":60}"));
    }

    @Test
    void anApiBodyNamingAnotherTypeIsRefused() {
        assertEquals("bad-type", assertThrows(ChatError.class,
                () -> protocol.parseAs("message", "{\"type\":\"ban\",\"uid\":\"u1\",\"duration\":0}")).code());
        assertEquals("bad-json", assertThrows(ChatError.class, () -> protocol.parseAs("message", "nope")).code());
    }
}
