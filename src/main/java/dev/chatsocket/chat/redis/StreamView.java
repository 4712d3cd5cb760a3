package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.Position;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A room's log as read from its stream, with the places of deleted entries filled and messages in
 * their current state. Pure: the reads ({@link RedisRoomLog}, {@link StreamReader}) fetch, this
 * puts together.
 *
 * <p>Every id of a room's sequence is one stream entry {@code <id>-0} (a message, an edit or a
 * delete) until a delete takes a message and its edits out of the stream; those are then in the
 * room's {@code gone} set (see {@link StreamEntries#readGone}). So a read with an id missing
 * between its first and last entry has a deleted entry there, or the stream was trimmed past it,
 * and only the second is a gap a room must treat as one.
 */
final class StreamView {
    private StreamView() {
    }

    /** A message's latest edit: its current text, and when. */
    record CurrentText(String text, long editedAt) {
    }

    /** The message ids {@code low..high} (inclusive) not among the entries read after {@code after}; {@code null} when none is missing. */
    record Missing(long low, long high) {
    }

    /**
     * The ids after {@code after}, up to the last entry read, for which {@code read} (oldest first)
     * has no entry: deleted, or trimmed.
     */
    static Missing missing(Position after, List<Entry> read) {
        if (read.isEmpty()) {
            return null;
        }
        long first = after.major() + 1;
        long last = read.get(read.size() - 1).position().major();
        Set<Long> present = new HashSet<>();
        for (Entry entry : read) {
            if (entry.position().isMessage()) {
                present.add(entry.position().major());
            }
        }
        long low = -1;
        long high = -1;
        for (long id = first; id <= last; id++) {
            if (!present.contains(id)) {
                low = low < 0 ? id : low;
                high = id;
            }
        }
        return low < 0 ? null : new Missing(low, high);
    }

    /**
     * The entries of the stream and the deleted ones, in log order; the stream's entry is kept when
     * both have a place (a delete between the two reads).
     */
    static List<Entry> merge(List<Entry> stream, List<Entry> gone) {
        if (gone.isEmpty()) {
            return stream;
        }
        TreeMap<Position, Entry> byPosition = new TreeMap<>();
        for (Entry entry : gone) {
            byPosition.put(entry.position(), entry);
        }
        for (Entry entry : stream) {
            byPosition.put(entry.position(), entry);
        }
        return new ArrayList<>(byPosition.values());
    }

    /** The entries with each message that was edited, and not deleted, showing its latest text. */
    static List<Entry> current(List<Entry> entries, Map<Long, CurrentText> edits) {
        if (edits.isEmpty()) {
            return entries;
        }
        List<Entry> current = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            CurrentText edit;
            if (entry instanceof Entry.Posted posted && !posted.message().deleted()
                    && (edit = edits.get(posted.message().id())) != null) {
                ChatMessage now = posted.message().edited(edit.text(), edit.editedAt());
                current.add(new Entry.Posted(posted.position(), now, posted.ref()));
            } else {
                current.add(entry);
            }
        }
        return current;
    }
}
