package dev.chatsocket.chat.stored;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.history.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * Messages of the history store as a room shows them: deleted ones left out. Used by the database
 * backend and by cluster mode, whose Redis rooms read what their streams no longer hold from the
 * archive.
 */
public final class StoredMessages {
    private StoredMessages() {
    }

    /** The messages that are not deleted, in the order given. */
    public static List<ChatMessage> shown(String room, List<Message> messages) {
        List<ChatMessage> shown = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (isShown(message)) {
                shown.add(of(room, message));
            }
        }
        return shown;
    }

    static boolean isShown(Message message) {
        return !message.deleted() && message.text() != null;
    }

    static ChatMessage of(String room, Message message) {
        return new ChatMessage(message.id(), room, message.uid(), message.nick(), message.text(), message.ts());
    }
}
