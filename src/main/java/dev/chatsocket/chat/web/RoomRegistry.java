package dev.chatsocket.chat.web;

import dev.chatsocket.chat.ChatSettings;
import dev.chatsocket.chat.memory.MemoryRooms;
import dev.chatsocket.chat.protocol.JsonFrames;
import dev.chatsocket.chat.redis.RedisRooms;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Member;
import dev.chatsocket.chat.room.Resume;
import dev.chatsocket.chat.room.RoomBackend;
import dev.chatsocket.chat.room.Rooms;
import dev.chatsocket.config.ApplicationConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application's rooms as CDI hands them to the servlets: the {@link Rooms} of this node on the
 * backend the settings choose (this node's memory, or Redis when a Redis URL is set), and the
 * thread that sweeps idle rooms away.
 */
@ApplicationScoped
public class RoomRegistry {
    @Inject
    ServletContext servletContext;

    private ChatSettings settings;
    private RoomBackend backend;
    private Rooms rooms;
    private ScheduledExecutorService sweeper;

    @PostConstruct
    void start() {
        settings = ApplicationConfig.of(servletContext).chat();
        backend = settings.redis()
                .<RoomBackend>map(redis -> RedisRooms.start(redis, settings.rooms()))
                .orElseGet(() -> new MemoryRooms(settings.rooms()));
        rooms = new Rooms(backend, new JsonFrames(), settings.rooms(), System::currentTimeMillis);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chatsocket-room-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1000, settings.rooms().roomIdleTtl().toMillis() / 4);
        sweeper.scheduleWithFixedDelay(rooms::sweep, period, period, TimeUnit.MILLISECONDS);
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

    /** Joins a member to a room; see {@link Rooms#join}. */
    Rooms.JoinResult join(String room, Member member, Resume resume) {
        return rooms.join(room, member, resume);
    }

    /** Whether a join to this room could be taken now (checked again when it happens). */
    public boolean hasRoomFor(String name) {
        return rooms.hasRoomFor(name);
    }

    /** The newest messages of a room, oldest first; none when the room has no stored history. */
    public List<ChatMessage> recent(String name, int count) {
        return rooms.recent(name, count);
    }

    /** The epoch of a room's history, or empty when the room has none yet. */
    public Optional<String> epoch(String name) {
        return rooms.epoch(name);
    }

    public int roomCount() {
        return rooms.roomCount();
    }

    /** Members across all rooms. */
    public int memberCount() {
        return rooms.memberCount();
    }

    /** Members in one room. */
    public int memberCount(String name) {
        return rooms.memberCount(name);
    }
}
