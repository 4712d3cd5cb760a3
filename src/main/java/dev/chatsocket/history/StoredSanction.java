package dev.chatsocket.history;

/**
 * A ban or a mute as the store keeps it (table {@code chat_sanctions}); the chat's rules about it
 * are not the store's business.
 *
 * @param kind        {@code ban} or {@code mute}
 * @param untilMillis when it ends, epoch ms ({@link Long#MAX_VALUE}: until lifted)
 */
public record StoredSanction(String kind, String uid, long untilMillis, String reason, String by, boolean byAdmin) {
}
