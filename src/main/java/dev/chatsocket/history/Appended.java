package dev.chatsocket.history;

/**
 * What an append stored: its new id, or, for a repeat of an earlier {@code (uid, ref)}, the id that
 * message got ({@code duplicate}: nothing was stored, so nothing is to be broadcast).
 */
public record Appended(long id, boolean duplicate) {
}
