package dev.chatsocket.chat.web;

import dev.chatsocket.chat.ChatSettings;
import dev.chatsocket.chat.memory.MemoryRooms;
import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.protocol.JsonFrames;
import dev.chatsocket.chat.redis.ArchiveSettings;
import dev.chatsocket.chat.redis.ArchiveStatus;
import dev.chatsocket.chat.redis.RedisRooms;
import dev.chatsocket.chat.redis.RedisSettings;
import dev.chatsocket.chat.stored.StoredRooms;
import dev.chatsocket.health.HealthChecks;
import dev.chatsocket.history.HistorySettings;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.DedupeLimits;
import dev.chatsocket.chat.room.Listed;
import dev.chatsocket.chat.room.Member;
import dev.chatsocket.chat.room.OlderPage;
import dev.chatsocket.chat.room.PostOutcome;
import dev.chatsocket.chat.room.Room;
import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.ModerationOutcome;
import dev.chatsocket.chat.room.Moderator;
import dev.chatsocket.identity.Role;
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
import dev.chatsocket.identity.GuestIds;
import dev.chatsocket.identity.IdentityResolver;
import dev.chatsocket.identity.IdentitySettings;
import dev.chatsocket.identity.PeopleSettings;
import dev.chatsocket.identity.RoomAccess;
import dev.chatsocket.identity.SessionKey;
import dev.chatsocket.identity.SessionKeySource;
import dev.chatsocket.identity.SharedKeyStore;
import dev.chatsocket.identity.SharedSessionKey;
import dev.chatsocket.identity.SessionTokens;
import dev.chatsocket.identity.TokenVerifier;
import jakarta.servlet.ServletContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The application's rooms as CDI hands them to the servlets: the {@link Rooms} of this node on the
 * backend the settings choose (Redis when a Redis URL is set; otherwise the history store, an
 * embedded database by default, opened here and closed at stop; or this node's memory with
 * {@code CHATSOCKET_STORE=memory}), and the thread that sweeps idle rooms away, ends presence
 * graces that are over (and closes connections whose token ran out); and who is
 * connecting ({@link IdentityResolver}) and which rooms they may join ({@link RoomAccess}), built
 * once per application from the identity settings.
 */
@ApplicationScoped
public class RoomRegistry {
    @Inject
    ServletContext servletContext;

    private ChatSettings settings;
    private RoomBackend backend;
    /** Cluster mode's shared archive, or {@code null}; closed after the backend. */
    private HistoryStore archive;
    private Rooms rooms;
    private ScheduledExecutorService sweeper;
    private IdentityResolver identities;
    private SessionTokens sessions;
    private RoomAccess access;

