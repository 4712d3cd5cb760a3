package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.StoreUnavailableException;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.history.HistoryUnavailableException;
import io.lettuce.core.ScriptOutputType;

/**
 * With a database archive, a node lists each room it joins in {@link RedisKeys#ROOMS} (so that
 * every node's archiver finds it), and a room's Redis history starts where the archive's ends:
 * before a node joins a room that has no epoch in Redis (a new room, or a flushed or replaced
 * Redis), it sets the room's epoch and id sequence from the archive's ({@link RedisScripts#SEED}), so that ids never start again below ids the archive holds (it would
 * take them for entries it has and drop them). Two nodes seeding at once read the same archive,
 * and the second's seed does nothing.
 */
final class RoomSeeder {
    private static final LuaScript SEED = new LuaScript(RedisScripts.SEED);

    private RoomSeeder() {
    }

    /**
     * Lists the room for the archivers, and seeds its Redis history from {@code archive} when it
     * is new. Blocking; on the backend's worker.
     *
     * @param listed whether this node listed the room already (once per room log: the set is
     *               also filled with rooms whose Redis history predates the archive)
     * @throws StoreUnavailableException when Redis, or the archive (whose ids a new Redis history
     *                                   must continue), cannot be reached: the join is refused
     *                                   rather than ids reused
     */
    static void prepare(RedisGateway redis, HistoryStore archive, String room, RedisKeys keys, boolean listed) {
        boolean isNew = redis.blocking(c -> c.exists(keys.epoch())) == 0;
        if (!listed || isNew) { // a flushed Redis lost the set too
            redis.blocking(c -> c.sadd(RedisKeys.ROOMS, room));
        }
        if (!isNew) {
            return;
        }
        String epoch;
        long lastId;
        try {
            epoch = archive.epoch(room);
            lastId = archive.lastId(room);
        } catch (HistoryUnavailableException e) {
            throw new StoreUnavailableException("the archive, whose ids room " + room + " continues, is unreachable: "
                    + e.getMessage(), e);
        }
        redis.<String>blocking(c -> SEED.call(c, ScriptOutputType.VALUE,
                new String[]{keys.epoch(), keys.seq(), keys.stream()}, epoch, Long.toString(lastId), RedisArchiver.GROUP));
    }
}
