package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.Moderation;
import dev.chatsocket.chat.room.ModerationOutcome;
import dev.chatsocket.chat.room.MessageChange;
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
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

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
    private static final LuaScript OPEN = new LuaScript(RedisScripts.OPEN);
    private static final LuaScript LISTED = new LuaScript(RedisScripts.LISTED);
    private static final LuaScript TYPING = new LuaScript(RedisScripts.TYPING);
    private static final LuaScript MODERATE = new LuaScript(RedisScripts.MODERATE);
    private static final LuaScript FACTS = new LuaScript(RedisScripts.FACTS);
    private static final LuaScript CHANGE = new LuaScript(RedisScripts.CHANGE);
    private static final LuaScript READ = new LuaScript(RedisScripts.READ);
    /**
     * How often a change is decided again when its target changed between the decision and the
     * append (deleted, posted or trimmed meanwhile): each time, the target moved on for good.
     */
    private static final int DECISIONS = 3;

    private final String room;
    private final RedisKeys keys;
    private final RedisGateway redis;
    private final StreamReader reader;
    private final TypingChannel typing;
    private final RedisSettings settings;
    private final RoomLimits limits;
    private final DedupeLimits dedupe;
    private final String node;
    /** Cluster mode's database archive, which every node copies the stream into; {@code null} without one. */
    private final HistoryStore archive;
    /** Where the archive is read when a change's target is older than the stream (blocking). */
    private final Executor worker;
    /** Guards {@link #queueTail}. */
    private final Object order = new Object();
    /** The last post, change or rename that had to wait for a change, or one done: see {@link #inOrder}. */
    private CompletableFuture<?> queueTail = CompletableFuture.completedFuture(null);
    /** Whether this node listed the room for the archivers (see {@link RoomSeeder}). */
    private volatile boolean listed;

    RedisRoomLog(String room, RedisGateway redis, StreamReader reader, TypingChannel typing, RedisSettings settings,
                 RoomLimits limits, DedupeLimits dedupe, String node, HistoryStore archive, Executor worker) {
        this.room = room;
        this.keys = RedisKeys.of(room);
        this.redis = redis;
        this.reader = reader;
        this.typing = typing;
        this.settings = settings;
        this.limits = limits;
        this.dedupe = dedupe;
        this.node = node;
        this.archive = archive;
        this.worker = worker;
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
        seedFromArchive();
        List<String> reply = redis.blocking(c -> JOIN.call(c, ScriptOutputType.MULTI, keys.presence(),
                UUID.randomUUID().toString(), node, person.uid(), person.nick(), flag(person.verified()),
                Long.toString(settings.presenceTtl().toMillis()), presenceCap()));
        return new JoinReply(reply.get(0), StreamEntries.position(reply.get(1)), people(reply, 2));
    }

    /** With an archive, a room new to Redis takes its epoch and ids from it (see {@link RoomSeeder}). */
    private void seedFromArchive() {
        if (archive != null) {
            RoomSeeder.prepare(redis, archive, room, keys, listed);
            listed = true;
        }
    }

    /** uid, nick, verified triples from {@code from} on. */
    private static List<Listed> people(List<String> reply, int from) {
        List<Listed> members = new ArrayList<>(reply.size() / 3);
        for (int i = from; i + 2 < reply.size(); i += 3) {
            members.add(new Listed(reply.get(i), reply.get(i + 1), "1".equals(reply.get(i + 2))));
        }
        return members;
    }

    @Override
    public String open() {
        seedFromArchive();
        return redis.blocking(c -> OPEN.call(c, ScriptOutputType.VALUE, new String[]{keys.epoch()},
                UUID.randomUUID().toString()));
    }

    @Override
    public List<Listed> members() {
        List<String> reply = redis.blocking(c -> LISTED.call(c, ScriptOutputType.MULTI, keys.presence()));
        return people(reply, 0);
    }

    private static String flag(boolean verified) {
        return verified ? "1" : "0";
    }

    /**
     * Decides with {@code rules} against the target as Redis has it ({@link RedisScripts#FACTS}),
     * then appends with {@link RedisScripts#CHANGE}, which checks, atomically with the append, that
     * the target is still as decided on, and otherwise answers {@code moved}: the change is then
     * decided again. So the rules stay in Java, and two deletes of one message cannot both be
     * stored. A target older than the stream is decided against the archive when there is one
     * (read on the backend's worker), and is not found without one. Two commands with a decision
     * between them: what the room issues after a change waits for it ({@link #inOrder}).
     */
    @Override
    public CompletionStage<PostOutcome> change(String epoch, MessageChange change, MessageChanges rules, long nowMillis) {
        return inOrder(() -> change(epoch, change, rules, nowMillis, DECISIONS), true);
    }

    /**
     * Issues {@code command} in the order the room issued it among posts, changes and renames. A
     * post or rename is one command on the one Lettuce thread that keeps that order by itself; a
     * change is two (its facts, then its append), so what is issued while a change is on its way
     * waits for it, and everything after that for what came before it. Nothing waits while no
     * change is.
     */
    private <T> CompletionStage<T> inOrder(Supplier<CompletionStage<T>> command, boolean isChange) {
        synchronized (order) {
            if (!isChange && queueTail.isDone()) {
                return command.get();
            }
            CompletableFuture<T> issued = queueTail.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> command.get()).toCompletableFuture();
            queueTail = issued;
            return issued;
        }
    }

    private record Decision(String seen, MessageChanges.Verdict verdict) {
    }

    private CompletionStage<PostOutcome> change(String epoch, MessageChange change, MessageChanges rules, long nowMillis,
                                                int decisionsLeft) {
        String target = Long.toString(change.target());
        return redis.<List<String>>onLettuceThread(async -> FACTS.callAsync(async, ScriptOutputType.MULTI,
                        new String[]{keys.stream(), keys.gone(), keys.late()}, target))
                .thenCompose(facts -> decide(change, rules, nowMillis, facts))
                .thenCompose(decision -> redis.<List<String>>onLettuceThread(async -> CHANGE.callAsync(async,
                        ScriptOutputType.MULTI, keys.append(change.uid(), change.ref()),
                        epoch, Integer.toString(limits.historySize()),
                        change instanceof MessageChange.Edit ? StreamEntries.EDIT : StreamEntries.DELETE,
                        change.uid(), target, change instanceof MessageChange.Edit edit ? edit.text() : "",
                        Long.toString(nowMillis), change.ref() == null ? "" : change.ref(),
                        Long.toString(dedupe.window().toMillis()), Integer.toString(dedupe.maxPerUser()),
                        archive == null ? "0" : "1", decision.seen(),
                        decision.verdict() == MessageChanges.Verdict.ALLOWED ? "" : decision.verdict().name(),
                        Integer.toString(limits.logCap()))))
                .thenCompose(reply -> {
                    if (!"moved".equals(reply.get(0))) {
                        return CompletableFuture.completedFuture(outcome(reply));
                    }
                    if (decisionsLeft > 1) {
                        return change(epoch, change, rules, nowMillis, decisionsLeft - 1);
                    }
                    return CompletableFuture.failedFuture(new StoreUnavailableException(
                            "message " + target + " of room " + room + " kept changing while it was being " + verb(change), null));
                });
    }

    private static String verb(MessageChange change) {
        return change instanceof MessageChange.Edit ? "edited" : "deleted";
    }

    /** The rules' verdict on the target as {@link RedisScripts#FACTS} found it: {state, author, posted}. */
    private CompletionStage<Decision> decide(MessageChange change, MessageChanges rules, long nowMillis, List<String> facts) {
        String state = facts.get(0);
        String author = facts.get(1);
        String seen = state + ":" + author;
        long posted = facts.get(2).isEmpty() ? 0 : Long.parseLong(facts.get(2));
        return switch (state) {
            case "live" -> CompletableFuture.completedFuture(
                    new Decision(seen, verdict(change, rules, nowMillis, new MessageChanges.Target(author, posted, false))));
            case "deleted" -> CompletableFuture.completedFuture(
                    new Decision(seen, verdict(change, rules, nowMillis, new MessageChanges.Target(author, posted, true))));
            case "absent" -> archived(change.target()).thenApply(target ->
                    new Decision(seen, verdict(change, rules, nowMillis, target)));
            default -> CompletableFuture.completedFuture(new Decision(seen, verdict(change, rules, nowMillis, null)));
        };
    }

    private static MessageChanges.Verdict verdict(MessageChange change, MessageChanges rules, long nowMillis,
                                                  MessageChanges.Target target) {
        if (change instanceof MessageChange.Edit edit) {
            return rules.edit(target, edit.uid(), nowMillis);
        }
        MessageChange.Delete delete = (MessageChange.Delete) change;
        return rules.delete(target, delete.uid(), delete.moderator());
    }

    /** Message {@code id} as the archive has it, {@code null} when it has not (or there is no archive). */
    private CompletionStage<MessageChanges.Target> archived(long id) {
        if (archive == null) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return archive.message(room, id)
                            .map(m -> new MessageChanges.Target(m.uid(), m.ts(), m.deleted() || m.text() == null))
                            .orElse(null);
                } catch (HistoryUnavailableException e) {
                    throw new StoreUnavailableException("the archive cannot be read: " + e.getMessage(), e);
                }
            }, worker);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("too much is waiting for the store", e));
        }
    }

    @Override
    public CompletionStage<PostOutcome> post(String epoch, String uid, String nick, String text, String ref,
                                             long nowMillis, boolean bot) {
        String[] scriptKeys = keys.append(uid, ref);
        return inOrder(() -> redis.<List<String>>onLettuceThread(async -> POST.callAsync(async, ScriptOutputType.MULTI,
                        scriptKeys, epoch, Integer.toString(limits.historySize()), uid, nick, text, Long.toString(nowMillis),
                        ref == null ? "" : ref, Long.toString(dedupe.window().toMillis()),
                        Integer.toString(dedupe.maxPerUser()), archive == null ? "0" : "1", bot ? "1" : "0"))
                .thenApply(RedisRoomLog::outcome), false);
    }

    /** The post or change script's reply, {@code [outcome, value]} (see {@link RedisScripts#POST}, {@link RedisScripts#CHANGE}). */
    private static PostOutcome outcome(List<String> reply) {
        return switch (reply.get(0)) {
            case "stored" -> new PostOutcome.Stored(Long.parseLong(reply.get(1)));
            case "duplicate" -> new PostOutcome.Duplicate(Long.parseLong(reply.get(1)));
            case "epoch" -> new PostOutcome.EpochLost();
            case "refused" -> new PostOutcome.Refused(MessageChanges.Verdict.valueOf(reply.get(1)));
            default -> throw new IllegalStateException("unexpected post reply " + reply);
        };
    }

    /**
     * Published to every node's {@link TypingChannel} by the typing script, which lets one notice
     * of {@code uid} through per interval across the nodes (a person typing in two tabs on two
     * nodes); failures only lose the notice.
     */
    @Override
    public void typing(String uid, String nick, Duration interval) {
        redis.<Long>onLettuceThread(async -> TYPING.callAsync(async, ScriptOutputType.INTEGER,
                        new String[]{keys.typing(uid)}, keys.typingChannel(),
                        Long.toString(Math.max(1, interval.toMillis())), TypingChannel.notice(uid, nick)))
                .whenComplete((passed, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.DEBUG, "a typing notice in room {0} was dropped: {1}", room, failure.toString());
                    }
                });
    }

    /** One script: the sanction in the room's hash and the entry in its stream ({@link RedisScripts#MODERATE}). */
    @Override
    public ModerationOutcome moderate(Moderation moderation, long nowMillis) {
        Sanction.Kind kind = moderation.kind().orElse(Sanction.Kind.BAN); // a kick's field is not used
        String value = moderation.sanction().map(SanctionFields::value).orElse("");
        String reply = redis.blocking(c -> MODERATE.call(c, ScriptOutputType.VALUE,
                new String[]{keys.sanctions(), keys.stream(), keys.seq(), keys.members()},
                moderation.action().wire(), moderation.uid(), SanctionFields.field(kind, moderation.uid()), value,
                Integer.toString(limits.maxSanctions()), Long.toString(nowMillis), presenceCap(), moderation.by(),
                flag(moderation.byAdmin()), moderation.reason(), Long.toString(moderation.durationSeconds()),
                Long.toString(moderation.untilMillis())));
        return switch (reply) {
            case "done" -> ModerationOutcome.DONE;
            case "not-found" -> ModerationOutcome.NOT_FOUND;
            case "full" -> ModerationOutcome.TOO_MANY;
            default -> throw new IllegalStateException("unexpected moderation reply " + reply);
        };
    }

    @Override
    public List<Sanction> sanctions(long nowMillis) {
        return active(redis.blocking(c -> c.hgetall(keys.sanctions())), nowMillis);
    }

    /** The sanctions of a room's hash that have not ended. */
    static List<Sanction> active(Map<String, String> hash, long nowMillis) {
        List<Sanction> active = new ArrayList<>();
        hash.forEach((field, value) -> SanctionFields.read(field, value)
                .filter(s -> s.isActive(nowMillis)).ifPresent(active::add));
        return active;
    }

    @Override
    public CompletionStage<Void> rename(String uid, String nick) {
        return inOrder(() -> redis.<Long>onLettuceThread(async -> NICK.callAsync(async, ScriptOutputType.INTEGER,
                        keys.presence(), uid, nick, presenceCap()))
                .thenApply(done -> (Void) null), false);
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
        List<ScoredValue<String>> firstGone = redis.blocking(c -> c.zrangeWithScores(keys.gone(), 0, 0));
        long retained = lastId + 1;
        if (!first.isEmpty()) {
            Position at = StreamEntries.position(first.get(0).getId());
            // A presence entry N-k follows message N, which is then gone already.
            retained = at.isMessage() ? at.major() : at.major() + 1;
        }
        // A deleted message keeps its place (its record goes when the stream is trimmed past it).
        return firstGone.isEmpty() ? retained : Math.min(retained, (long) firstGone.get(0).getScore());
    }

    @Override
    public List<Entry> range(Position after, Position upTo) {
        if (!upTo.isAfter(after)) {
            return List.of();
        }
        return read(redis.blocking(c -> READ.call(c, ScriptOutputType.MULTI, readKeys(),
                "asc", "(" + after, upTo.toString(), "0", Long.toString(after.major() + 1), Long.toString(upTo.major()))));
    }

    private String[] readKeys() {
        return new String[]{keys.stream(), keys.gone(), keys.edits()};
    }

    /**
     * The reply of {@link RedisScripts#READ} as log entries, oldest first, deleted ones in their
     * places, messages in their current state.
     */
    private List<Entry> read(List<Object> reply) {
        List<?> streamed = (List<?>) reply.get(0);
        List<Entry> stream = new ArrayList<>(streamed.size());
        for (Object entry : streamed) {
            stream.add(StreamEntries.read(room, (List<?>) entry));
        }
        if (stream.size() > 1 && stream.get(0).position().isAfter(stream.get(stream.size() - 1).position())) {
            Collections.reverse(stream); // read newest first
        }
        List<Entry> gone = new ArrayList<>();
        for (Object json : (List<?>) reply.get(1)) {
            try {
                gone.add(StreamEntries.readGone(room, (String) json));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "room {0}: a deleted entry this server did not write is skipped: {1}", room, e.getMessage());
            }
        }
        Map<Long, StreamView.CurrentText> edits = new HashMap<>();
        List<?> scored = (List<?>) reply.get(2);
        for (int i = 0; i + 1 < scored.size(); i += 2) {
            try {
                edits.put((long) Double.parseDouble((String) scored.get(i + 1)), StreamEntries.currentText((String) scored.get(i)));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "room {0}: an edit this server did not write is skipped: {1}", room, e.getMessage());
            }
        }
        return StreamView.current(StreamView.merge(stream, gone), edits);
    }

    @Override
    public List<ChatMessage> recent(int count) {
        try {
            List<Object> reply = redis.await(async -> READ.callAsync(async, ScriptOutputType.MULTI, readKeys(),
                    "desc", "+", "-", Integer.toString(limits.logCap()), "0", "+inf"));
            List<Entry> newest = read(reply);
            List<ChatMessage> messages = new ArrayList<>(Math.min(count, newest.size()));
            for (int i = newest.size() - 1; i >= 0 && messages.size() < count; i--) {
                if (newest.get(i) instanceof Entry.Posted posted) {
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
     * an older message is in it still. Messages in their current state, deleted ones included.
     */
    @Override
    public OlderPage older(long before, int limit) {
        if (before <= 1) {
            return new OlderPage(List.of(), false);
        }
        List<Entry> oldestFirst = read(redis.blocking(c -> READ.call(c, ScriptOutputType.MULTI, readKeys(),
                "desc", "(" + Position.ofMessage(before), "-", Integer.toString(limits.logCap()),
                "0", Long.toString(before - 1))));
        List<Entry> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        OlderPage fromStream = OlderPages.from(newestFirst.iterator(), before, limit);
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
        typing.watch(keys.typingChannel(), listener);
        reader.watch(room, keys, listener);
    }

    @Override
    public void forget(LogListener listener) {
        reader.forget(listener);
        typing.forget(keys.typingChannel(), listener);
    }
}
