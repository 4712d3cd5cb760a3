package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PresenceEvent;
import dev.chatsocket.history.Archived;
import dev.chatsocket.history.Message;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which stream entries the archive keeps, and as what. */
class ArchiveEntriesTest {

    @Test
    void aMessageIsArchivedAsPostedUnderItsId() {
        Entry posted = new Entry.Posted(new Position(7, 0), new ChatMessage(7, "lobby", "u1", "ann", "hello", 1234L), "r1");
        assertEquals(Optional.of(new Archived("lobby", Message.posted(7, "u1", "ann", "hello", 1234L))),
                ArchiveEntries.of("lobby", posted));
    }

    @Test
    void presenceAndUnreadableEntriesAreNotArchived() {
        assertEquals(Optional.empty(), ArchiveEntries.of("lobby", new Entry.Presence(new Position(7, 1), PresenceEvent.JOIN, "u1", "ann", false)));
        assertEquals(Optional.empty(), ArchiveEntries.of("lobby", new Entry.Unreadable(new Position(7, 2), "not ours")));
    }

    @Test
    void aMessageTheStoreCannotHoldIsRefusedNotRetried() {
        Entry posted = new Entry.Posted(new Position(8, 0), new ChatMessage(8, "lobby", "u1", "n".repeat(129), "hi", 1L), null);
        assertThrows(IllegalArgumentException.class, () -> ArchiveEntries.of("lobby", posted));
    }
}
