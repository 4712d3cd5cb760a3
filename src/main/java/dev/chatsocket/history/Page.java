package dev.chatsocket.history;

import java.util.List;

/**
 * Messages older than a cursor, oldest first, in their current state.
 *
 * @param more whether the store holds older messages still
 */
public record Page(List<Message> messages, boolean more) {
    public Page {
        messages = List.copyOf(messages);
    }
}
