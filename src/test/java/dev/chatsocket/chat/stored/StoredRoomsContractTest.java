package dev.chatsocket.chat.stored;

import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.ModerationOutcome;
import dev.chatsocket.chat.room.Moderator;
import dev.chatsocket.chat.room.RoomBackend;
import dev.chatsocket.chat.room.Rooms;
import dev.chatsocket.chat.room.TextFrames;
import dev.chatsocket.chat.room.RoomBackendContract;
import dev.chatsocket.history.DedupeWindow;
import dev.chatsocket.history.HistorySettings;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.history.Retention;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** Taken where nobody is in the room (as the HTTP API may), and read back after a restart. */
    @Test
    void aBanSurvivesARestart() throws Exception {
        StoredRooms first = new StoredRooms(HistoryStore.open(settings(new HistorySettings.Embedded(dataDir))), LIMITS, 1000);
        Rooms rooms = new Rooms(first, new TextFrames(), LIMITS, new MessageChanges(Duration.ofMinutes(15)), Duration.ZERO,
                System::currentTimeMillis);
        assertEquals(ModerationOutcome.DONE, rooms.moderate("kept", Moderator.apiKey("site"),
                new ModerationRequest(ModerationRequest.Action.BAN, "troll", 0, "spam"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        first.close();

        assertEquals(Optional.of(new Sanction(Sanction.Kind.BAN, "troll", Sanction.UNTIL_LIFTED, "spam", "site", true)),
                backend().ban("kept", "troll", System.currentTimeMillis()));
    }
}
