package dev.chatsocket.identity;

import java.io.IOException;

/**
 * A store every node of a cluster reaches that keeps the cluster's one session key (Redis, in
 * {@code dev.chatsocket.chat.redis}): the port that keeps this package free of any store's client.
 */
public interface SharedKeyStore {

    /**
     * Stores {@code candidate} unless a key is stored already, never overwriting one, and returns
     * the key stored now: {@code candidate} only if there was none.
     *
     * @throws IOException when the store cannot be reached or answers nonsense
     */
    byte[] putIfAbsent(byte[] candidate) throws IOException;

    /** Where the key is kept, for messages: never the key. */
    String describe();
}
