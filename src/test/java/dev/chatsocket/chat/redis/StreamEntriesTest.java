package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PresenceEvent;
import io.lettuce.core.StreamMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of the Redis backend, without Redis: stream ids, what an entry holds, the keys of a room. */
class StreamEntriesTest {

    /** The fields the post script writes for a message (the id is the entry's id, not a field). */
    private static Map<String, String> messageFields(String uid, String nick, String text, long ts, String ref) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("t", "m");
        fields.put("uid", uid);
        fields.put("nick", nick);
        fields.put("text", text);
        fields.put("ts", Long.toString(ts));
        if (ref != null) {
            fields.put("ref", ref);
        }
        return fields;
    }

    @Test
    void streamIdsAreLogPositions() {
        assertEquals(new Position(42, 3), StreamEntries.position("42-3"));
        assertEquals(Position.ofMessage(42), StreamEntries.position("42-0"));
        assertEquals("42-3", StreamEntries.position("42-3").toString(), "written back as Redis reads it");
        assertThrows(IllegalArgumentException.class, () -> StreamEntries.position("42"));
    }

    @Test
    void aMessageEntryReadsBackAsTheMessageWithItsRef() {
        Entry entry = StreamEntries.read("lobby", Position.ofMessage(7), messageFields("u1", "ana", "hi <b>", 1795689600000L, "c-17"));
        assertEquals(new Entry.Posted(Position.ofMessage(7),
                new ChatMessage(7, "lobby", "u1", "ana", "hi <b>", 1795689600000L), "c-17"), entry);

        Entry noRef = StreamEntries.read("lobby", Position.ofMessage(8), messageFields("u1", "ana", "x", 1, null));
        assertNull(((Entry.Posted) noRef).ref());
    }

    @Test
    void presenceEntriesAndForeignEntries() {
        assertEquals(new Entry.Presence(new Position(7, 1), PresenceEvent.JOIN, "u2", "bo", true),
                StreamEntries.read("lobby", new Position(7, 1), Map.of("t", "join", "uid", "u2", "nick", "bo", "v", "1")));
        assertEquals(new Entry.Presence(new Position(7, 1), PresenceEvent.JOIN, "u3", "cy", false),
                StreamEntries.read("lobby", new Position(7, 1), Map.of("t", "join", "uid", "u3", "nick", "cy", "v", "0")));
        assertEquals(new Entry.Presence(new Position(7, 2), PresenceEvent.LEAVE, "u2", "bo", false),
                StreamEntries.read("lobby", new Position(7, 2), Map.of("t", "leave", "uid", "u2", "nick", "bo")));
        assertThrows(IllegalArgumentException.class,
                () -> StreamEntries.read("lobby", new Position(7, 3), Map.of("t", "kick", "uid", "u2", "nick", "bo")));
        assertThrows(IllegalArgumentException.class,
                () -> StreamEntries.read("lobby", new Position(7, 3), Map.of("foo", "bar")));
        assertThrows(IllegalArgumentException.class,
                () -> StreamEntries.read("lobby", new Position(7, 4), messageFields("u", "n", "t", 1, null)),
                "a message must sit at <id>-0");
    }

    @Test
    void anEntryThisServerDidNotWriteIsDeliveredAsUnreadableSoThatDeliveryMovesPastIt() {
        Entry entry = StreamEntries.read("lobby", new StreamMessage<>("chatsocket:{lobby}:stream", "9-1", Map.of("foo", "bar")));
        Entry.Unreadable unreadable = assertInstanceOf(Entry.Unreadable.class, entry);
        assertEquals(new Position(9, 1), unreadable.position());
    }

    @Test
    void aRoomsKeysShareOneHashTag() {
        RedisKeys keys = RedisKeys.of("lobby");
        List<String> all = new java.util.ArrayList<>(List.of(keys.presence()));
        all.add(keys.refs("u1"));
        all.add(keys.refTimes("u1"));
        for (String key : all) {
            assertTrue(key.startsWith("chatsocket:{lobby}:"), key);
        }
        assertEquals(10, new HashSet<>(all).size(), "all distinct");
    }

    @Test
    void theReaderBlocksWellInsideTheCommandTimeoutAndHeartbeatsThreeTimesPerTtl() {
        RedisSettings defaults = new RedisSettings("redis://db:6379/0", Duration.ofSeconds(2), Duration.ofSeconds(15),
                10_000);
        assertEquals(Duration.ofSeconds(5), defaults.heartbeat(), "a third of the presence ttl");
        assertEquals(Duration.ofSeconds(1), defaults.readBlock(), "well inside the command timeout");
        assertEquals(Duration.ofMillis(150), new RedisSettings("redis://db:6379/0", Duration.ofMillis(300),
                Duration.ofSeconds(3), 5).readBlock());
    }
}
