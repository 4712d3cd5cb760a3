package dev.chatsocket.chat;

import dev.chatsocket.config.Settings;
import dev.chatsocket.config.ContextSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
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
 *
 * <p>The rooms live in this node's memory unless {@code CHATSOCKET_REDIS_URL} is set; then their
 * history and presence live in Redis and the room is shared by every node on that Redis
 * ({@link RedisRooms}).
 */
@ApplicationScoped
public class RoomRegistry {
    private final ConcurrentHashMap<String, ChatRoom> rooms = new ConcurrentHashMap<>();

    @Inject
    ServletContext servletContext;

    private ChatSettings settings;
    private RoomBackend backend;
    private ScheduledExecutorService sweeper;

    @PostConstruct
    void start() {
        Settings all = ContextSettings.load(servletContext);
        settings = ChatSettings.from(all);
        backend = RedisSettings.from(all)
                .<RoomBackend>map(redis -> RedisRooms.start(redis, settings))
                .orElseGet(() -> new MemoryRooms(settings));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chatsocket-room-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1000, settings.roomIdleTtl().toMillis() / 4);
        sweeper.scheduleWithFixedDelay(() -> sweep(System.currentTimeMillis()), period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Creates the registry when the application starts rather than at the first join, so that
     * connecting to Redis (seconds, the first time Lettuce and Netty load) delays no client, and a
     * node whose Redis cannot be reached fails at deployment.
     */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing is enough: CDI creates the bean to deliver the event, which runs start().
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
        backend.close();
    }

    public ChatSettings settings() {
        return settings;
    }

    /** The room of that name, created when needed; empty when the room limit is reached. */
    Optional<ChatRoom> open(String name) {
        ChatRoom room = rooms.get(name);
        if (room != null) {
            return Optional.of(room);
        }
        if (rooms.size() >= settings.maxRooms()) {
            sweep(System.currentTimeMillis());
            if (rooms.size() >= settings.maxRooms()) {
                return Optional.empty();
            }
        }
        return Optional.of(rooms.computeIfAbsent(name, n -> backend.newRoom(n, System.currentTimeMillis())));
    }

    /** Whether a join to this room could be taken now (checked again when it happens). */
    public boolean hasRoomFor(String name) {
        ChatRoom room = rooms.get(name);
        if (room != null) {
            return room.memberCount() < settings.maxRoomMembers();
        }
        if (rooms.size() >= settings.maxRooms()) {
            sweep(System.currentTimeMillis());
        }
        return rooms.size() < settings.maxRooms();
    }

    /** The newest messages of a room, oldest first; none when the room has no stored history. */
    public List<ChatMessage> recent(String name, int count) {
        ChatRoom room = rooms.get(name);
        return room == null ? backend.storedRecent(name, count) : room.recent(count);
    }

    /** The epoch of a room's history, or empty when the room has none yet. */
    public Optional<String> epoch(String name) {
        ChatRoom room = rooms.get(name);
        return room == null ? backend.storedEpoch(name) : Optional.of(room.epoch());
    }

    public int roomCount() {
        return rooms.size();
    }

    /** Members across all rooms. */
    public int memberCount() {
        return rooms.values().stream().mapToInt(ChatRoom::memberCount).sum();
    }

    /** Members in one room. */
    public int memberCount(String name) {
        ChatRoom room = rooms.get(name);
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
