package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.LogListener;
import dev.chatsocket.chat.room.Position;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This node's one reader of the room streams: a thread of its own, on a connection of its own
 * (a blocking {@code XREAD} holds its connection), reading every watched room's stream from the
 * last entry that room delivered ({@link LogListener#position()}) and handing each room its new
 * entries, in stream order.
 *
 * <p>One {@code XREAD BLOCK} covers all the rooms, plus this node's wake-up stream: watching a new
 * room appends to it, which ends the current block at once so that the next read includes the room.
 * When Redis cannot be reached, the reader retries with exponential backoff (100 ms to 5 s) from
 * where each room stopped: nothing appended meanwhile is skipped.
 */
final class StreamReader {
    private static final System.Logger LOG = System.getLogger(StreamReader.class.getName());
    private static final int BATCH = 1000;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    private final StatefulRedisConnection<String, String> connection;
    /** Another connection: the reader's own is busy with the blocking read the wake-up must end. */
    private final StatefulRedisConnection<String, String> waking;
    private final Duration block;
    private final String wakeKey;
    /** The rooms delivered to, and where each one's stream is. */
    private final Map<LogListener, Watched> watched = new ConcurrentHashMap<>();
    private final Thread thread;
    private final Object pause = new Object();
    private volatile boolean running = true;
    private String wakePosition = "0-0";

    StreamReader(StatefulRedisConnection<String, String> connection, StatefulRedisConnection<String, String> waking,
                 Duration block, String wakeKey) {
        this.connection = connection;
        this.waking = waking;
        this.block = block;
        this.wakeKey = wakeKey;
        this.thread = new Thread(this::run, "chatsocket-redis-reader");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private record Watched(String room, String stream, String gone) {
    }

    void watch(String room, RedisKeys keys, LogListener listener) {
        if (watched.put(listener, new Watched(room, keys.stream(), keys.gone())) == null) {
            wake();
        }
    }

    void forget(LogListener listener) {
        watched.remove(listener);
    }

    /** Each room being delivered to (the heartbeat refreshes their members). */
    void forEachWatched(Consumer<LogListener> action) {
        watched.keySet().forEach(action);
    }

    /** Ends the current blocking read early (best effort: without it the read ends within its block time). */
    private void wake() {
        try {
            waking.async().xadd(wakeKey, XAddArgs.Builder.maxlen(1), Map.of("w", "1"));
            waking.async().pexpire(wakeKey, 60_000);
        } catch (RedisException e) {
            // Disconnected: the reader is in its backoff and reads every watched room when it is back.
        }
    }

    private void run() {
        long backoff = 0;
        while (running) {
            try {
                readOnce();
                if (backoff > 0) {
                    LOG.log(Level.INFO, "Redis is reachable again; room delivery resumed");
                    backoff = 0;
                }
            } catch (RedisException e) {
                if (!running) {
                    return;
                }
                if (backoff == 0) {
                    LOG.log(Level.WARNING, "cannot read room streams from Redis, retrying: {0}", e.toString());
                }
                backoff = backoff == 0 ? MIN_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                sleep(backoff);
            } catch (RuntimeException e) {
                // A bug, not an outage: say so, keep delivering.
                LOG.log(Level.ERROR, "room stream delivery failed", e);
                sleep(MAX_BACKOFF_MILLIS);
            }
        }
    }

    private void readOnce() {
        Map<String, LogListener> byStream = new HashMap<>();
        Map<LogListener, Position> from = new HashMap<>();
        Map<LogListener, Watched> where = new HashMap<>();
        List<XReadArgs.StreamOffset<String>> offsets = new ArrayList<>();
        offsets.add(XReadArgs.StreamOffset.from(wakeKey, wakePosition));
        watched.forEach((listener, room) -> {
            Position position = listener.position();
            if (position != null) {
                byStream.put(room.stream(), listener);
                from.put(listener, position);
                where.put(listener, room);
                offsets.add(XReadArgs.StreamOffset.from(room.stream(), position.toString()));
            }
        });
        @SuppressWarnings("unchecked")
        XReadArgs.StreamOffset<String>[] streams = offsets.toArray(XReadArgs.StreamOffset[]::new);
        List<StreamMessage<String, String>> read =
                connection.sync().xread(XReadArgs.Builder.block(block).count(BATCH), streams);
        Map<LogListener, List<Entry>> batch = new LinkedHashMap<>();
        for (StreamMessage<String, String> message : read) {
            if (message.getStream().equals(wakeKey)) {
                wakePosition = message.getId();
                continue;
            }
            LogListener listener = byStream.get(message.getStream());
            if (listener != null) {
                batch.computeIfAbsent(listener, l -> new ArrayList<>())
                        .add(StreamEntries.read(where.get(listener).room(), message));
            }
        }
        batch.replaceAll((listener, entries) -> withDeleted(where.get(listener), from.get(listener), entries));
        batch.forEach(LogListener::deliver);
    }

    /**
     * The entries read after {@code after}, with the messages and edits a delete took out of the
     * stream back in their places (deleted, without text), so that a room never takes a delete
     * for a gap; what the set does not have either was trimmed, and is a gap.
     */
    private List<Entry> withDeleted(Watched room, Position after, List<Entry> entries) {
        StreamView.Missing missing = StreamView.missing(after, entries);
        if (missing == null) {
            return entries;
        }
        List<Entry> gone = new ArrayList<>();
        for (String json : connection.sync().zrangebyscore(room.gone(), Range.create(missing.low(), missing.high()))) {
            try {
                gone.add(StreamEntries.readGone(room.room(), json));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "room {0}: a deleted entry this server did not write is skipped: {1}",
                        room.room(), e.getMessage());
            }
        }
        return StreamView.merge(entries, gone);
    }

    private void sleep(long millis) {
        synchronized (pause) {
            try {
                pause.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Stops the thread: the blocking read ends when its connection closes. */
    void stop() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        connection.close();
        try {
            thread.join(block.toMillis() + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
