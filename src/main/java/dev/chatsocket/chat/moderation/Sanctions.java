package dev.chatsocket.chat.moderation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bans and mutes of one room, kept in memory: the single-node store, and the pure logic a
 * shared store follows too. At most {@code capacity} sanctions are held; ended ones are dropped
 * when room is needed, and a room full of live sanctions refuses a new one (the moderator is told)
 * rather than forgetting an old one silently. Callers synchronise.
 */
public final class Sanctions {
    private final int capacity;
    private final Map<String, Sanction> held = new HashMap<>();

    public Sanctions(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a room holds at least one sanction");
        }
        this.capacity = capacity;
    }

    /**
     * Sets {@code sanction}, replacing one of the same kind on the same person.
     *
     * @return {@code false} when the room holds {@code capacity} live sanctions already
     */
    public boolean put(Sanction sanction, long nowMillis) {
        String key = key(sanction.kind(), sanction.uid());
        if (!held.containsKey(key) && held.size() >= capacity) {
            held.values().removeIf(s -> !s.isActive(nowMillis));
            if (held.size() >= capacity) {
                return false;
            }
        }
        held.put(key, sanction);
        return true;
    }

    /** @return whether there was one to lift */
    public boolean lift(Sanction.Kind kind, String uid) {
        return held.remove(key(kind, uid)) != null;
    }

    /** The sanction of that kind on {@code uid} while it lasts. */
    public Optional<Sanction> active(Sanction.Kind kind, String uid, long nowMillis) {
        String key = key(kind, uid);
        Sanction sanction = held.get(key);
        if (sanction == null) {
            return Optional.empty();
        }
        if (!sanction.isActive(nowMillis)) {
            held.remove(key);
            return Optional.empty();
        }
        return Optional.of(sanction);
    }

    /** The sanctions that have not ended, dropping the ended ones. */
    public List<Sanction> active(long nowMillis) {
        held.values().removeIf(s -> !s.isActive(nowMillis));
        return new ArrayList<>(held.values());
    }

    public int size() {
        return held.size();
    }

    /** One map for both kinds; a uid holds no control characters (identity.Names), so the separator is unambiguous. */
    private static String key(Sanction.Kind kind, String uid) {
        return kind.wire() + '\n' + uid;
    }
}
