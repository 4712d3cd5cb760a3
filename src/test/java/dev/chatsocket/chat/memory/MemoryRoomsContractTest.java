package dev.chatsocket.chat.memory;

import dev.chatsocket.chat.room.RoomBackend;
import dev.chatsocket.chat.room.RoomBackendContract;

/** This node's memory keeps rooms as the contract says. */
class MemoryRoomsContractTest extends RoomBackendContract {
    private final MemoryRooms backend = new MemoryRooms(LIMITS, DEDUPE);

    @Override
    protected RoomBackend backend() {
        return backend;
    }
}
