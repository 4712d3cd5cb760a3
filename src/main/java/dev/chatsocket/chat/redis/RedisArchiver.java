package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.history.Archived;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.history.HistoryUnavailableException;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.netty.util.concurrent.FastThreadLocal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's archiver: copies every room's Redis stream into the shared database archive, each
 * entry exactly once. The nodes form one Redis consumer group per room stream ({@value #GROUP},
 * created at the stream's start, {@code 0}); this node is a consumer named by its node id. An
 * entry is read ({@code XREADGROUP >}), inserted ({@link HistoryStore#archive}, idempotent on
 * {@code (room, id)}) and acknowledged ({@code XACK}) only after the insert committed; so a node
 * that dies between the read and the acknowledgement leaves the entry pending in the group, and
 * another node's archiver takes it over ({@code XAUTOCLAIM}) once it has been idle for the claim
 * time, and inserts it again, which stores nothing twice.
 *
 * <p>Rooms are found in the set {@link RedisKeys#ROOMS}, which a node adds a room to before its
 * stream starts ({@link RoomSeeder}); so rooms with no member on this node are archived too. After
 * acknowledging, the archiver moves the room's archived mark ({@link RedisScripts#ARCHIVED}),
 * below which the stream may be trimmed: no entry leaves Redis before it is in the archive.
 *
 * <p>When the database cannot be reached, the entries stay pending with this consumer and are read
 * again ({@code XREADGROUP 0}, which also keeps them from looking idle to other nodes) with
 * backoff, from 100 ms doubling to 5 s; live chat does not wait for any of this. One thread, one
 * Redis connection of its own; at most {@link ArchiveSettings#batch()} entries in flight.
 */
final class RedisArchiver {
    private static final System.Logger LOG = System.getLogger(RedisArchiver.class.getName());
    static final String GROUP = "chatsocket-archive";
    /** Streams read by one XREADGROUP; each gets an equal share of the batch. */
    private static final int STREAMS_PER_READ = 16;
    /** How long the archiver waits when a pass found nothing to archive: part of the archive's delay. */
    private static final long POLL_MILLIS = 200;
    /** How often the room set is read again for rooms that are new to this node. */
    private static final long DISCOVER_EVERY_MILLIS = 1000;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;
    private static final LuaScript ARCHIVED = new LuaScript(RedisScripts.ARCHIVED);

    private final StatefulRedisConnection<String, String> connection;
    private final HistoryStore archive;
    private final ArchiveSettings settings;
    private final RoomLimits limits;
    private final Consumer<String> consumer;
    private final Thread thread;
    private final Object pause = new Object();
    private volatile boolean running = true;

    /** The rooms whose group this archiver made sure of: as many as the room set holds. Its thread only. */
    private final Set<String> rooms = new LinkedHashSet<>();
    /** Whether this consumer may hold entries it read and did not acknowledge (after a failure). */
    private boolean ownPending;
    private long nextDiscovery;
    private long nextSweep;

    /** Entries not yet acknowledged by the group, per room, as of the room's last mark. */
    private final Map<String, Long> backlog = new ConcurrentHashMap<>();
    private final Set<String> behind = new HashSet<>();
    private final AtomicLong stored = new AtomicLong();
    private volatile boolean failing;

    RedisArchiver(StatefulRedisConnection<String, String> connection, HistoryStore archive, ArchiveSettings settings,
                  RoomLimits limits, String nodeId) {
        this.connection = connection;
        this.archive = archive;
        this.settings = settings;
        this.limits = limits;
        this.consumer = Consumer.from(GROUP, nodeId);
        this.thread = new Thread(this::run, "chatsocket-redis-archiver");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** What the archiver has done and has left to do, for the metrics. */
    ArchiveStatus status() {
        long total = 0;
        for (long entries : backlog.values()) {
            total += entries;
        }
        return new ArchiveStatus(total, stored.get(), failing);
    }

    private void run() {
        try {
            long backoff = 0;
            while (running) {
                try {
                    boolean busy = pass();
                    backoff = 0;
                    if (!busy) {
                        pause(POLL_MILLIS);
                    }
                } catch (RedisException | HistoryUnavailableException e) {
                    if (!running) {
                        return;
                    }
                    ownPending = true;
                    if (!failing) {
                        failing = true;
                        LOG.log(Level.WARNING, "cannot archive now, retrying (live chat is not affected): {0}", e.toString());
                    }
                    backoff = backoff == 0 ? MIN_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                    pause(backoff);
                } catch (RuntimeException e) {
                    // A bug, not an outage: say so, keep archiving.
                    LOG.log(Level.ERROR, "archiving failed", e);
                    ownPending = true;
                    pause(MAX_BACKOFF_MILLIS);
                }
            }
        } finally {
            // Lettuce's commands left Netty thread-locals on this thread (see RedisGateway#onLettuceThread).
            FastThreadLocal.removeAll();
        }
    }

    /** Discovers rooms, archives what the group has for this node, claims what dead nodes left; whether anything was read. */
    private boolean pass() {
        long now = System.currentTimeMillis();
        RedisCommands<String, String> redis = connection.sync();
        if (now >= nextDiscovery) {
            discover(redis);
            nextDiscovery = now + DISCOVER_EVERY_MILLIS;
        }
        if (now >= nextSweep) {
            nextSweep = now + Math.max(50, settings.claimAfter().toMillis() / 2);
            sweep(redis);
        }
        boolean busy = false;
        List<String> all = new ArrayList<>(rooms);
        for (int i = 0; i < all.size() && running; i += STREAMS_PER_READ) {
            busy |= readAndArchive(redis, all.subList(i, Math.min(all.size(), i + STREAMS_PER_READ)));
        }
        if (ownPending && !busy) {
            ownPending = false;
        }
        return busy;
    }

    /** Reads the room set and makes sure that each room's group exists; forgets rooms no longer in it (a flushed Redis). */
    private void discover(RedisCommands<String, String> redis) {
        Set<String> listed = new HashSet<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ValueScanCursor<String> page = redis.sscan(RedisKeys.ROOMS, cursor, ScanArgs.Builder.limit(1000));
            listed.addAll(page.getValues());
            cursor = page;
        } while (!cursor.isFinished());
        for (String room : listed) {
            if (!rooms.contains(room)) {
                createGroup(redis, room);
                rooms.add(room);
            }
        }
        rooms.retainAll(listed);
        backlog.keySet().retainAll(listed);
        behind.retainAll(listed);
    }

    private static void createGroup(RedisCommands<String, String> redis, String room) {
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(RedisKeys.of(room).stream(), "0"), GROUP,
                    XGroupCreateArgs.Builder.mkstream());
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw e;
            }
            // Another node (or this one before a restart) made it already.
        }
    }

    /**
     * One read from the streams of {@code chunk}: new entries, or after a failure this consumer's
     * own pending ones first. Whether anything was read.
     */
    private boolean readAndArchive(RedisCommands<String, String> redis, List<String> chunk) {
        Map<String, String> roomOf = new HashMap<>();
        List<XReadArgs.StreamOffset<String>> offsets = new ArrayList<>(chunk.size());
        String from = ownPending ? "0" : ">";
        for (String room : chunk) {
            String stream = RedisKeys.of(room).stream();
            roomOf.put(stream, room);
            offsets.add(XReadArgs.StreamOffset.from(stream, from));
        }
        @SuppressWarnings("unchecked")
        XReadArgs.StreamOffset<String>[] streams = offsets.toArray(XReadArgs.StreamOffset[]::new);
        List<StreamMessage<String, String>> read;
        try {
            read = redis.xreadgroup(consumer, XReadArgs.Builder.count(Math.max(1, settings.batch() / chunk.size())), streams);
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                // A stream lost its group (Redis flushed or replaced): find the rooms again.
                rooms.removeAll(chunk);
                nextDiscovery = 0;
                return false;
            }
            throw e;
        }
        if (read.isEmpty()) {
            return false;
        }
        archiveAndAcknowledge(redis, read, roomOf);
        return true;
    }

    /**
     * Inserts what the archive keeps of {@code read}, then acknowledges all of it (presence events
     * too) and moves the rooms' marks. When the insert fails, nothing is acknowledged.
     */
    private void archiveAndAcknowledge(RedisCommands<String, String> redis, List<StreamMessage<String, String>> read,
                                       Map<String, String> roomOf) {
        List<Archived> entries = new ArrayList<>(read.size());
        Map<String, List<String>> idsByStream = new LinkedHashMap<>();
        for (StreamMessage<String, String> message : read) {
            String room = roomOf.get(message.getStream());
            idsByStream.computeIfAbsent(message.getStream(), s -> new ArrayList<>()).add(message.getId());
            if (message.getBody() == null || message.getBody().isEmpty()) {
                // Pending, but gone from the stream: deleted (the delete entry brings it to the
                // archive), or trimmed past the mark, which the scripts never do.
                if (!deleted(redis, room, message.getId())) {
                    LOG.log(Level.ERROR, "entry {0} of room {1} left the stream before it was archived", message.getId(), room);
                }
                continue;
            }
            Entry entry = StreamEntries.read(room, message);
            try {
                List<Entry> erased = entry instanceof Entry.Deleted deleted
                        ? StreamEntries.erasedBy(room, deleted, message.getBody()) : List.of();
                entries.addAll(ArchiveEntries.of(room, entry, erased));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "entry {0} of room {1} cannot be archived, skipped: {2}", message.getId(), room, e.getMessage());
            }
        }
        stored.addAndGet(archive.archive(entries));
        if (failing) {
            failing = false;
            LOG.log(Level.INFO, "archiving to the database again");
        }
        idsByStream.forEach((stream, ids) -> redis.xack(stream, GROUP, ids.toArray(String[]::new)));
        for (String stream : idsByStream.keySet()) {
            mark(redis, roomOf.get(stream), 0);
        }
    }

    /** Whether a delete took entry {@code id} out of the room's stream (its record is in the room's gone set). */
    private static boolean deleted(RedisCommands<String, String> redis, String room, String id) {
        long major = StreamEntries.position(id).major();
        return !redis.zrangebyscore(RedisKeys.of(room).gone(), Range.create(major, major)).isEmpty();
    }

    /**
     * For each room: moves the mark and measures the backlog (Redis only, so the backlog is known
     * while the database is down), dropping consumers that have nothing pending and have been idle
     * for four claim times (nodes gone, or restarted under a new id); then takes over what another
     * consumer read and left unacknowledged for longer than the claim time (its node died), and
     * archives it.
     */
    private void sweep(RedisCommands<String, String> redis) {
        for (String room : new ArrayList<>(rooms)) {
            mark(redis, room, 4 * settings.claimAfter().toMillis());
        }
        for (String room : new ArrayList<>(rooms)) {
            if (!running) {
                return;
            }
            String stream = RedisKeys.of(room).stream();
            String start = "0-0";
            try {
                do {
                    ClaimedMessages<String, String> claimed = redis.xautoclaim(stream, new XAutoClaimArgs<String>()
                            .consumer(consumer).minIdleTime(settings.claimAfter()).startId(start).count(settings.batch()));
                    if (!claimed.getMessages().isEmpty()) {
                        LOG.log(Level.INFO, "archiving {0} entries of room {1} that another node read and did not archive",
                                claimed.getMessages().size(), room);
                        ownPending = true; // until they are archived
                        archiveAndAcknowledge(redis, claimed.getMessages(), Map.of(stream, room));
                    }
                    start = claimed.getId();
                } while (running && start != null && !"0-0".equals(start));
            } catch (RedisCommandExecutionException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                    rooms.remove(room);
                    nextDiscovery = 0;
                    continue;
                }
                throw e;
            }
        }
    }

    /** Moves the room's archived mark and trims its stream to the cap, never past the mark; notes its backlog. */
    private void mark(RedisCommands<String, String> redis, String room, long dropIdleConsumersAfterMillis) {
        RedisKeys keys = RedisKeys.of(room);
        List<Long> reply = ARCHIVED.call(redis, ScriptOutputType.MULTI,
                new String[]{keys.stream(), keys.archived(), keys.gone(), keys.edits(), keys.late()},
                GROUP, Integer.toString(limits.logCap()), Long.toString(dropIdleConsumersAfterMillis));
        long entries = reply.get(1);
        backlog.put(room, entries);
        if (entries > limits.historySize()) {
            if (behind.add(room)) {
                LOG.log(Level.WARNING, "the archive is {0} entries behind in room {1}: Redis keeps them until they are archived",
                        entries, room);
            }
        } else if (behind.remove(room)) {
            LOG.log(Level.INFO, "the archive caught up in room {0}", room);
        }
    }

    /** Stops the thread; entries it read and did not acknowledge are claimed by another node, or read again at the next start. */
    void stop() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        connection.close(); // ends a command in flight; an insert in flight ends within the pool's timeout
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pause(long millis) {
        synchronized (pause) {
            if (!running) {
                return;
            }
            try {
                pause.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
