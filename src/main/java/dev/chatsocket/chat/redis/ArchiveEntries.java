package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.history.Archived;
import dev.chatsocket.history.Message;

import java.util.Optional;

/**
 * Which entries of a room's stream the archive keeps, and as what: a chat message as it was
 * posted; presence events are live state, not history, and are acknowledged without an insert.
 * Edits and deletes (issue 16) will be stream entries too, and map here to the store's
 * {@code Edit} and {@code Deletion}.
 */
final class ArchiveEntries {
    private ArchiveEntries() {
    }

    /**
     * What the archive stores for {@code entry} of {@code room}, or empty when it stores nothing.
     *
     * @throws IllegalArgumentException when the entry cannot be stored (a value beyond the
     *                                  store's column sizes): never retried, it would fail again
     */
    static Optional<Archived> of(String room, Entry entry) {
        if (entry instanceof Entry.Posted posted) {
            ChatMessage m = posted.message();
            return Optional.of(new Archived(room, Message.posted(m.id(), m.uid(), m.nick(), m.text(), m.ts())));
        }
        return Optional.empty();
    }
}
