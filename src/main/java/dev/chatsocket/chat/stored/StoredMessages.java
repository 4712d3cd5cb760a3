package dev.chatsocket.chat.stored;

import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.history.Message;
import dev.chatsocket.history.StoredSanction;

import java.util.ArrayList;
import java.util.List;

/**
 * Messages of the history store as a room shows them: in their current state, an edited one with
 * when it was edited, a deleted one with no text. Used by the database backend and by cluster
 * mode, whose Redis rooms read what their streams no longer hold from the archive. And the
 * store's bans and mutes as the chat's rules read them.
 */
public final class StoredMessages {
    private StoredMessages() {
    }

    /** The messages in their current state, in the order given. */
    public static List<ChatMessage> shown(String room, List<Message> messages) {
        List<ChatMessage> shown = new ArrayList<>(messages.size());
        for (Message message : messages) {
            shown.add(of(room, message));
        }
        return shown;
    }

    /** A ban or mute of the store as the chat's rules read it. */
    static Sanction sanction(StoredSanction row) {
        return new Sanction(row.kind().equals(Sanction.Kind.BAN.wire()) ? Sanction.Kind.BAN : Sanction.Kind.MUTE,
                row.uid(), row.untilMillis(), row.reason(), row.by(), row.byAdmin());
    }

    static StoredSanction row(Sanction sanction) {
        return new StoredSanction(sanction.kind().wire(), sanction.uid(), sanction.untilMillis(), sanction.reason(),
                sanction.by(), sanction.byAdmin());
    }

    static ChatMessage of(String room, Message message) {
        boolean deleted = message.deleted() || message.text() == null;
        return new ChatMessage(message.id(), room, message.uid(), message.nick(), deleted ? null : message.text(), message.ts(),
                message.edited().orElse(0), deleted, message.bot());
    }
}