    @PostConstruct
    void start() {
        ApplicationConfig config = ApplicationConfig.of(servletContext);
        settings = config.chat();
        PeopleSettings people = config.identity().people();
        DedupeLimits dedupe = new DedupeLimits(people.dedupeWindow(), people.dedupeMaxPerUser());
        Optional<RedisRooms> redis = settings.redis().map(r -> startRedis(r, dedupe, config.archive().orElseThrow()));
        backend = redis.<RoomBackend>map(r -> r)
                .or(() -> settings.history().map(this::storedRooms))
                .orElseGet(() -> new MemoryRooms(settings.rooms(), dedupe));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chatsocket-room-sweeper");
            t.setDaemon(true);
            return t;
        });
        try {
            startIdentity(config.identity(), redis.map(RedisRooms::sessionKeys));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        rooms = new Rooms(backend, new JsonFrames(), settings.rooms(), new MessageChanges(settings.editWindow()),
                people.presenceGrace(), System::currentTimeMillis);
        long period = Math.max(1000, settings.rooms().roomIdleTtl().toMillis() / 4);
        sweeper.scheduleWithFixedDelay(rooms::sweep, period, period, TimeUnit.MILLISECONDS);
        long departures = rooms.departureCheckPeriod().toMillis();
        sweeper.scheduleWithFixedDelay(rooms::releaseDeparted, departures, departures, TimeUnit.MILLISECONDS);
    }

    /**
     * Rooms in Redis and, when a database that nodes share is configured, the archive that every
     * node copies the room streams into.
     */
    private RedisRooms startRedis(RedisSettings redis, DedupeLimits dedupe, ArchiveSettings archiving) {
        archive = HistoryStore.openShared(archiving.store()).orElse(null);
        try {
            return RedisRooms.start(redis, settings.rooms(), dedupe, archive, archive == null ? null : archiving);
        } catch (RuntimeException e) {
            if (archive != null) {
                archive.close();
            }
            throw e;
        }
    }

    /** The database store (the default), whose health {@code /health} reports as {@code history}. */
    private RoomBackend storedRooms(HistorySettings history) {
        StoredRooms stored = StoredRooms.opening(() -> HistoryStore.open(history), settings.rooms(), history.queueCapacity());
        HealthChecks.of(servletContext).add("history", stored::problem);
        return stored;
    }

    /**
     * @param shared the cluster's store for the session key (Redis), used when no secret is set:
     *               checked again every presence heartbeat, so that the nodes agree on one key
     *               within a heartbeat even after the store lost it ({@link SharedSessionKey})
     */
    private void startIdentity(IdentitySettings identity, Optional<SharedKeyStore> shared) {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        SessionKeySource source = SessionKeySource.forSettings(identity.sessions(), shared, random);
        SessionKey key;
        try {
            key = source.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the session key: " + e.getMessage(), e);
        }
        sessions = new SessionTokens(key, identity.sessions().ttl(), clock);
        if (source instanceof SharedSessionKey cluster) {
            long every = settings.redis().orElseThrow().heartbeat().toMillis();
            sweeper.scheduleWithFixedDelay(new SessionKeyCheck(cluster, key, sessions), every, every, TimeUnit.MILLISECONDS);
        }
        identities = new IdentityResolver(identity.tokens().map(t -> new TokenVerifier(t, clock)),
                sessions, new GuestIds(random), identity.guests());
        access = new RoomAccess(identity.rooms());
    }

    /** Who is connecting, from a handshake's credentials. */
    public IdentityResolver identities() {
        return identities;
    }

    /** Signs session tokens, as the welcome's and a renamed guest's. */
    SessionTokens sessions() {
        return sessions;
    }

    /** Which rooms a person may join. */
    public RoomAccess access() {
        return access;
    }

    /** Runs {@code task} after {@code delay} on the chat's timer thread; cancel the result when it is no longer wanted. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return sweeper.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
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
        if (archive != null) {
            archive.close();
        }
    }

    /** How this node's archiver is doing; empty unless rooms are in Redis with a database archive. */
    public Optional<ArchiveStatus> archiveStatus() {
        return backend instanceof RedisRooms redis ? redis.archiveStatus() : Optional.empty();
    }

    public ChatSettings settings() {
        return settings;
    }

    /** Joins a member to a room; see {@link Rooms#join}. */
    Rooms.JoinResult join(String room, Member member, Resume resume) {
        return rooms.join(room, member, resume);
    }

    /**
     * Kicks, bans, unbans, mutes or unmutes someone in {@code room}, as {@code moderator} (a member,
     * or {@link Moderator#apiKey} for the HTTP API: an admin under the key's name). Works on a node
     * where nobody is in the room; completes with what became of it (docs/protocol.md, "Moderation").
     */
    public CompletionStage<ModerationOutcome> moderate(String room, Moderator moderator, ModerationRequest request) {
        return rooms.moderate(room, moderator, request);
    }

    /** The ban that keeps someone with {@code roles} out of {@code room} now; blocking (one store read). */
    Optional<Sanction> ban(String room, String uid, Set<Role> roles) {
        return rooms.ban(room, uid, roles);
    }

    /** Whether a join to this room could be taken now (checked again when it happens). */
    public boolean hasRoomFor(String name) {
        return rooms.hasRoomFor(name);
    }

    /**
     * Deletes message {@code target} of {@code room} with a moderator's power, as {@code by} (an API
     * key's name), whether or not anyone is in the room on this node; see {@link Rooms#delete}.
     * Members get the {@code delete} event as for any delete.
     */
    public CompletionStage<PostOutcome> delete(String room, String by, long target, String ref) {
        return rooms.delete(room, by, target, ref);
    }

    /** The newest messages of a room, oldest first; none when the room has no stored history. */
    public List<ChatMessage> recent(String name, int count) {
        return rooms.recent(name, count);
    }

    /** The epoch of a room's history, or empty when the room has none yet. */
    public Optional<String> epoch(String name) {
        return rooms.epoch(name);
    }

    /**
     * Whether the room has a history on this deployment: someone joined it or something was posted
     * to it (and, in memory, it has not been forgotten since). The HTTP API's reads answer 404 otherwise.
     */
    public boolean exists(String name) {
        return rooms.epoch(name).filter(epoch -> !epoch.isEmpty()).isPresent();
    }

    /**
     * Posts as {@code uid} (an API key's) with no connection behind it, marked as a bot's; see
     * {@link Rooms#publish}. Empty when the room limit is reached.
     */
    public Optional<CompletionStage<PostOutcome>> publish(String room, String uid, String nick, String text, String ref) {
        return rooms.publish(room, uid, nick, text, ref);
    }

    /** A page of a room's stored history ({@link Room#page}); empty when the room limit is reached. */
    public Optional<CompletionStage<OlderPage>> page(String room, long before, int limit) {
        return rooms.open(room).map(r -> r.page(before, limit));
    }

    /** The people listed in a room on every node ({@link Room#listed}); empty when the room limit is reached. */
    public Optional<CompletionStage<List<Listed>>> listed(String room) {
        return rooms.open(room).map(Room::listed);
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
