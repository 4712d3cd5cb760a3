package dev.chatsocket.chat;

import dev.chatsocket.ws.servlet.ContextSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application's rooms, created on first join and forgotten once empty for
 * {@code CHATSOCKET_ROOM_IDLE_TTL}. At most {@code CHATSOCKET_MAX_ROOMS} exist at once; past
 * that a join for a new room is refused until idle ones are swept.
 */
@ApplicationScoped
public class RoomRegistry {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    @Inject
    ServletContext servletContext;

    private ChatSettings settings;
    private ScheduledExecutorService sweeper;

    @PostConstruct
    void start() {
        settings = ChatSettings.from(ContextSettings.load(servletContext));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chatsocket-room-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1000, settings.roomIdleTtl().toMillis() / 4);
        sweeper.scheduleWithFixedDelay(() -> sweep(System.currentTimeMillis()), period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }

    public ChatSettings settings() {
        return settings;
    }

    /** The room of that name, created when needed; empty when the room limit is reached. */
    Optional<Room> open(String name) {
        Room room = rooms.get(name);
        if (room != null) {
            return Optional.of(room);
        }
        if (rooms.size() >= settings.maxRooms()) {
            sweep(System.currentTimeMillis());
            if (rooms.size() >= settings.maxRooms()) {
                return Optional.empty();
            }
        }
        return Optional.of(rooms.computeIfAbsent(name, n -> new Room(n, settings, System.currentTimeMillis())));
    }

    /** Whether a join to this room could be taken now (checked again when it happens). */
    public boolean hasRoomFor(String name) {
        Room room = rooms.get(name);
        if (room != null) {
            return room.memberCount() < settings.maxRoomMembers();
        }
        if (rooms.size() >= settings.maxRooms()) {
            sweep(System.currentTimeMillis());
        }
        return rooms.size() < settings.maxRooms();
    }

    /** The newest messages of a room, oldest first; none when the room does not exist. */
    public List<ChatMessage> recent(String name, int count) {
        Room room = rooms.get(name);
        return room == null ? List.of() : room.recent(count);
    }

    /** The epoch of a room's history, or empty when the room does not exist. */
    public Optional<String> epoch(String name) {
        return Optional.ofNullable(rooms.get(name)).map(Room::epoch);
    }

    public int roomCount() {
        return rooms.size();
    }

    /** Members across all rooms. */
    public int memberCount() {
        return rooms.values().stream().mapToInt(Room::memberCount).sum();
    }

    /** Members in one room. */
    public int memberCount(String name) {
        Room room = rooms.get(name);
        return room == null ? 0 : room.memberCount();
    }

    void sweep(long nowMillis) {
        rooms.forEach((name, room) -> {
            if (room.retireIfIdle(nowMillis)) {
                rooms.remove(name, room);
            }
        });
    }
}
