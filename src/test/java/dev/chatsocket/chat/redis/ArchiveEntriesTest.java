package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PresenceEvent;
import dev.chatsocket.history.Archived;
import dev.chatsocket.history.Deletion;
import dev.chatsocket.history.Edit;
import dev.chatsocket.history.Message;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which stream entries the archive keeps, and as what. */
class ArchiveEntriesTest {

    @Test
    void aMessageIsArchivedAsPostedUnderItsId() {
        Entry posted = new Entry.Posted(new Position(7, 0), new ChatMessage(7, "lobby", "u1", "ann", "hello", 1234L), "r1");
        assertEquals(List.of(new Archived("lobby", Message.posted(7, "u1", "ann", "hello", 1234L))),
                ArchiveEntries.of("lobby", posted, List.of()));
    }

    @Test
    void anEditIsArchivedAsAnEditUnderItsOwnId() {
        Entry edited = new Entry.Edited(Position.ofMessage(9), 7, "u1", "hello again", 2000L, "r2");
        assertEquals(List.of(new Archived("lobby", new Edit(9, 7, "u1", "hello again", 2000L))),
                ArchiveEntries.of("lobby", edited, List.of()));
    }

    @Test
    void aDeleteBringsTheMessageAndEditsItTookOutOfTheStreamWithoutTheirTextAheadOfItsDeletion() {
        Map<String, String> fields = Map.of("t", "d", "uid", "mod", "target", "7", "ts", "3000",
                "was", Packed.pack(List.of("t", "m", "uid", "u1", "nick", "ann", "ts", "1234", "ref", "r1", "edited", "2000")),
                "edits", Packed.pack(List.of(Packed.pack(List.of("9-0", "t", "e", "uid", "u1", "target", "7", "ts", "2000")))));
        Entry.Deleted deleted = (Entry.Deleted) StreamEntries.read("lobby", Position.ofMessage(10), fields);
        List<Entry> erased = StreamEntries.erasedBy("lobby", deleted, fields);

        assertEquals(List.of(
                        new Archived("lobby", Message.posted(7, "u1", "ann", "", 1234L)),
                        new Archived("lobby", new Edit(9, 7, "u1", "", 2000L)),
                        new Archived("lobby", new Deletion(10, 7, "mod", 3000L))),
                ArchiveEntries.of("lobby", deleted, erased),
                "placeholders the deletion erases in the same insert: nothing of the text reaches the archive");
    }

    @Test
    void aDeleteOfAMessageOlderThanTheStreamIsOnlyItsDeletion() {
        Map<String, String> fields = Map.of("t", "d", "uid", "u1", "target", "2", "ts", "3000");
        Entry.Deleted deleted = (Entry.Deleted) StreamEntries.read("lobby", Position.ofMessage(10), fields);
        assertEquals(List.of(), StreamEntries.erasedBy("lobby", deleted, fields));
        assertEquals(List.of(new Archived("lobby", new Deletion(10, 2, "u1", 3000L))),
                ArchiveEntries.of("lobby", deleted, List.of()));
    }

    @Test
    void aBotsMessageIsArchivedWithItsMark() {
        Entry posted = new Entry.Posted(new Position(8, 0),
                new ChatMessage(8, "lobby", "bot:site", "site", "hello", 1234L, 0, false, true), null);
        assertEquals(List.of(new Archived("lobby", Message.posted(8, "bot:site", "site", "hello", 1234L, true))),
                ArchiveEntries.of("lobby", posted, List.of()));
    }

    @Test
    void presenceAndUnreadableEntriesAreNotArchived() {
        assertEquals(List.of(), ArchiveEntries.of("lobby", new Entry.Presence(new Position(7, 1), PresenceEvent.JOIN, "u1", "ann", false), List.of()));
        assertEquals(List.of(), ArchiveEntries.of("lobby", new Entry.Unreadable(new Position(7, 2), "not ours"), List.of()));
    }

    @Test
    void aMessageTheStoreCannotHoldIsRefusedNotRetried() {
        Entry posted = new Entry.Posted(new Position(8, 0), new ChatMessage(8, "lobby", "u1", "n".repeat(129), "hi", 1L), null);
        assertThrows(IllegalArgumentException.class, () -> ArchiveEntries.of("lobby", posted, List.of()));
    }
}
