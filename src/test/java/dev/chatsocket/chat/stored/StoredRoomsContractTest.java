package dev.chatsocket.chat.stored;

import dev.chatsocket.chat.room.RoomBackend;
import dev.chatsocket.chat.room.RoomBackendContract;
import dev.chatsocket.history.DedupeWindow;
import dev.chatsocket.history.HistorySettings;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.history.Retention;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** The embedded database (an H2 file in a temporary directory) keeps rooms as the contract says. */
class StoredRoomsContractTest extends RoomBackendContract {
    @TempDir
    Path dataDir;
    private StoredRooms backend;

    static HistorySettings settings(HistorySettings.Database database) {
        return new HistorySettings(database, 4, 1000, Retention.KEEP_EVERYTHING, new DedupeWindow(DEDUPE.window(), DEDUPE.maxPerUser()));
    }

    @Override
    protected RoomBackend backend() {
        if (backend == null) {
            backend = new StoredRooms(HistoryStore.open(settings(new HistorySettings.Embedded(dataDir))), LIMITS, 1000);
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
