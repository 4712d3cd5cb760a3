package dev.chatsocket.chat.room;

import dev.chatsocket.ws.OutboundMessage;
import dev.chatsocket.ws.WebSocketSession;
import dev.chatsocket.ws.CloseCodes;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * One chat room on this node: the members connected here, and how far this node has delivered the
 * room's {@link RoomLog}. The same rules whatever the log is kept in; no I/O but queueing frames.
 *
 * <p>Nothing is sent to a member from anywhere but the log, so every node sends the same frames in
 * the same order: a post is appended and then delivered, to everyone here, as the log delivers it;
 * the sender gets its ack just before the message, so the ack comes only once the message is
 * stored. Presence events travel in the same log, so they keep their place among the messages.
 *
 * <p>A join reads the history up to exactly the entry this node has delivered, and is completed
 * under the room's lock only when no entry was delivered meanwhile: entries up to it come in the
 * history, entries after it live, none twice and none missed. The member list in its welcome is
 * the room as of that same entry: the log lists the members as of the newcomer's join entry, and
 * the presence events between the two are applied to it (or, when the node has not delivered the
 * join entry yet, the events up to it are not sent to the newcomer). Joins and leaves run on the
 * backend's worker, in order. Frames are queued under the lock, which fixes one order for every
 * member, and written after it is released ({@link WebSocketSession#flush()}).
 *
 * <p>The epoch is the log's: when it changes (a shared store was flushed or replaced), the ids this
 * node's members hold mean nothing any more, so they are closed with 1012 and come back with
 * {@code recovered: false}.
 */
public final class Room implements LogListener {
    private static final System.Logger LOG = System.getLogger(Room.class.getName());
    static final String STORE_DOWN = "the message store is unreachable; try again later";
    /** A newer connection of the same person joined this room (an application code, RFC 6455 §7.4.2). */
    public static final int REPLACED = 4002;

    /** The outcome of a join. */
    public enum Joined {
        /** Taken: welcome and history are sent (at once, or as soon as the store answered). */
        JOINED,
        /** The room is full; the endpoint refuses the connection. */
        FULL,
        /** The registry has forgotten this room meanwhile; look it up again. */
        RETIRED
    }

    private final String name;
    private final RoomLog log;
    private final RoomBackend backend;
    private final RoomFrames frames;
    private final RoomLimits limits;
    private final LongSupplier clock;

    private final Map<String, Member> members = new LinkedHashMap<>();
    /** Members whose join is waiting for the log: counted against the room's limit, not yet delivered to. */
    private final Set<Member> joining = new HashSet<>();
    /**
     * For a member welcomed before this node delivered its own join entry: that entry. Its member
     * list already reflects the presence events up to there, so they are not sent to it again.
     */
    private final Map<String, Position> listedUpTo = new HashMap<>();
    /** The epoch this node serves; {@code null} until a join has read it. */
    private String epoch;
    /** The newest entry delivered here; {@code null} while the room is not being delivered. */
    private Position delivered;
    private long emptySinceMillis;
    private boolean retired;

    /**
     * @param clock epoch milliseconds, for how long the room has been empty
     */
    public Room(String name, RoomLog log, RoomBackend backend, RoomFrames frames, RoomLimits limits, LongSupplier clock) {
        this.name = name;
        this.log = log;
        this.backend = backend;
        this.frames = frames;
        this.limits = limits;
        this.clock = clock;
        this.emptySinceMillis = clock.getAsLong();
    }

    public String name() {
        return name;
    }

    /** The name of this room's history; a client's ids mean something only in the same epoch. */
    public String epoch() {
        synchronized (this) {
            if (epoch != null) {
                return epoch;
            }
        }
        return log.storedEpoch().orElse("");
    }

    @Override
    public synchronized Position position() {
        return delivered;
    }

    /**
     * Adds a member: it gets {@code welcome} then {@code history} from {@code resume} on, and
     * everyone else a {@code presence} join.
     */
    public Joined join(Member member, Resume resume) {
        synchronized (this) {
            if (retired) {
                return Joined.RETIRED;
            }
            if (members.size() + joining.size() >= limits.maxRoomMembers()) {
                return Joined.FULL;
            }
            joining.add(member);
        }
        if (!backend.submit(() -> completeJoin(member, resume))) {
            abandonJoin(member, "too many joins are waiting for the message store; try again later");
        }
        return Joined.JOINED;
    }

    /** On the worker: lists the member in the log, then sends welcome and history and starts delivering to it. */
    private void completeJoin(Member member, Resume resume) {
        String uid = member.uid();
        try {
            JoinReply reply = log.join(uid, member.nick());
            startOrReset(reply.epoch());
            boolean sameEpoch = resume.epoch() == null || resume.epoch().equals(reply.epoch());
            long since = sameEpoch ? resume.since() : 0;

            Position upTo = position();
            long firstRetained = log.firstRetained(upTo.lastMessageId());
            List<Entry> entries = new ArrayList<>(log.range(new Position(since, Long.MAX_VALUE), upTo));
            // The member list is the room as of the newcomer's join entry; what happened after it
            // and this node has delivered already is applied to the list (live delivery covers the rest).
            List<Entry> sinceJoined = new ArrayList<>(log.range(reply.joinedAt(), upTo));
            Member replaced;
            while (true) {
                Position now;
                synchronized (this) {
                    if (!joining.contains(member)) {
                        return; // left meanwhile; its leave, queued after this join, unlists it
                    }
                    now = delivered;
                    if (now.equals(upTo)) {
                        joining.remove(member);
                        replaced = members.put(uid, member);
                        if (reply.joinedAt().isAfter(upTo)) {
                            listedUpTo.put(uid, reply.joinedAt());
                        }
                        WebSocketSession session = member.session();
                        session.enqueue(frames.welcome(member.listed(), member.verified(), member.self(), name,
                                membersAsOf(reply.members(), reply.joinedAt(), sinceJoined), epoch));
                        session.enqueue(frames.history(messages(entries),
                                HistoryWindow.recovered(sameEpoch, since, upTo.lastMessageId(), firstRetained)));
                        break;
                    }
                }
                // More was delivered meanwhile: those entries belong to the history too.
                List<Entry> more = log.range(upTo, now);
                entries.addAll(more);
                sinceJoined.addAll(more);
                upTo = now;
            }
            member.session().flush();
            if (replaced != null && replaced != member) {
                // One connection per person in a room, the newest: a reconnect whose old connection
                // is not gone yet, or a second tab. Its leave is then not the person's.
                replaced.session().close(REPLACED, "replaced by a newer connection of the same user");
            }
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "join to room {0} failed: {1}", name, e.getMessage());
            abandonJoin(member, STORE_DOWN);
        }
    }

    /**
     * Starts delivering the room from the log's current end the first time, or again after the
     * epoch changed; in that case this node's members are closed (their ids belong to the old epoch).
     */
    private void startOrReset(String currentEpoch) {
        synchronized (this) {
            if (delivered != null && currentEpoch.equals(epoch)) {
                return;
            }
        }
        Position end = log.end();
        List<Member> stale;
        synchronized (this) {
            stale = epoch == null || epoch.equals(currentEpoch) ? List.of() : new ArrayList<>(members.values());
            members.clear();
            listedUpTo.clear();
            epoch = currentEpoch;
            delivered = end;
        }
        closeForNewEpoch(stale);
        log.watch(this);
    }

    /** The member list as of {@code listedAt}, with the presence events after it in {@code later} applied. */
    private static List<Listed> membersAsOf(List<Listed> listed, Position listedAt, List<Entry> later) {
        Map<String, String> nicks = new LinkedHashMap<>();
        listed.forEach(m -> nicks.put(m.uid(), m.nick()));
        for (Entry entry : later) {
            if (entry.position().isAfter(listedAt) && entry instanceof Entry.Presence p) {
                switch (p.event()) {
                    case JOIN -> nicks.putIfAbsent(p.uid(), p.nick());
                    case NICK -> nicks.replace(p.uid(), p.nick());
                    case LEAVE -> nicks.remove(p.uid());
                }
            }
        }
        List<Listed> members = new ArrayList<>(nicks.size());
        nicks.forEach((uid, nick) -> members.add(new Listed(uid, nick)));
        return members;
    }

    private static List<ChatMessage> messages(List<Entry> entries) {
        List<ChatMessage> messages = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (entry instanceof Entry.Posted posted) {
                messages.add(posted.message());
            }
        }
        return messages;
    }

    private void abandonJoin(Member member, String reason) {
        synchronized (this) {
            joining.remove(member);
            noteIfEmpty(clock.getAsLong());
        }
        member.session().send(frames.error("unavailable", reason, null));
        member.session().close(CloseCodes.TRY_AGAIN_LATER, "try again later");
    }

    /**
     * Sends this node's members the entries they have not had yet. When the log skips messages
     * (a shared store trimmed them before this node read them, which takes falling a whole history
     * behind), the members here would have a hole they cannot see: they are closed with 1012 and
     * resume, and their history says whether the gap could be filled.
     */
    @Override
    public void deliver(List<Entry> entries) {
        Set<WebSocketSession> toFlush = new LinkedHashSet<>();
        List<Member> missedSome = List.of();
        synchronized (this) {
            if (delivered == null) {
                return;
            }
            for (Entry entry : entries) {
                Position at = entry.position();
                if (!at.isAfter(delivered)) {
                    continue;
                }
                if (at.isMessage() && at.major() > delivered.lastMessageId() + 1 && missedSome.isEmpty()) {
                    LOG.log(Level.WARNING, "room {0} skipped from message {1} to {2}: the store trimmed them before "
                            + "this node delivered them; its members reconnect", name, delivered.lastMessageId(), at.major());
                    missedSome = new ArrayList<>(members.values());
                }
                delivered = at;
                if (entry instanceof Entry.Posted posted) {
                    Member sender = members.get(posted.message().uid());
                    if (sender != null) {
                        sender.session().enqueue(frames.ack(posted.ref(), posted.message().id()));
                    }
                    queueToAll(frames.message(posted.message()), toFlush);
                } else if (entry instanceof Entry.Presence presence) {
                    queuePresence(presence, toFlush);
                } else if (entry instanceof Entry.Unreadable unreadable) {
                    LOG.log(Level.WARNING, "skipping an entry of room {0} this server did not write: {1}",
                            name, unreadable.why());
                }
            }
            Position now = delivered;
            listedUpTo.values().removeIf(listed -> !listed.isAfter(now));
        }
        toFlush.forEach(WebSocketSession::flush);
        for (Member member : missedSome) {
            member.session().close(CloseCodes.SERVICE_RESTART, "messages were missed; reconnect to resume");
        }
    }

    private void queuePresence(Entry.Presence presence, Set<WebSocketSession> toFlush) {
        OutboundMessage frame = frames.presence(presence.event(), presence.uid(), presence.nick());
        // The newcomer itself has the member list in its welcome, as have members welcomed with a
        // list newer than this entry.
        String newcomer = presence.event() == PresenceEvent.JOIN ? presence.uid() : null;
        for (Member member : members.values()) {
            Position listed = listedUpTo.get(member.uid());
            if (!member.uid().equals(newcomer) && (listed == null || presence.position().isAfter(listed))) {
                member.session().enqueue(frame);
                toFlush.add(member.session());
            }
        }
    }

    /** Encoded once per form (plain, compressed without context) and shared by every member. */
    private void queueToAll(OutboundMessage message, Set<WebSocketSession> queued) {
        for (Member member : members.values()) {
            member.session().enqueue(message);
            queued.add(member.session());
        }
    }

    /**
     * Stores a message and sends it to everyone, its sender included; the sender first gets the
     * ack, and only once the message is stored. A message that cannot be stored gets an
     * {@code error} frame instead.
     */
    public void post(Member sender, String text, String ref) {
        String servedEpoch;
        String nick;
        synchronized (this) {
            if (members.get(sender.uid()) != sender) {
                if (joining.contains(sender)) {
                    sender.session().send(frames.error("unavailable", "not in the room yet: wait for the welcome", ref));
                }
                return;
            }
            servedEpoch = epoch;
            nick = sender.nick();
        }
        CompletionStage<PostOutcome> appended;
        try {
            appended = log.post(servedEpoch, sender.uid(), nick, text, ref, clock.getAsLong());
        } catch (StoreUnavailableException e) {
            notStored(sender, ref, e);
            return;
        }
        appended.whenComplete((outcome, failure) -> {
            if (failure != null) {
                notStored(sender, ref, failure);
            } else {
                posted(sender, ref, servedEpoch, outcome);
            }
        });
    }

    private void notStored(Member sender, String ref, Throwable failure) {
        LOG.log(Level.DEBUG, "a post to room {0} failed: {1}", name, failure.toString());
        sender.session().send(frames.error("unavailable",
                "the message was not stored, the message store is unreachable; send it again with the same ref", ref));
    }

    /** What the log did with a post: nothing more to do when stored (the ack comes with its delivery). */
    private void posted(Member sender, String ref, String servedEpoch, PostOutcome outcome) {
        if (outcome instanceof PostOutcome.Duplicate duplicate) {
            sender.session().send(frames.ack(ref, duplicate.id()));
        } else if (outcome instanceof PostOutcome.EpochLost) {
            sender.session().send(frames.error("unavailable", "the room's history was lost; the message was not stored", ref));
            backend.submit(() -> resetIfServing(servedEpoch));
        }
    }

    /**
     * Changes a guest's nick. A verified member's nick is its display name and stays
     * ({@code nick-locked}); a guest cannot take the name of a verified member connected to this
     * node ({@code nick-taken}, compared ignoring case).
     */
    public void rename(Member member, String nick) {
        String refusal = null;
        synchronized (this) {
            if (members.get(member.uid()) != member || member.nick().equals(nick)) {
                return;
            }
            if (member.verified()) {
                refusal = "nick-locked";
            } else if (members.values().stream().anyMatch(m -> m.verified() && m.nick().equalsIgnoreCase(nick))) {
                refusal = "nick-taken";
            } else {
                member.nick(nick);
            }
        }
        if ("nick-locked".equals(refusal)) {
            member.session().send(frames.error(refusal,
                    "a signed-in user's name comes from the login or token and cannot be changed", null));
            return;
        } else if (refusal != null) {
            member.session().send(frames.error(refusal, "that name belongs to a signed-in user in this room", null));
            return;
        }
        // Issued like posts, from the same thread on the same connection: a message sent after a
        // rename is stored after the rename's event.
        CompletionStage<Void> renamed;
        try {
            renamed = log.rename(member.uid(), nick);
        } catch (StoreUnavailableException e) {
            renameNotShared(member);
            return;
        }
        renamed.whenComplete((done, failure) -> {
            if (failure != null) {
                renameNotShared(member);
            }
        });
    }

    private void renameNotShared(Member member) {
        member.session().send(frames.error("unavailable", "the new nick could not be shared: " + STORE_DOWN, null));
    }

    public void leave(Member member) {
        String nick;
        synchronized (this) {
            // Only this connection: a newer one of the same person that replaced it stays.
            boolean wasMember = members.remove(member.uid(), member);
            if (wasMember) {
                listedUpTo.remove(member.uid());
            }
            boolean wasJoining = joining.remove(member);
            if (!wasMember && !wasJoining) {
                return;
            }
            if (members.containsKey(member.uid()) || joining.stream().anyMatch(m -> m.uid().equals(member.uid()))) {
                return; // the person is still here, on a newer connection: not a leave
            }
            noteIfEmpty(clock.getAsLong());
            nick = member.nick();
        }
        // When this cannot run, a shared store forgets the member when its presence expires instead.
        backend.submit(() -> {
            try {
                log.leave(member.uid(), nick);
            } catch (StoreUnavailableException e) {
                LOG.log(Level.DEBUG, "leave from room {0} not recorded: {1}", name, e.getMessage());
            }
        });
    }

    /** On the worker: keeps this node's members listed, and notices a lost history. */
    @Override
    public void heartbeat() {
        String served;
        List<Listed> local;
        synchronized (this) {
            if (epoch == null || members.isEmpty()) {
                return;
            }
            served = epoch;
            local = new ArrayList<>(members.size());
            for (Member member : members.values()) {
                local.add(member.listed());
            }
        }
        try {
            if (!log.heartbeat(served, local).equals(served)) {
                resetIfServing(served);
            }
        } catch (StoreUnavailableException e) {
            LOG.log(Level.DEBUG, "presence heartbeat of room {0} failed: {1}", name, e.getMessage());
        }
    }

    /** The history this node served is gone: its members must start over in the new epoch. */
    private void resetIfServing(String lostEpoch) {
        List<Member> stale;
        synchronized (this) {
            if (epoch == null || !epoch.equals(lostEpoch)) {
                return;
            }
            stale = new ArrayList<>(members.values());
            members.clear();
            listedUpTo.clear();
            epoch = null;
            delivered = null;
            noteIfEmpty(clock.getAsLong());
        }
        log.forget(this);
        closeForNewEpoch(stale);
    }

    private static void closeForNewEpoch(List<Member> stale) {
        for (Member member : stale) {
            member.session().close(CloseCodes.SERVICE_RESTART, "the room's history was lost; reconnect");
        }
    }

    private void noteIfEmpty(long nowMillis) {
        if (members.isEmpty() && joining.isEmpty()) {
            emptySinceMillis = nowMillis;
        }
    }

    /**
     * Retires the room if it has had no member here for the idle time; the registry then forgets it.
     *
     * @return whether the room was retired
     */
    public boolean retireIfIdle(long nowMillis) {
        synchronized (this) {
            if (retired) {
                return true;
            }
            if (!members.isEmpty() || !joining.isEmpty()
                    || nowMillis - emptySinceMillis < limits.roomIdleTtl().toMillis()) {
                return false;
            }
            retired = true;
        }
        log.forget(this);
        return true;
    }

    /** Members connected to this node, those still joining included. */
    public synchronized int memberCount() {
        return members.size() + joining.size();
    }

    /**
     * Sends {@code member} a {@code page} of up to {@code limit} messages older than {@code before},
     * read on the backend's worker (the log may block). Only a member reads; an {@code error}
     * {@code unavailable} when the log cannot be read.
     */
    public void older(Member member, long before, int limit) {
        synchronized (this) {
            if (members.get(member.uid()) != member) {
                return;
            }
        }
        Runnable read = () -> {
            OlderPage page;
            try {
                page = log.older(before, limit);
            } catch (StoreUnavailableException e) {
                member.session().send(frames.error("unavailable", "older messages cannot be read now: " + STORE_DOWN, null));
                return;
            }
            member.session().send(frames.page(before, page.messages(), page.more()));
        };
        if (!backend.submit(read)) {
            member.session().send(frames.error("unavailable", "too much is waiting for the message store; try again later", null));
        }
    }

    /** The newest {@code count} messages, oldest first. */
    public List<ChatMessage> recent(int count) {
        return log.recent(count);
    }
}
