package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.DedupeLimits;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.JoinReply;
import dev.chatsocket.chat.room.Listed;
import dev.chatsocket.chat.room.LogListener;
import dev.chatsocket.chat.room.OlderPage;
import dev.chatsocket.chat.room.OlderPages;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PostOutcome;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.room.RoomLog;
import dev.chatsocket.chat.room.StoreUnavailableException;
import dev.chatsocket.chat.stored.StoredMessages;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.history.HistoryUnavailableException;
import dev.chatsocket.history.Page;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * One room's log in Redis: a stream holding its messages and presence events, appended to by the
 * scripts of {@link RedisScripts} (each step that must not be torn apart is one script) and
 * delivered by this node's {@link StreamReader}. Presence is held per (person, node): see
 * {@link RedisScripts}; {@code node} names this node's holds.
 */
final class RedisRoomLog implements RoomLog {
    private static final System.Logger LOG = System.getLogger(RedisRoomLog.class.getName());

    private static final LuaScript JOIN = new LuaScript(RedisScripts.JOIN);
    private static final LuaScript POST = new LuaScript(RedisScripts.POST);
    private static final LuaScript NICK = new LuaScript(RedisScripts.NICK);
    private static final LuaScript LEAVE = new LuaScript(RedisScripts.LEAVE);
    private static final LuaScript HEARTBEAT = new LuaScript(RedisScripts.HEARTBEAT);

    private final String room;
    private final RedisKeys keys;
    private final RedisGateway redis;
    private final StreamReader reader;
    private final RedisSettings settings;
    private final RoomLimits limits;
    private final DedupeLimits dedupe;
    private final String node;
    /** Cluster mode's database archive, which every node copies the stream into; {@code null} without one. */
    private final HistoryStore archive;
    /** Whether this node listed the room for the archivers (see {@link RoomSeeder}). */
    private volatile boolean listed;

    RedisRoomLog(String room, RedisGateway redis, StreamReader reader, RedisSettings settings, RoomLimits limits,
                 DedupeLimits dedupe, String node, HistoryStore archive) {
        this.room = room;
        this.keys = RedisKeys.of(room);
        this.redis = redis;
        this.reader = reader;
        this.settings = settings;
        this.limits = limits;
        this.dedupe = dedupe;
        this.node = node;
        this.archive = archive;
    }

    /**
     * The cap the presence scripts trim the stream to. With an archive they trim nothing: a cap
     * could cut entries the archive has not taken yet; the archiver trims to the cap instead, up to
     * what it archived ({@link RedisScripts#ARCHIVED}).
     */
    private String presenceCap() {
        return archive == null ? Integer.toString(limits.logCap()) : Long.toString(Long.MAX_VALUE);
    }

    @Override
    public JoinReply join(Listed person) {
        if (archive != null) {
            RoomSeeder.prepare(redis, archive, room, keys, listed);
            listed = true;
        }
        List<String> reply = redis.blocking(c -> JOIN.call(c, ScriptOutputType.MULTI, keys.presence(),
                UUID.randomUUID().toString(), node, person.uid(), person.nick(), flag(person.verified()),
                Long.toString(settings.presenceTtl().toMillis()), presenceCap()));
        List<Listed> members = new ArrayList<>(reply.size() / 3);
        for (int i = 2; i + 2 < reply.size(); i += 3) {
            members.add(new Listed(reply.get(i), reply.get(i + 1), "1".equals(reply.get(i + 2))));
        }
        return new JoinReply(reply.get(0), StreamEntries.position(reply.get(1)), members);
    }

    private static String flag(boolean verified) {
        return verified ? "1" : "0";
    }

    @Override
    public CompletionStage<PostOutcome> post(String epoch, String uid, String nick, String text, String ref,
                                             long nowMillis) {
        String[] scriptKeys = ref == null
                ? new String[]{keys.epoch(), keys.seq(), keys.stream(), keys.archived()}
                : new String[]{keys.epoch(), keys.seq(), keys.stream(), keys.archived(), keys.refs(uid), keys.refTimes(uid)};
        return redis.<List<String>>onLettuceThread(async -> POST.callAsync(async, ScriptOutputType.MULTI, scriptKeys,
                        epoch, Integer.toString(limits.historySize()), uid, nick, text, Long.toString(nowMillis),
                        ref == null ? "" : ref, Long.toString(dedupe.window().toMillis()),
                        Integer.toString(dedupe.maxPerUser()), archive == null ? "0" : "1"))
                .thenApply(RedisRoomLog::outcome);
    }

    /** The post script's reply, {@code [outcome, value]} (see {@link RedisScripts#POST}). */
    private static PostOutcome outcome(List<String> reply) {
        return switch (reply.get(0)) {
            case "stored" -> new PostOutcome.Stored(Long.parseLong(reply.get(1)));
            case "duplicate" -> new PostOutcome.Duplicate(Long.parseLong(reply.get(1)));
            case "epoch" -> new PostOutcome.EpochLost();
            default -> throw new IllegalStateException("unexpected post reply " + reply);
        };
    }

