package dev.chatsocket.chat.protocol;

import dev.chatsocket.chat.room.ChatMessage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonFramesTest {
    private final JsonFrames frames = new JsonFrames();

    @Test
    void aBotsMessageSaysSoAndAMembersLooksAsItAlwaysDid() {
        assertEquals("{\"type\":\"message\",\"id\":3,\"room\":\"lobby\",\"uid\":\"bot:site\",\"nick\":\"site\","
                        + "\"text\":\"hello\",\"ts\":7,\"bot\":true}",
                frames.messageObject(new ChatMessage(3, "lobby", "bot:site", "site", "hello", 7, 0, false, true)).toString());
        assertEquals("{\"type\":\"message\",\"id\":4,\"room\":\"lobby\",\"uid\":\"u1\",\"nick\":\"ann\","
                        + "\"text\":\"hi\",\"ts\":8}",
                frames.messageObject(new ChatMessage(4, "lobby", "u1", "ann", "hi", 8)).toString());
    }
}
