package dev.chatsocket.chat.room;

/**
 * Where a reconnecting client left off: the last message id it has, and the epoch of the history
 * that id belongs to ({@code null} when the client does not know one).
 */
public record Resume(long since, String epoch) {
    public static final Resume FROM_START = new Resume(0, null);

    public Resume {
        if (since < 0) {
            throw new IllegalArgumentException("since must not be negative");
        }
    }
}
