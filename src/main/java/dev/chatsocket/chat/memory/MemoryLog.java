package dev.chatsocket.chat.memory;

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
import dev.chatsocket.chat.room.LogWindow;
import dev.chatsocket.chat.room.OlderPage;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PostOutcome;
import dev.chatsocket.chat.room.RoomLimits;
import dev.chatsocket.chat.room.RoomLog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One room's log in this node's memory, kept like the Redis stream it stands in for: messages at
 * {@code N-0}, presence events after them, the messages trimmed to the history size and the
 * presence events, edits and deletes to the log cap. Appending delivers at once, under this log's
 * lock, so entries reach the room in log order; an edit or a delete is decided under it too.
 *
 * <p>This node is the only one, so a person is held by it or by nobody: listed from their first
 * join until their leave (the room calls it once the presence grace is over). A sender's
 * {@code (uid, ref)} is remembered within the {@link DedupeLimits} ({@link SentRefs}), trimmed
 * from the history or not, so a resend from any connection is acked with its first id and not
 * stored again.
 *
 * <p>The epoch is this object's: a room the registry forgot, or a restarted server, starts a new
 * one, so a client resuming from an old one learns that its ids mean nothing here.
 */
final class MemoryLog implements RoomLog {
    private final String room;
    private final String epoch = UUID.randomUUID().toString();
    private final RoomLimits limits;

    private final LogWindow window;
    private final SentRefs sent;
    private final HeldSanctions sanctions;

    MemoryLog(String room, RoomLimits limits, DedupeLimits dedupe, HeldSanctions sanctions) {
        this.room = room;
        this.limits = limits;
        this.sent = new SentRefs(dedupe);
        this.window = new LogWindow(limits);
        this.sanctions = sanctions;
    }

    /** Under this log's lock, so that the sanction and its entry are one step for every reader. */
    @Override
    public synchronized ModerationOutcome moderate(Moderation moderation, long nowMillis) {
        ModerationOutcome stored = switch (moderation.action()) {
            case KICK -> window.isListed(moderation.uid()) ? ModerationOutcome.DONE : ModerationOutcome.NOT_FOUND;
            case BAN, MUTE -> sanctions.put(room, moderation.sanction().orElseThrow(), nowMillis)
                    ? ModerationOutcome.DONE : ModerationOutcome.TOO_MANY;
            case UNBAN, UNMUTE -> sanctions.lift(room, moderation.kind().orElseThrow(), moderation.uid(), nowMillis)
                    ? ModerationOutcome.DONE : ModerationOutcome.NOT_FOUND;
        };
        if (stored == ModerationOutcome.DONE) {
            window.appendModeration(moderation);
        }
        return stored;
    }

    @Override
    public List<Sanction> sanctions(long nowMillis) {
        return sanctions.active(room, nowMillis);
    }

    @Override
    public synchronized JoinReply join(Listed person) {
        Position at = window.list(person);
        return new JoinReply(epoch, at, window.listed());
    }

    /**
     * Decided under this log's lock against the target as the window has it: a message trimmed
     * from the window is gone from this log, so it is {@code not-found}.
     */
    @Override
    public synchronized CompletionStage<PostOutcome> change(String servedEpoch, MessageChange change, MessageChanges rules,
                                                          long nowMillis) {
        if (!epoch.equals(servedEpoch)) {
            return CompletableFuture.completedFuture(new PostOutcome.EpochLost());
        }
        if (change.ref() != null) {
            OptionalLong prior = sent.find(change.uid(), change.ref(), nowMillis);
            if (prior.isPresent()) {
                return CompletableFuture.completedFuture(new PostOutcome.Duplicate(prior.getAsLong()));
            }
        }
        MessageChanges.Verdict verdict = change.judge(rules, window.message(change.target()), nowMillis);
        if (verdict != MessageChanges.Verdict.ALLOWED) {
            return CompletableFuture.completedFuture(new PostOutcome.Refused(verdict));
        }
        long id = window.lastId() + 1;
        if (change.ref() != null) {
            sent.remember(change.uid(), change.ref(), id, nowMillis);
        }
        window.appendChange(change.entry(id, nowMillis));
        return CompletableFuture.completedFuture(new PostOutcome.Stored(id));
    }

    @Override
    public synchronized CompletionStage<PostOutcome> post(String servedEpoch, String uid, String nick, String text,
                                                        String ref, long nowMillis, boolean bot) {
        if (!epoch.equals(servedEpoch)) {
            return CompletableFuture.completedFuture(new PostOutcome.EpochLost());
        }
        if (ref != null) {
            OptionalLong prior = sent.find(uid, ref, nowMillis);
            if (prior.isPresent()) {
                return CompletableFuture.completedFuture(new PostOutcome.Duplicate(prior.getAsLong()));
            }
        }
        long id = window.lastId() + 1;
        Entry.Posted posted = new Entry.Posted(Position.ofMessage(id), new ChatMessage(id, room, uid, nick, text, nowMillis, 0, false, bot), ref);
        if (ref != null) {
            sent.remember(uid, ref, id, nowMillis);
        }
        window.appendMessage(posted);
        return CompletableFuture.completedFuture(new PostOutcome.Stored(id));
    }

    /** Straight to this node's room: the only node, whose room throttled the notice already. Not stored. */
    @Override
    public synchronized void typing(String uid, String nick, Duration interval) {
        window.typing(uid, nick);
    }

    @Override
    public String open() {
        return epoch;
    }

    @Override
    public synchronized List<Listed> members() {
        return window.listed();
    }

    @Override
    public synchronized CompletionStage<Void> rename(String uid, String nick) {
        window.rename(uid, nick);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void leave(String uid) {
        window.unlist(uid);
    }

    /** People here are listed until they leave: nothing to refresh. */
    @Override
    public String heartbeat(String servedEpoch, List<Listed> members) {
        return epoch;
    }

    @Override
    public synchronized Position end() {
        return window.end();
    }

    @Override
    public synchronized long firstRetained(long lastId) {
        return window.firstRetained(lastId);
    }

    @Override
    public synchronized List<Entry> range(Position after, Position upTo) {
        return window.range(after, upTo);
    }

    @Override
    public synchronized List<ChatMessage> recent(int count) {
        return window.recent(count);
    }

    /** From the window: {@code more} when an older message is in it still (what was trimmed is gone). */
    @Override
    public synchronized OlderPage older(long before, int limit) {
        return window.older(before, limit);
    }

    @Override
    public Optional<String> storedEpoch() {
        return Optional.of(epoch);
    }

    /** Starts delivering, first what was appended after the listener's position. */
    @Override
    public synchronized void watch(LogListener listener) {
        window.watch(listener);
    }

    @Override
    public synchronized void forget(LogListener listener) {
        window.forget(listener);
    }
}
