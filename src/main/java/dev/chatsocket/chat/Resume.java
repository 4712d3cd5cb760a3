package dev.chatsocket.chat;

/**
 * Where a reconnecting client left off: the last message id it has, and the epoch of the history
 * that id belongs to ({@code null} when the client does not know one).
 */
record Resume(long since, String epoch) {
    static final Resume FROM_START = new Resume(0, null);
}
