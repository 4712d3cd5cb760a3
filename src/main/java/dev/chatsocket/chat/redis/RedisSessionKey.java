package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.StoreUnavailableException;
import dev.chatsocket.identity.SharedKeyStore;
import io.lettuce.core.SetArgs;

import java.io.IOException;
import java.util.Base64;

/**
 * The cluster's session key in Redis, under {@value #KEY} (base64 of its 32 bytes, no expiry):
 * stored with {@code SET NX}, so that a key once there is never overwritten, then read back.
 * Commands go through {@link RedisGateway#await}, since a container thread asks.
 */
final class RedisSessionKey implements SharedKeyStore {
    static final String KEY = "chatsocket:session-key";
    /** A GET that finds nothing right after the SET NX means the key went in between (a flush): try again. */
    private static final int ATTEMPTS = 3;

    private final RedisGateway gateway;

    RedisSessionKey(RedisGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public byte[] putIfAbsent(byte[] candidate) throws IOException {
        // SET NX and GET rather than one SET NX GET, which Redis takes only from 7.0 on.
        String encoded = Base64.getEncoder().encodeToString(candidate);
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                gateway.await(redis -> redis.set(KEY, encoded, SetArgs.Builder.nx()));
                String stored = gateway.await(redis -> redis.get(KEY));
                if (stored != null) {
                    return Base64.getDecoder().decode(stored);
                }
            }
        } catch (StoreUnavailableException e) {
            throw new IOException("Redis: " + e.getMessage(), e);
        } catch (IllegalArgumentException notBase64) {
            return new byte[0];
        }
        throw new IOException("the session key kept vanishing from Redis (" + KEY + ")");
    }

    @Override
    public String describe() {
        return "Redis key " + KEY;
    }
}
