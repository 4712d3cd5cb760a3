package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.DedupeLimits;
import dev.chatsocket.chat.room.RoomBackend;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.room.RoomLog;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.identity.SharedKeyStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.FastThreadLocal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Rooms shared by every node on one Redis: each room is a Redis stream, the durable record of its
 * messages and presence events. A message is appended first (one Lua script: id, entry, dedupe
 * key) and delivered from the stream, by a {@link StreamReader} that every node runs over the
 * streams of the rooms it has members in; so every node delivers the same messages in the same
 * order, and nothing is delivered that is not stored. Typing notices, which are never stored, go
 * by pub/sub instead ({@link TypingChannel}).
 *
 * <p>Threads, none of them a container's: Lettuce's own (one of them issues the posts of container
 * threads, see {@link RedisGateway#onLettuceThread}; its event loops complete the non-blocking post script and
 * send its error or duplicate ack), the reader (blocking
 * {@code XREAD} on its own connection), one worker for joins, leaves and heartbeats (short blocking
 * commands, run in the order they were asked for, so a leave never overtakes its join), and a timer
 * for the presence heartbeat. {@link #close()} stops all of them and shuts Lettuce's resources down.
 *
 * <p>With a database archive (cluster mode), each node also runs a {@link RedisArchiver} on a
 * connection of its own, and a room's new Redis history continues the archive's ids and epoch
 * ({@link RoomSeeder}).
 */
public final class RedisRooms implements RoomBackend {
    private static final System.Logger LOG = System.getLogger(RedisRooms.class.getName());

    private final RedisSettings redis;
    private final RoomLimits limits;
    private final DedupeLimits dedupe;
    /** This node's name in Redis: its presence holds, and the key that wakes its reader. */
    private final String node = UUID.randomUUID().toString();
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisGateway gateway;
    /**
     * The handshake's ban check on a connection of its own: Redis answers one connection's commands
     * in order, so on {@link #gateway} the check would wait behind every post and join script sent
     * before it, and behind writes Redis holds back (a long script, {@code CLIENT PAUSE WRITE}, a
     * full memory), and the handshake would be refused for a read that Redis could have answered.
     */
    private final StatefulRedisConnection<String, String> checkConnection;
    private final RedisGateway checks;
    private final StreamReader reader;
    private final TypingChannel typing;
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService heartbeat;
    /** With a database archive: the archive and this node's archiver; {@code null} without. */
    private final HistoryStore archive;
    private final RedisArchiver archiver;

    private RedisRooms(RedisSettings redis, RoomLimits limits, DedupeLimits dedupe, ClientResources resources,
                       RedisClient client, StatefulRedisConnection<String, String> connection,
                       HistoryStore archive, ArchiveSettings archiving) {
        this.redis = redis;
        this.limits = limits;
        this.dedupe = dedupe;
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.gateway = new RedisGateway(connection, resources.eventExecutorGroup().next(), redis.timeout());
        this.checkConnection = client.connect();
        this.checks = new RedisGateway(checkConnection, resources.eventExecutorGroup().next(), redis.timeout());
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(redis.maxPending()), daemon("chatsocket-redis-worker"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("chatsocket-redis-heartbeat"));
        this.reader = new StreamReader(client.connect(), connection, redis.readBlock(), "chatsocket:node:" + node + ":wake");
        this.typing = new TypingChannel(client.connectPubSub(), resources.eventExecutorGroup().next());
        this.archiver = archive == null ? null : new RedisArchiver(client.connect(), archive, archiving, limits, node);
        this.archive = archive;
    }

    /**
     * Connects to Redis and starts the reader and the heartbeat.
     *
     * @throws RedisException when Redis cannot be reached now: a node does not start without its store
     */
    public static RedisRooms start(RedisSettings redis, RoomLimits limits, DedupeLimits dedupe) {
        return start(redis, limits, dedupe, null, null);
    }

    /**
     * Connects to Redis and starts the reader, the heartbeat and, with {@code archive}, the
     * archiver that copies every room's stream into it. The caller closes {@code archive} after
     * {@link #close()}.
     *
     * @param archive   the database shared by every node, or {@code null} for none
     * @param archiving how the archiver works; {@code null} when {@code archive} is
     * @throws RedisException when Redis cannot be reached now: a node does not start without its store
     */
    public static RedisRooms start(RedisSettings redis, RoomLimits limits, DedupeLimits dedupe, HistoryStore archive,
                                   ArchiveSettings archiving) {
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                // Reconnect like the reader retries: from 100 ms, doubling, at most 5 s apart
                // (Lettuce's default waits up to 30 s, which would keep a room silent long after Redis is back).
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(redis.url());
        uri.setTimeout(redis.timeout());
        RedisClient client = RedisClient.create(resources, uri);
        try {
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    // While disconnected, fail at once instead of queueing: a sender gets its error now,
                    // never a late ack, and the reader backs off and retries.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(redis.timeout()))
                    .build());
            RedisRooms rooms = new RedisRooms(redis, limits, dedupe, resources, client, client.connect(), archive, archiving);
            rooms.reader.start();
            if (rooms.archiver != null) {
                rooms.archiver.start();
            }
            long every = redis.heartbeat().toMillis();
            rooms.heartbeat.scheduleWithFixedDelay(rooms::heartbeatAll, every, every, TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "chat rooms are shared through Redis at {0}", redis.url().replaceAll("//[^@/]*@", "//***@"));
            return rooms;
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        } finally {
            // Connecting ran Netty code on this (the container's) thread; leave none of its
            // thread-locals on it (see RedisGateway#onLettuceThread).
            FastThreadLocal.removeAll();
        }
    }

    /** The cluster's session key, kept in this Redis ({@link RedisSessionKey}). */
    public SharedKeyStore sessionKeys() {
        return new RedisSessionKey(gateway);
    }

    @Override
    public RoomLog open(String room) {
        return new RedisRoomLog(room, gateway, reader, typing, redis, limits, dedupe, node, archive, this::onWorker);
    }

    /** Runs a room's blocking work on the worker; {@code false} when too many wait already or the node stops. */
    @Override
    public boolean submit(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** {@link #submit}, as an executor that refuses what the worker cannot take. */
    private void onWorker(Runnable task) {
        if (!submit(task)) {
            throw new RejectedExecutionException("the Redis worker is full or stopped");
        }
    }

    @Override
    public List<ChatMessage> storedRecent(String room, int count) {
        return open(room).recent(count);
    }

    @Override
    public Optional<String> storedEpoch(String room) {
        return open(room).storedEpoch();
    }

    /** One {@code HGET} of the room's sanctions hash, issued from a Lettuce thread (a handshake's thread waits). */
    @Override
    public Optional<Sanction> ban(String room, String uid, long nowMillis) {
        String value = checks.await(async -> async.hget(RedisKeys.of(room).sanctions(),
                SanctionFields.field(Sanction.Kind.BAN, uid)));
        return value == null ? Optional.empty() : SanctionFields.read(SanctionFields.field(Sanction.Kind.BAN, uid), value)
                .filter(ban -> ban.isActive(nowMillis));
    }

    /** How the archiver is doing; empty without a database archive. */
    public Optional<ArchiveStatus> archiveStatus() {
        return archiver == null ? Optional.empty() : Optional.of(archiver.status());
    }

    private void heartbeatAll() {
        reader.forEachWatched(room -> submit(room::heartbeat));
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        if (archiver != null) {
            archiver.stop();
        }
        reader.stop();
        typing.close();
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(redis.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "the Redis worker did not stop in time");
            }
            heartbeat.awaitTermination(redis.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
            checkConnection.close();
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        } finally {
            FastThreadLocal.removeAll();
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
