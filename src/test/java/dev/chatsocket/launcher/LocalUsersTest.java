package dev.chatsocket.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class LocalUsersTest {

    @Test
    void oneUserALineWithOptionalRoles() {
        LocalUsers users = LocalUsers.parse("""
                # local users
                alice:wonderland:chat-moderator, chat-room-ops

                bob:builder
                carol:pw:
                """, "users.txt");
        assertEquals(List.of(
                new LocalUsers.User("alice", "wonderland", List.of("chat-moderator", "chat-room-ops")),
                new LocalUsers.User("bob", "builder", List.of()),
                new LocalUsers.User("carol", "pw", List.of())), users.users());
        assertFalse(users.toString().contains("wonderland"));
    }

    @Test
    void aBadLineIsNamed() {
        for (String text : List.of("alice", "alice:", ":pw:role", "a:b:c:d", "alice:x\nalice:y", "# nobody")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalUsers.parse(text, "users.txt"));
            assertTrue(e.getMessage().startsWith("users.txt"), e.getMessage());
        }
    }
}
