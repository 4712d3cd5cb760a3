package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.history.Archived;
import dev.chatsocket.history.Deletion;
import dev.chatsocket.history.Edit;
import dev.chatsocket.history.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * Which entries of a room's stream the archive keeps, and as what: a chat message as it was
 * posted, an edit as the store's {@link Edit}, a delete as its {@link Deletion}; presence events
 * are live state, not history, and are acknowledged without an insert.
 *
 * <p>A delete also brings what it took out of the stream ({@link StreamEntries#erasedBy}): the
 * archive may never have read the message or its edits (a delete made before the archiver's read
 * leaves the group nothing to deliver). They are archived with an empty text, ahead of the
 * {@link Deletion} in the same insert, which then erases every text of the message: the archive
 * ends with the message in its place, deleted, whether or not it had it before, and nothing of its
 * text. The archive is idempotent on {@code (room, id)}, so a message or edit it had keeps its row.
 */
final class ArchiveEntries {
    /** The text of a message or edit archived only to hold its place: the delete archived with it erases it. */
    private static final String ERASED = "";

    private ArchiveEntries() {
    }

    /**
     * What the archive stores for {@code entry} of {@code room}, oldest first; empty when it stores nothing.
     *
     * @param erased for a delete, the entries it took out of the stream ({@link StreamEntries#erasedBy})
     * @throws IllegalArgumentException when the entry cannot be stored (a value beyond the
     *                                  store's column sizes): never retried, it would fail again
     */
    static List<Archived> of(String room, Entry entry, List<Entry> erased) {
        if (entry instanceof Entry.Posted posted) {
            ChatMessage m = posted.message();
            return List.of(new Archived(room, Message.posted(m.id(), m.uid(), m.nick(), m.text(), m.ts(), m.bot())));
        }
        if (entry instanceof Entry.Edited edit && edit.text() != null) {
            return List.of(new Archived(room, new Edit(edit.position().major(), edit.target(), edit.uid(), edit.text(), edit.ts())));
        }
        if (entry instanceof Entry.Deleted deleted) {
            List<Archived> archived = new ArrayList<>(erased.size() + 1);
            for (Entry gone : erased) {
                if (gone instanceof Entry.Posted posted) {
                    ChatMessage m = posted.message();
                    archived.add(new Archived(room, Message.posted(m.id(), m.uid(), m.nick(), ERASED, m.ts(), m.bot())));
                } else if (gone instanceof Entry.Edited edit) {
                    archived.add(new Archived(room, new Edit(edit.position().major(), edit.target(), edit.uid(), ERASED, edit.ts())));
                }
            }
            archived.add(new Archived(room, new Deletion(deleted.position().major(), deleted.target(), deleted.by(), deleted.ts())));
            return archived;
        }
        return List.of();
    }
}
