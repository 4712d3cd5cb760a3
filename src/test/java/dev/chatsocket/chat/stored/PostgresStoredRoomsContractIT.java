package dev.chatsocket.chat.stored;

import dev.chatsocket.chat.room.RoomBackend;
import dev.chatsocket.chat.room.RoomBackendContract;
import dev.chatsocket.history.HistorySettings;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.testsupport.postgres.PostgresExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Optional;

/** A real PostgreSQL (a database of its own per test) keeps rooms as the contract says. */
class PostgresStoredRoomsContractIT extends RoomBackendContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private StoredRooms backend;

    @Override
    protected RoomBackend backend() {
        if (backend == null) {
            HistorySettings settings = StoredRoomsContractTest.settings(
                    new HistorySettings.Server(POSTGRES.server().newDatabase(), Optional.empty(), Optional.empty()));
            backend = new StoredRooms(HistoryStore.open(settings), LIMITS, 1000);
        }
        return backend;
    }

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }
}
