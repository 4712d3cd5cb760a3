package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Moderation;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aBotsMessageKeepsItsMark() {
        Map<String, String> fields = messageFields("bot:site", "site", "maintenance", 5, "m1");
        fields.put("b", "1");
        assertEquals(new Entry.Posted(Position.ofMessage(9),
                new ChatMessage(9, "lobby", "bot:site", "site", "maintenance", 5, 0, false, true), "m1"),
                StreamEntries.read("lobby", Position.ofMessage(9), fields));
        assertFalse(((Entry.Posted) StreamEntries.read("lobby", Position.ofMessage(10),
                messageFields("u1", "ana", "x", 1, null))).message().bot(), "no field: a member's");
    }

    @Test
    void aModerationEntryReadsBackAsTheModerationAndABrokenOneIsRefused() {
        Map<String, String> fields = new LinkedHashMap<>(Map.of("t", "mod", "a", "ban", "uid", "g1", "by", "mia",
                "ba", "1", "reason", "spam", "d", "60", "until", "1795689660000"));
        assertEquals(new Entry.Moderated(new Position(7, 2), new Moderation(ModerationRequest.Action.BAN, "g1", "mia",
                        true, "spam", 60, 1795689660000L)),
                StreamEntries.read("lobby", new Position(7, 2), fields));
        fields.put("a", "smite");
        assertThrows(IllegalArgumentException.class, () -> StreamEntries.read("lobby", new Position(7, 2), fields));
        fields.put("a", "kick");
        assertThrows(IllegalArgumentException.class, () -> StreamEntries.read("lobby", Position.ofMessage(7), fields),
                "a moderation never takes a message's place");
    }

    @Test
    void aSanctionFieldReadsBackAsTheSanction() {
        Sanction ban = new Sanction(Sanction.Kind.BAN, "g1", Sanction.UNTIL_LIFTED, "spam: links", "mia", false);
        String field = SanctionFields.field(Sanction.Kind.BAN, "g1");
        assertEquals("ban g1", field);
        assertEquals(java.util.Optional.of(ban), SanctionFields.read(field, SanctionFields.value(ban)));
        assertEquals(java.util.Optional.empty(), SanctionFields.read(field, "garbage"));
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
    void editAndDeleteEntriesReadBackWithTheirTargetAndRef() {
        assertEquals(new Entry.Edited(Position.ofMessage(9), 7, "u1", "fixed", 2000L, "e-1"),
                StreamEntries.read("lobby", Position.ofMessage(9),
                        Map.of("t", "e", "uid", "u1", "target", "7", "text", "fixed", "ts", "2000", "ref", "e-1")));
        assertEquals(new Entry.Deleted(Position.ofMessage(10), 7, "mod", 3000L, null),
                StreamEntries.read("lobby", Position.ofMessage(10), Map.of("t", "d", "uid", "mod", "target", "7", "ts", "3000",
                        "was", "")));
        assertThrows(IllegalArgumentException.class, () -> StreamEntries.read("lobby", Position.ofMessage(9),
                Map.of("t", "e", "uid", "u1", "target", "7", "ts", "2000")), "an edit without its text");
        assertThrows(IllegalArgumentException.class, () -> StreamEntries.read("lobby", new Position(9, 1),
                Map.of("t", "d", "uid", "u1", "target", "7", "ts", "2000")), "a delete has an id of the sequence");
        assertThrows(IllegalArgumentException.class, () -> StreamEntries.read("lobby", Position.ofMessage(9),
                Map.of("t", "d", "uid", "u1", "ts", "2000")), "a delete without its target");
    }

    @Test
    void deletedEntriesReadBackInTheirPlacesWithoutText() {
        Entry message = StreamEntries.readGone("lobby",
                Packed.pack(List.of("7-0", "t", "m", "uid", "u1", "nick", "ann", "ts", "1234", "edited", "2000")));
        assertEquals(new Entry.Posted(Position.ofMessage(7),
                new ChatMessage(7, "lobby", "u1", "ann", null, 1234L, 2000L, true, false), null), message);
        Entry edit = StreamEntries.readGone("lobby",
                Packed.pack(List.of("9-0", "t", "e", "uid", "u1", "target", "7", "ts", "2000", "ref", "e-1")));
        assertEquals(new Entry.Edited(Position.ofMessage(9), 7, "u1", null, 2000L, "e-1"), edit);
        assertThrows(IllegalArgumentException.class, () -> StreamEntries.readGone("lobby",
                Packed.pack(List.of("9-0", "t", "join", "uid", "u1", "nick", "n"))), "only messages and edits are deleted");
        assertThrows(IllegalArgumentException.class, () -> StreamEntries.readGone("lobby", "not packed"));
        assertThrows(IllegalArgumentException.class, () -> StreamEntries.readGone("lobby", Packed.pack(List.of("9-0", "t"))));
    }

    @Test
    void aCurrentTextReadsBack() {
        assertEquals(new StreamView.CurrentText("fixed \u00e9", 2000L),
                StreamEntries.currentText(Packed.pack(List.of("fixed \u00e9", "2000", "9", "11"))));
        assertThrows(IllegalArgumentException.class, () -> StreamEntries.currentText(Packed.pack(List.of("no ids"))));
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
        all.addAll(List.of(keys.append("u1", "r")));
        assertEquals(15, new HashSet<>(all).size(), "all distinct");
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
