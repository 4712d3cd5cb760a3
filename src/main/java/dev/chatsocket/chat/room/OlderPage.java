package dev.chatsocket.chat.room;

import java.util.List;

/**
 * Messages older than a cursor, oldest first, as a {@code page} frame carries them
 * (docs/protocol.md, "Older history").
 *
 * @param more whether older messages than these are still kept
 */
public record OlderPage(List<ChatMessage> messages, boolean more) {
    /** The most messages one page holds, and the default when the client names no limit. */
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 50;

    public OlderPage {
        messages = List.copyOf(messages);
    }
}
