package dev.chatsocket.chat.room;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live window's bounds with edits and deletes in it, and messages kept in their current state. */
class LogWindowTest {
    /** History size 3; the log cap is then its floor, 100 entries. */
    private final LogWindow window = new LogWindow(new RoomLimits(3, 10, 10, Duration.ofMinutes(1)));

    private long post(String text) {
        long id = window.lastId() + 1;
        window.appendMessage(new Entry.Posted(Position.ofMessage(id), new ChatMessage(id, "r", "u", "n", text, 10), null));
        return id;
    }

    private long edit(long target, String text) {
        long id = window.lastId() + 1;
        window.appendChange(new Entry.Edited(Position.ofMessage(id), target, "u", text, 20, null));
        return id;
    }

    @Test
    void changesRewriteTheirTargetAndADeleteErasesEveryEarlierEdit() {
        long one = post("one");
        long edit = edit(one, "one, secret");
        assertEquals("one, secret", window.message(one).text());
        assertEquals(20, window.message(one).edited());
        assertNull(window.message(edit), "an edit is no message");
        window.appendChange(new Entry.Deleted(Position.ofMessage(window.lastId() + 1), one, "u", 30, null));
        assertTrue(window.message(one).deleted());
        assertNull(window.message(one).text());
        List<Entry> all = window.range(Position.ZERO, window.end());
        assertEquals(3, all.size());
        assertNull(((Entry.Edited) all.get(1)).text(), "the edit's text is gone too");
    }

    @Test
    void messagesAreTrimmedByCountWhateverIdsTheChangesTook() {
        long one = post("one");
        edit(one, "uno");
        long two = post("two");
        edit(two, "dos");
        post("three");
        assertEquals(List.of("uno", "dos", "three"), window.recent(10).stream().map(ChatMessage::text).toList());
        long four = post("four");
        assertEquals(List.of("dos", "three", "four"), window.recent(10).stream().map(ChatMessage::text).toList());
        assertEquals(two, window.firstRetained(four), "the window starts at its oldest message");
    }

    @Test
    void editsAndDeletesAreBoundedByTheLogCap() {
        long one = post("one");
        for (int i = 0; i < 150; i++) {
            edit(one, "edit " + i);
        }
        List<Entry> all = window.range(Position.ZERO, window.end());
        assertEquals(100, all.size(), "the log cap");
        assertEquals(window.lastId(), all.get(all.size() - 1).position().major(), "the newest kept");
        assertEquals(all.get(0).position().major(), window.firstRetained(window.lastId()), "everything from its first entry on is kept");
    }

    @Test
    void messagesStoredTogetherAreDeliveredAsOneListAndTrimmedLikeSingleOnes() {
        List<List<Entry>> deliveries = new ArrayList<>();
        window.watch(new LogListener() {
            @Override
            public Position position() {
                return Position.ZERO;
            }

            @Override
            public void deliver(List<Entry> entries) {
                deliveries.add(entries);
            }

            @Override
            public void heartbeat() {
            }

            @Override
            public void typing(String uid, String nick) {
            }
        });
        post("one");
        List<Entry.Posted> group = new ArrayList<>();
        for (long id = 2; id <= 5; id++) {
            group.add(new Entry.Posted(Position.ofMessage(id), new ChatMessage(id, "r", "u", "n", "m" + id, 10), null));
        }
        window.appendMessages(group);
        window.appendMessages(List.of());

        assertEquals(2, deliveries.size(), "one delivery for the single post, one for the group, none for nothing");
        assertEquals(List.copyOf(group), deliveries.get(1));
        assertEquals(5, window.lastId());
        assertEquals(Position.ofMessage(5), window.end());
        assertEquals(List.of("m3", "m4", "m5"), window.recent(10).stream().map(ChatMessage::text).toList(),
                "trimmed to the history size of 3");
    }
}
