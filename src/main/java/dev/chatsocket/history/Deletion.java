package dev.chatsocket.history;

/** Message {@code target} was deleted by {@code by} (its author or a moderator). */
public record Deletion(long id, long target, String by, long ts) implements Entry {
}
