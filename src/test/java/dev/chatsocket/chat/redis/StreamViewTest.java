package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PresenceEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How a read of a room's stream is put together with the deleted entries and the current texts. */
class StreamViewTest {
    private static Entry posted(long id, String text) {
        return new Entry.Posted(Position.ofMessage(id), new ChatMessage(id, "lobby", "u1", "ann", text, id * 10), null);
    }

    private static Entry deleted(long id) {
        return new Entry.Posted(Position.ofMessage(id),
                new ChatMessage(id, "lobby", "u1", "ann", null, id * 10, 0, true, false), null);
    }

    private static Entry presence(long after, long seq) {
        return new Entry.Presence(new Position(after, seq), PresenceEvent.JOIN, "u2", "bo", false);
    }

    @Test
    void nothingIsMissingWhenEveryIdAfterThePositionIsThere() {
        assertNull(StreamView.missing(Position.ofMessage(3), List.of(posted(4, "a"), presence(4, 1), posted(5, "b"))));
        assertNull(StreamView.missing(new Position(3, 2), List.of(presence(3, 3), posted(4, "a"))),
                "after a presence event, the next id is the next message's");
        assertNull(StreamView.missing(Position.ofMessage(3), List.of()));
        assertNull(StreamView.missing(Position.ofMessage(3), List.of(presence(3, 1))));
    }

    @Test
    void theIdsWithoutAnEntryAreMissingUpToTheLastEntryRead() {
        assertEquals(new StreamView.Missing(4, 6),
                StreamView.missing(Position.ofMessage(3), List.of(posted(5, "a"), posted(7, "b"))));
        assertEquals(new StreamView.Missing(8, 8),
                StreamView.missing(new Position(7, 1), List.of(presence(8, 1))),
                "a presence event after message 8 says that 8 was there");
    }

    @Test
    void deletedEntriesFillTheirPlacesAndTheStreamWinsWhereBothHaveOne() {
        List<Entry> merged = StreamView.merge(List.of(posted(5, "kept"), posted(7, "b")), List.of(deleted(4), deleted(5), deleted(6)));
        assertEquals(List.of(deleted(4), posted(5, "kept"), deleted(6), posted(7, "b")), merged);
    }

    @Test
    void anEditedMessageShowsItsLatestTextAndADeletedOneStaysDeleted() {
        List<Entry> current = StreamView.current(List.of(posted(4, "typo"), deleted(5), posted(6, "same")),
                Map.of(4L, new StreamView.CurrentText("fixed", 99L), 5L, new StreamView.CurrentText("never", 98L)));
        assertEquals(List.of(new Entry.Posted(Position.ofMessage(4),
                        new ChatMessage(4, "lobby", "u1", "ann", "fixed", 40, 99L, false, false), null),
                deleted(5), posted(6, "same")), current);
    }
}