    @Override
    public CompletionStage<Void> rename(String uid, String nick) {
        return redis.<Long>onLettuceThread(async -> NICK.callAsync(async, ScriptOutputType.INTEGER, keys.presence(),
                        uid, nick, presenceCap()))
                .thenApply(done -> null);
    }

    @Override
    public void leave(String uid) {
        redis.<Long>blocking(c -> LEAVE.call(c, ScriptOutputType.INTEGER, keys.presence(),
                node, uid, presenceCap()));
    }

    @Override
    public String heartbeat(String epoch, List<Listed> people) {
        List<String> args = new ArrayList<>(4 + 3 * people.size());
        args.add(epoch);
        args.add(node);
        args.add(Long.toString(settings.presenceTtl().toMillis()));
        args.add(presenceCap());
        for (Listed person : people) {
            args.add(person.uid());
            args.add(person.nick());
            args.add(flag(person.verified()));
        }
        return redis.blocking(c -> HEARTBEAT.call(c, ScriptOutputType.VALUE, keys.presence(),
                args.toArray(String[]::new)));
    }

    @Override
    public Position end() {
        List<StreamMessage<String, String>> last =
                redis.blocking(c -> c.xrevrange(keys.stream(), Range.unbounded(), Limit.from(1)));
        return last.isEmpty() ? Position.ZERO : StreamEntries.position(last.get(0).getId());
    }

    @Override
    public long firstRetained(long lastId) {
        List<StreamMessage<String, String>> first =
                redis.blocking(c -> c.xrange(keys.stream(), Range.unbounded(), Limit.from(1)));
        if (first.isEmpty()) {
            return lastId + 1;
        }
        Position at = StreamEntries.position(first.get(0).getId());
        // A presence entry N-k follows message N, which is then gone already.
        return at.isMessage() ? at.major() : at.major() + 1;
    }

    @Override
    public List<Entry> range(Position after, Position upTo) {
        if (!upTo.isAfter(after)) {
            return List.of();
        }
        return StreamEntries.readAll(room, redis.blocking(c -> c.xrange(keys.stream(),
                Range.from(Range.Boundary.excluding(after.toString()), Range.Boundary.including(upTo.toString())))));
    }

    @Override
    public List<ChatMessage> recent(int count) {
        try {
            List<StreamMessage<String, String>> newest = redis.await(async -> async.xrevrange(keys.stream(),
                    Range.unbounded(), Limit.from(limits.logCap())));
            List<ChatMessage> messages = new ArrayList<>(Math.min(count, newest.size()));
            for (StreamMessage<String, String> message : newest) {
                if (messages.size() == count) {
                    break;
                }
                if (StreamEntries.read(room, message) instanceof Entry.Posted posted) {
                    messages.add(posted.message());
                }
            }
            Collections.reverse(messages);
            return messages;
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "cannot read the history of room {0} from Redis: {1}", room, e.getMessage());
            return List.of();
        }
    }

    /**
     * From the stream, which holds the live window only (capped at the log cap): {@code more} when
     * an older message is in it still.
     */
    @Override
    public OlderPage older(long before, int limit) {
        if (before <= 1) {
            return new OlderPage(List.of(), false);
        }
        List<StreamMessage<String, String>> newestFirst = redis.blocking(c -> c.xrevrange(keys.stream(),
                Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(Position.ofMessage(before).toString())),
                Limit.from(limits.logCap())));
        OlderPage fromStream = OlderPages.from(StreamEntries.readAll(room, newestFirst).iterator(), before, limit);
        return archive == null || fromStream.more() ? fromStream : withArchived(fromStream, before, limit);
    }

    /**
     * Fills a page the stream ran out for from the archive: the stream is never trimmed past what
     * the archive holds, so the archive's messages below the stream's oldest one follow on without
     * a gap (docs/history.md, "Cluster mode: the archive").
     */
    private OlderPage withArchived(OlderPage fromStream, long before, int limit) {
        List<ChatMessage> newer = fromStream.messages();
        long below = newer.isEmpty() ? before : newer.get(0).id();
        int rest = limit - newer.size();
        try {
            Page older = archive.before(room, below, Math.max(1, rest));
            if (rest == 0) {
                return new OlderPage(newer, !older.messages().isEmpty());
            }
            List<ChatMessage> page = new ArrayList<>(StoredMessages.shown(room, older.messages()));
            page.addAll(newer);
            return new OlderPage(page, older.more());
        } catch (HistoryUnavailableException e) {
            throw new StoreUnavailableException("the archive cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> storedEpoch() {
        try {
            return Optional.ofNullable(redis.await(async -> async.get(keys.epoch())));
        } catch (StoreUnavailableException e) {
            return Optional.empty();
        }
    }

    @Override
    public void watch(LogListener listener) {
        reader.watch(room, keys.stream(), listener);
    }

    @Override
    public void forget(LogListener listener) {
        reader.forget(listener);
    }
}
