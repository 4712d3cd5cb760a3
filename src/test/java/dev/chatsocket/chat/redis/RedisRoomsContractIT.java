package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.RoomBackend;
import dev.chatsocket.chat.room.RoomBackendContract;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.time.Duration;

/** A real redis-server keeps rooms as the contract says; one server and one backend for the class. */
class RedisRoomsContractIT extends RoomBackendContract {
    private static RedisServer redis;
    private static RedisRooms backend;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisServer.start(false);
        backend = RedisRooms.start(new RedisSettings(redis.url(), Duration.ofSeconds(2), Duration.ofSeconds(15), 1000),
                LIMITS, DEDUPE);
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected RoomBackend backend() {
        return backend;
    }
}
