package dev.chatsocket.chat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Rooms shared by every node on one Redis: each room is a Redis stream, the durable record of its
 * messages and presence events. A message is appended first (one Lua script: id, entry, dedupe
 * key) and delivered from the stream, by a {@link StreamReader} that every node runs over the
 * streams of the rooms it has members in; so every node delivers the same messages in the same
 * order, and nothing is delivered that is not stored.
 *
 * <p>Threads, none of them a container's: Lettuce's own (one of them issues the posts of container
 * threads, see {@link #onLettuceThread}; its event loops complete the non-blocking post script and
 * send its error or duplicate ack), the reader (blocking
 * {@code XREAD} on its own connection), one worker for joins, leaves and heartbeats (short blocking
 * commands, run in the order they were asked for, so a leave never overtakes its join), and a timer
 * for the presence heartbeat. {@link #close()} stops all of them and shuts Lettuce's resources down.
 */
final class RedisRooms implements RoomBackend {
    private static final System.Logger LOG = System.getLogger(RedisRooms.class.getName());

    private static final LuaScript JOIN = new LuaScript(RedisScripts.JOIN);
    private static final LuaScript POST = new LuaScript(RedisScripts.POST);
    private static final LuaScript NICK = new LuaScript(RedisScripts.NICK);
    private static final LuaScript LEAVE = new LuaScript(RedisScripts.LEAVE);
    private static final LuaScript HEARTBEAT = new LuaScript(RedisScripts.HEARTBEAT);

    private final RedisSettings redis;
    private final ChatSettings chat;
    private final ClientResources resources;
    /** The one Lettuce thread that issues the commands of container threads (see onLettuceThread). */
    private final EventExecutor dispatcher;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StreamReader reader;
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService heartbeat;
    private final Set<RedisRoom> rooms = ConcurrentHashMap.newKeySet();

    private RedisRooms(RedisSettings redis, ChatSettings chat, ClientResources resources, RedisClient client,
                       StatefulRedisConnection<String, String> connection) {
        this.redis = redis;
        this.chat = chat;
        this.resources = resources;
        this.dispatcher = resources.eventExecutorGroup().next();
        this.client = client;
        this.connection = connection;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(redis.maxPending()), daemon("chatsocket-redis-worker"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("chatsocket-redis-heartbeat"));
        this.reader = new StreamReader(client.connect(), connection, redis.readBlock(), "chatsocket:node:" + UUID.randomUUID() + ":wake");
    }

    /**
     * Connects to Redis and starts the reader and the heartbeat.
     *
     * @throws RedisException when Redis cannot be reached now: a node does not start without its store
     */
    static RedisRooms start(RedisSettings redis, ChatSettings chat) {
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
            RedisRooms rooms = new RedisRooms(redis, chat, resources, client, client.connect());
            rooms.reader.start();
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
            // thread-locals on it (see onLettuceThread).
            FastThreadLocal.removeAll();
        }
    }

    @Override
    public ChatRoom newRoom(String name, long nowMillis) {
        return new RedisRoom(name, RedisKeys.of(name), this, chat, nowMillis);
    }

    @Override
    public List<ChatMessage> storedRecent(String name, int count) {
        return recent(RedisKeys.of(name), name, count);
    }

    @Override
    public Optional<String> storedEpoch(String name) {
        try {
            return Optional.ofNullable(await(() -> connection.async().get(RedisKeys.of(name).epoch())));
        } catch (RedisException e) {
            return Optional.empty();
        }
    }

    // ---- used by RedisRoom ----

    RedisSettings settings() {
        return redis;
    }

    /** Runs a room operation on the worker; {@code false} when too many wait already or the node stops. */
    boolean submit(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Starts delivering this room's stream from its current position. */
    void watch(RedisRoom room) {
        rooms.add(room);
        reader.watch(room);
    }

    void forget(RedisRoom room) {
        rooms.remove(room);
        reader.forget(room);
    }

    /** The room's epoch and its members as of the newcomer's join entry {@code joinedAt}. */
    record JoinReply(String epoch, StreamId joinedAt, List<Member> members) {
    }

    JoinReply join(RedisKeys keys, String uid, String nick) {
        List<String> reply = JOIN.call(commands(), ScriptOutputType.MULTI,
                new String[]{keys.epoch(), keys.members(), keys.nicks(), keys.alive(), keys.stream(), keys.seq()},
                UUID.randomUUID().toString(), uid, nick, Long.toString(redis.presenceTtl().toMillis()),
                Integer.toString(streamCap()));
        List<Member> members = new ArrayList<>(reply.size() / 2);
        for (int i = 2; i + 1 < reply.size(); i += 2) {
            members.add(new Member(reply.get(i), reply.get(i + 1), null));
        }
        return new JoinReply(reply.get(0), StreamId.parse(reply.get(1)), members);
    }

    /** Appends a message; the reply is {@code [outcome, value]} (see {@link RedisScripts#POST}). */
    CompletionStage<List<String>> post(RedisKeys keys, String epoch, String uid, String nick, String text,
                                       String ref, long nowMillis) {
        String[] scriptKeys = ref == null
                ? new String[]{keys.epoch(), keys.seq(), keys.stream()}
                : new String[]{keys.epoch(), keys.seq(), keys.stream(), keys.sent(uid, ref)};
        return onLettuceThread(() -> POST.callAsync(connection.async(), ScriptOutputType.MULTI, scriptKeys,
                epoch, Integer.toString(chat.historySize()), uid, nick, text, Long.toString(nowMillis),
                ref == null ? "" : ref, Long.toString(redis.dedupeTtl().toSeconds())));
    }

    /**
     * Issues a command (a post, a rename) from one of Lettuce's own threads, always the same one. Netty leaves a
     * thread-local map on every thread that writes to a channel; on a container's thread that
     * outlives the application (Tomcat reports it as a leak on undeploy), so container threads never
     * call Lettuce directly. One thread, because commands reach Redis in the order they are written:
     * a member's messages (and renames) must be appended in the order it sent them.
     */
    private <T> CompletableFuture<T> onLettuceThread(Supplier<CompletionStage<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            dispatcher.execute(() -> {
                try {
                    command.get().whenComplete((value, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RedisException("the Redis client is shutting down", e));
        }
        return result;
    }

    /** Waits for a command issued on a Lettuce thread: for the request threads of the chat page. */
    private <T> T await(Supplier<CompletionStage<T>> command) {
        try {
            return onLettuceThread(command).get(redis.timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException r ? r : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisException("Redis did not answer within " + redis.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted", e);
        }
    }

    /** Renames a member, in order with its posts (see {@link #onLettuceThread}). */
    CompletionStage<Long> rename(RedisKeys keys, String uid, String nick) {
        return onLettuceThread(() -> NICK.callAsync(connection.async(), ScriptOutputType.INTEGER,
                new String[]{keys.alive(), keys.nicks(), keys.stream(), keys.seq()},
                uid, nick, Integer.toString(streamCap())));
    }

    void leave(RedisKeys keys, String uid, String nick) {
        LEAVE.call(commands(), ScriptOutputType.INTEGER,
                new String[]{keys.members(), keys.nicks(), keys.alive(), keys.stream(), keys.seq()},
                uid, nick, Integer.toString(streamCap()));
    }

    /** Refreshes the presence of this node's members; returns the room's epoch as Redis has it ("" for none). */
    String heartbeat(RedisKeys keys, String epoch, List<Member> members) {
        List<String> args = new ArrayList<>(3 + 2 * members.size());
        args.add(epoch);
        args.add(Long.toString(redis.presenceTtl().toMillis()));
        args.add(Integer.toString(streamCap()));
        for (Member member : members) {
            args.add(member.uid());
            args.add(member.nick());
        }
        return HEARTBEAT.call(commands(), ScriptOutputType.VALUE,
                new String[]{keys.epoch(), keys.members(), keys.nicks(), keys.alive(), keys.stream(), keys.seq()},
                args.toArray(String[]::new));
    }

    /** The id of the newest entry of the stream, {@link StreamId#ZERO} when it has none. */
    StreamId streamEnd(RedisKeys keys) {
        List<StreamMessage<String, String>> last = commands().xrevrange(keys.stream(), Range.unbounded(), Limit.from(1));
        return last.isEmpty() ? StreamId.ZERO : StreamId.parse(last.get(0).getId());
    }

    /** The oldest message id still in the stream, {@code lastId + 1} when none is. */
    long firstRetained(RedisKeys keys, long lastId) {
        List<StreamMessage<String, String>> first = commands().xrange(keys.stream(), Range.unbounded(), Limit.from(1));
        if (first.isEmpty()) {
            return lastId + 1;
        }
        StreamId id = StreamId.parse(first.get(0).getId());
        // A presence entry N-k follows message N, which is then gone already.
        return id.isMessage() ? id.major() : id.major() + 1;
    }

    /** The entries after {@code after} (exclusive) up to {@code upTo} (inclusive), oldest first. */
    List<StreamMessage<String, String>> range(RedisKeys keys, StreamId after, StreamId upTo) {
        if (!upTo.isAfter(after)) {
            return List.of();
        }
        return commands().xrange(keys.stream(),
                Range.from(Range.Boundary.excluding(after.toString()), Range.Boundary.including(upTo.toString())));
    }

    /** The newest {@code count} messages of a room, oldest first; none when Redis cannot be reached. */
    List<ChatMessage> recent(RedisKeys keys, String room, int count) {
        try {
            List<StreamMessage<String, String>> newest = await(() -> connection.async().xrevrange(keys.stream(),
                    Range.unbounded(), Limit.from(streamCap())));
            List<ChatMessage> messages = new ArrayList<>(Math.min(count, newest.size()));
            for (StreamMessage<String, String> entry : newest) {
                if (messages.size() == count) {
                    break;
                }
                if (StreamEntry.read(room, StreamId.parse(entry.getId()), entry.getBody()) instanceof StreamEntry.Posted posted) {
                    messages.add(posted.message());
                }
            }
            Collections.reverse(messages);
            return messages;
        } catch (RedisException e) {
            LOG.log(Level.WARNING, "cannot read the history of room {0} from Redis: {1}", room, e.toString());
            return List.of();
        }
    }

    /**
     * The most entries a room's stream holds: its messages, and as many again of presence events.
     * Message appends trim to the history size by id; presence appends trim to this cap, which can
     * cut into the messages only when people came and went far more often than they wrote.
     */
    int streamCap() {
        return Math.max(100, 2 * chat.historySize());
    }

    private RedisCommands<String, String> commands() {
        return connection.sync();
    }

    private void heartbeatAll() {
        for (RedisRoom room : rooms) {
            submit(room::heartbeat);
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        reader.stop();
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
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        } finally {
            FastThreadLocal.removeAll();
        }
    }

    static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
