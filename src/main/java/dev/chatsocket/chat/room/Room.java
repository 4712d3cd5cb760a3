package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.TypingThrottle;
import dev.chatsocket.chat.moderation.Authority;
import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.identity.Role;
import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.moderation.Sanctions;
import dev.chatsocket.ws.LogLine;
import dev.chatsocket.ws.OutboundMessage;
import dev.chatsocket.ws.WebSocketSession;
import dev.chatsocket.ws.CloseCodes;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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
 * <p>A room lists people, not connections: the connections of one uid (tabs, devices) are one
 * {@link Person}. The log is asked to list the person for every connection that joins (it appends
 * a {@code join} only for the first, on any node) and to unlist them only when their last
 * connection here has been gone for the presence grace (it appends a {@code leave} only when no
 * node holds them any more); so a reconnect inside the grace shows as nothing at all. Every
 * connection gets welcome, history and every message; an ack goes to the connection that posted
 * ({@link PendingAcks}). The grace runs on the clock given; {@link #releaseDeparted} ends the
 * graces that are over and is called now and then by whoever owns the room (a timer in production,
 * the test itself in unit tests).
 *
 * <p>Edits and deletes ({@link #edit}, {@link #delete}, {@link #deleteAs}) are entries of the log
 * like posts, with ids of the same sequence: issued in the same order, decided by the log against
 * the message as it has it ({@link MessageChanges}), acked and delivered the same way. Who is a
 * moderator comes from the roles each connection was given at its handshake.
 *
 * <p>The epoch is the log's: when it changes (a shared store was flushed or replaced), the ids this
 * node's members hold mean nothing any more, so they are closed with 1012 and come back with
 * {@code recovered: false}.
 *
 * <p>Moderation travels in the log too ({@link Entry.Moderated}): the node that takes a request
 * checks who may act on whom with what it knows ({@link Authority}), the log stores the sanction
 * and appends the entry in one step, and every node applies the entry as it delivers it: a kick or
 * a ban closes the person's connections here with {@value #REMOVED} and unlists them at once (no
 * grace), a ban or a mute joins this node's copy of the room's sanctions, which posts are checked
 * against. An admin is bound only by what an admin did, on every node alike, whatever the node
 * that took the request knew of the person.
 */
public final class Room implements LogListener {
    private static final System.Logger LOG = System.getLogger(Room.class.getName());
    /** Where each moderation's {@code event=moderation} line goes, at INFO. */
    static final String MODERATION_LOGGER = "dev.chatsocket.moderation";
    private static final System.Logger MODERATION_LOG = System.getLogger(MODERATION_LOGGER);
    static final String STORE_DOWN = "the message store is unreachable; try again later";
    /** 4003, in the range RFC 6455 §7.4.2 leaves to applications: kicked or banned by a moderator. */
    public static final int REMOVED = 4003;

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
    private final MessageChanges changes;
    private final long graceMillis;
    private final LongSupplier clock;

    /** The people this node lists, by uid: those with a connection here, and those within their grace. */
    private final Map<String, Person> people = new LinkedHashMap<>();
    /** Connections whose join is waiting for the log: counted against the room's limit, not yet delivered to. */
    private final Set<Member> joining = new HashSet<>();
    /**
     * For a connection welcomed with a member list newer than what this node has delivered: the
     * entry its list is as of. The presence events up to there are not sent to it again.
     */
    private final Map<Member, Position> listedUpTo = new HashMap<>();
    private final PendingAcks acks = new PendingAcks();
    /**
     * Whose typing notices this node passed on, and when: at most one a person per the typing
     * interval leaves this node. Bounded by the room's connection limit (an evicted person's next
     * notice only goes through early).
     */
    private final TypingThrottle typingThrottle;
    /**
     * The verified people the log lists in this room, on every node, by uid: their names, which a
     * guest may not take. Set from each welcome's member list and kept by the presence events
     * delivered since; bounded by the room's members across the nodes.
     */
    private final Map<String, String> verifiedNames = new HashMap<>();
    /**
     * Posts and renames are registered and issued to the log under this lock, so that the log
     * appends them in the order {@link #acks} has them. Taken before the room's lock, never while
     * holding it (the memory log delivers from inside a post, which takes the room's lock).
     */
    private final Object issueOrder = new Object();
    /**
     * This node's copy of the room's bans and mutes, which posts and joins are checked against:
     * read from the log when delivery starts, kept since by the moderation entries delivered. It
     * lags the store by the time an entry takes to reach this node.
     */
    private Sanctions sanctions;
    /** The epoch this node serves; {@code null} until a join has read it. */
    private String epoch;
    /** The newest entry delivered here; {@code null} while the room is not being delivered. */
    private Position delivered;
    private long emptySinceMillis;
    private boolean retired;

    /**
     * @param presenceGrace how long a person's last connection may be gone before they leave
     *                      ({@link Duration#ZERO}: at once)
     * @param changes       who may edit and delete which messages, and until when
     * @param clock         epoch milliseconds, for the grace, how long the room has been empty, and the edit window
     */
    public Room(String name, RoomLog log, RoomBackend backend, RoomFrames frames, RoomLimits limits,
                MessageChanges changes, Duration presenceGrace, LongSupplier clock) {
        if (presenceGrace.isNegative()) {
            throw new IllegalArgumentException("the presence grace cannot be negative");
        }
        this.name = name;
        this.log = log;
        this.backend = backend;
        this.frames = frames;
        this.limits = limits;
        this.changes = changes;
        this.graceMillis = presenceGrace.toMillis();
        this.clock = clock;
        this.emptySinceMillis = clock.getAsLong();
        this.typingThrottle = new TypingThrottle(limits.typingInterval().toNanos(), limits.maxRoomMembers());
        this.sanctions = new Sanctions(limits.maxSanctions());
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
     * Adds a connection: it gets {@code welcome} then {@code history} from {@code resume} on, and
     * everyone else a {@code presence} join when it is the person's first connection in the room.
     */
    public Joined join(Member member, Resume resume) {
        synchronized (this) {
            if (retired) {
                return Joined.RETIRED;
            }
            if (connectionCount() + joining.size() >= limits.maxRoomMembers()) {
                return Joined.FULL;
            }
            joining.add(member);
        }
        if (!backend.submit(() -> completeJoin(member, resume))) {
            abandonJoin(member, "too many joins are waiting for the message store; try again later");
        }
        return Joined.JOINED;
    }

    /** On the worker: lists the person in the log, then sends welcome and history and starts delivering to it. */
    private void completeJoin(Member member, Resume resume) {
        String uid = member.uid();
        try {
            JoinReply reply = log.join(new Listed(uid, member.nick(), member.verified()));
            startOrReset(reply.epoch());
            boolean sameEpoch = resume.epoch() == null || resume.epoch().equals(reply.epoch());
            long since = sameEpoch ? resume.since() : 0;

            Position upTo = position();
            long firstRetained = log.firstRetained(upTo.lastMessageId());
            List<Entry> entries = new ArrayList<>(log.range(new Position(since, Long.MAX_VALUE), upTo));
            // The member list is the room as of the newcomer's join entry; what happened after it
            // and this node has delivered already is applied to the list (live delivery covers the rest).
            List<Entry> sinceJoined = new ArrayList<>(log.range(reply.joinedAt(), upTo));
            Sanction banned = null;
            boolean unlistBanned = false;
            while (true) {
                Position now;
                synchronized (this) {
                    if (!joining.contains(member)) {
                        return; // left meanwhile; its leave, queued after this join, unlists the person if need be
                    }
                    now = delivered;
                    if (now.equals(upTo)) {
                        joining.remove(member);
                        // Banned after its handshake was checked, before it got here.
                        banned = binding(Sanction.Kind.BAN, member).orElse(null);
                        if (banned != null) {
                            unlistBanned = !people.containsKey(uid) && !isJoining(uid);
                            noteIfEmpty(clock.getAsLong());
                            break;
                        }
                        Person person = people.computeIfAbsent(uid,
                                u -> new Person(u, listedNick(reply, member), member.verified()));
                        person.connections().add(member);
                        if (reply.joinedAt().isAfter(upTo)) {
                            listedUpTo.put(member, reply.joinedAt());
                        }
                        List<Listed> listed = membersAsOf(reply.members(), reply.joinedAt(), sinceJoined);
                        verifiedNames.clear();
                        listed.stream().filter(Listed::verified).forEach(l -> verifiedNames.put(l.uid(), l.nick()));
                        WebSocketSession session = member.session();
                        session.enqueue(frames.welcome(person.listed(), member.self(), name, listed, epoch));
                        session.enqueue(frames.history(history(entries),
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
            if (banned != null) {
                member.session().close(REMOVED, banned.notice());
                if (unlistBanned) {
                    unlist(uid);
                }
                return;
            }
            member.session().flush();
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "join to room {0} failed: {1}", name, e.getMessage());
            abandonJoin(member, STORE_DOWN);
        }
    }

    /**
     * The nick the log lists the person under: a reconnect (or another tab, or another node) takes
     * the nick the person has, so that coming back is not a rename.
     */
    private static String listedNick(JoinReply reply, Member member) {
        for (Listed listed : reply.members()) {
            if (listed.uid().equals(member.uid())) {
                return listed.nick();
            }
        }
        return member.nick();
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
        // Read after the end: a sanction set by an entry up to it is in the store already, and
        // entries after it are delivered.
        long now = clock.getAsLong();
        List<Sanction> stored = log.sanctions(now);
        List<Member> stale;
        synchronized (this) {
            stale = epoch == null || epoch.equals(currentEpoch) ? List.of() : connections();
            forgetEveryone();
            epoch = currentEpoch;
            delivered = end;
            sanctions = new Sanctions(limits.maxSanctions());
            stored.forEach(sanction -> sanctions.put(sanction, now));
        }
        closeForNewEpoch(stale);
        log.watch(this);
    }

    /** The member list as of {@code listedAt}, with the presence events after it in {@code later} applied. */
    private static List<Listed> membersAsOf(List<Listed> listed, Position listedAt, List<Entry> later) {
        Map<String, Listed> byUid = new LinkedHashMap<>();
        listed.forEach(m -> byUid.put(m.uid(), m));
        for (Entry entry : later) {
            if (entry.position().isAfter(listedAt) && entry instanceof Entry.Presence p) {
                switch (p.event()) {
                    case JOIN -> byUid.putIfAbsent(p.uid(), p.who());
                    case NICK -> byUid.computeIfPresent(p.uid(), (uid, was) -> new Listed(uid, p.nick(), was.verified()));
                    case LEAVE -> byUid.remove(p.uid());
                }
            }
        }
        return new ArrayList<>(byUid.values());
    }

    /**
     * What a {@code history} holds: the messages in their current state and the edits and deletes,
     * so that a resuming client learns of the changes to the messages it has.
     */
    private static List<Entry> history(List<Entry> entries) {
        List<Entry> history = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (entry instanceof Entry.Posted || entry instanceof Entry.Edited || entry instanceof Entry.Deleted) {
                history.add(entry);
            }
        }
        return history;
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
        Map<Member, String> removed = new LinkedHashMap<>();
        List<String> unlisted = new ArrayList<>();
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
                    missedSome = connections();
                }
                delivered = at;
                if (entry instanceof Entry.Posted posted) {
                    ChatMessage message = posted.message();
                    queueAck(message.uid(), posted.ref(), message.id());
                    queueToAll(frames.message(message), toFlush);
                } else if (entry instanceof Entry.Edited edited) {
                    queueAck(edited.uid(), edited.ref(), at.major());
                    queueToAll(frames.edited(edited), toFlush);
                } else if (entry instanceof Entry.Deleted deleted) {
                    queueAck(deleted.by(), deleted.ref(), at.major());
                    queueToAll(frames.deleted(deleted), toFlush);
                } else if (entry instanceof Entry.Presence presence) {
                    Person about = people.get(presence.uid());
                    if (presence.event() == PresenceEvent.NICK && about != null) {
                        about.nick(presence.nick()); // renamed on another node, or from another tab
                    }
                    queuePresence(presence, toFlush);
                } else if (entry instanceof Entry.Moderated moderated) {
                    queueToAll(frames.moderation(moderated.moderation()), toFlush);
                    apply(moderated.moderation(), removed, unlisted);
                } else if (entry instanceof Entry.Unreadable unreadable) {
                    LOG.log(Level.WARNING, "skipping an entry of room {0} this server did not write: {1}",
                            name, unreadable.why());
                }
            }
            Position now = delivered;
            listedUpTo.values().removeIf(listed -> !listed.isAfter(now));
        }
        backend.flush(toFlush);
        for (Member member : missedSome) {
            member.session().close(CloseCodes.SERVICE_RESTART, "messages were missed; reconnect to resume");
        }
        // After the moderation frame queued above: the close goes out behind it.
        removed.forEach((member, reason) -> member.session().close(REMOVED, reason));
        unlisted.forEach(this::unlist);
    }

    /**
     * Under the lock: applies a delivered moderation to this node's copy of the sanctions, and for
     * a kick or a ban takes the person out of the room here, with no grace (their connections are
     * closed and they are unlisted once the lock is released). An admin stays unless an admin did it.
     */
    private void apply(Moderation moderation, Map<Member, String> removed, List<String> unlisted) {
        long now = clock.getAsLong();
        switch (moderation.action()) {
            case BAN, MUTE -> {
                Sanction sanction = moderation.sanction().orElseThrow();
                if (!sanctions.put(sanction, now)) {
                    LOG.log(Level.WARNING, "room {0}: this node''s copy of the sanctions is full; a {1} is enforced "
                            + "at the handshake only", name, sanction.kind().wire());
                }
            }
            case UNBAN, UNMUTE -> sanctions.lift(moderation.kind().orElseThrow(), moderation.uid());
            case KICK -> {
                // Nothing stored: it only removes.
            }
        }
        if (!moderation.removes()) {
            return;
        }
        Person person = people.get(moderation.uid());
        if (person == null || (!moderation.byAdmin() && rolesOf(person).contains(Role.ADMIN))) {
            return;
        }
        people.remove(moderation.uid());
        String reason = !moderation.reason().isEmpty() ? moderation.reason()
                : moderation.action() == ModerationRequest.Action.KICK ? "kicked by a moderator" : "banned by a moderator";
        for (Member member : person.connections()) {
            listedUpTo.remove(member);
            acks.forget(member);
            removed.put(member, reason);
        }
        unlisted.add(moderation.uid());
        noteIfEmpty(now);
    }

    /** The roles a person's connections here came with; none when nobody knows (not connected here). */
    private static Set<Role> rolesOf(Person person) {
        for (Member member : person.connections()) {
            return member.roles();
        }
        return Set.of();
    }

    /** Under the lock: the roles of {@code uid} as far as this node knows them. */
    private Set<Role> rolesHere(String uid) {
        Person person = people.get(uid);
        if (person != null && !person.connections().isEmpty()) {
            return rolesOf(person);
        }
        for (Member member : joining) {
            if (member.uid().equals(uid)) {
                return member.roles();
            }
        }
        return Set.of();
    }

    /** Under the lock: the ban or mute of that kind that binds {@code member} now, from this node's copy. */
    private Optional<Sanction> binding(Sanction.Kind kind, Member member) {
        long now = clock.getAsLong();
        return sanctions.active(kind, member.uid(), now).filter(s -> s.holdsAgainst(member.roles(), now));
    }

    /**
     * A kick, ban, unban, mute or unmute of someone in this room, asked by a member or by the HTTP
     * API: refused {@link ModerationOutcome#FORBIDDEN} unless {@code moderator} may act on the
     * person (as far as this node knows their roles: a person not connected here counts as
     * having none, which binds an admin nowhere; see {@link Sanction#holdsAgainst}) and is not
     * the person itself; otherwise stored and appended by the log, on the backend's worker, and
     * written to the log file as one {@code event=moderation} line. Works on a node where nobody is
     * in the room.
     */
    public CompletionStage<ModerationOutcome> moderate(Moderator moderator, ModerationRequest request) {
        Set<Role> target;
        synchronized (this) {
            target = rolesHere(request.uid());
        }
        if (moderator.uid().equals(request.uid()) || !Authority.mayActOn(moderator.roles(), target)) {
            return CompletableFuture.completedFuture(ModerationOutcome.FORBIDDEN);
        }
        Moderation moderation = Moderation.of(request, moderator, clock.getAsLong());
        CompletableFuture<ModerationOutcome> outcome = new CompletableFuture<>();
        Runnable store = () -> {
            try {
                outcome.complete(log.moderate(moderation, clock.getAsLong()));
            } catch (StoreUnavailableException e) {
                LOG.log(Level.WARNING, "a {0} in room {1} was not stored: {2}", request.action().wire(), name, e.getMessage());
                outcome.complete(ModerationOutcome.UNAVAILABLE);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        };
        if (!backend.submit(store)) {
            outcome.complete(ModerationOutcome.UNAVAILABLE);
        }
        return outcome.thenApply(done -> {
            if (done == ModerationOutcome.DONE) {
                MODERATION_LOG.log(Level.INFO, logLine(moderation));
            }
            return done;
        });
    }

    private String logLine(Moderation moderation) {
        LogLine line = LogLine.event("moderation").with("room", name).with("action", moderation.action().wire())
                .with("uid", moderation.uid()).with("by", moderation.by()).with("admin", moderation.byAdmin())
                .with("reason", moderation.reason());
        if (moderation.action().isTimed()) {
            line.with("duration", moderation.durationSeconds());
        }
        return line.toString();
    }

    /**
     * Whether {@code member} is muted here (this node's copy of the room's mutes): then it is told
     * with an {@code error} {@code muted} for {@code ref}, and what it sent is not stored. Posts
     * ask it; so do edits.
     */
    public boolean refusedAsMuted(Member member, String ref) {
        Optional<Sanction> mute;
        synchronized (this) {
            mute = binding(Sanction.Kind.MUTE, member);
        }
        mute.ifPresent(m -> member.session().send(frames.error("muted", m.notice(), ref)));
        return mute.isPresent();
    }

    /** The ack, to the connection here that sent entry {@code id}, if one did; under the lock, before the entry's broadcast. */
    private void queueAck(String uid, String ref, long id) {
        Member sender = acks.take(uid, ref, id);
        if (sender != null && isConnected(sender)) {
            sender.session().enqueue(frames.ack(ref, id));
        }
    }

    private void queuePresence(Entry.Presence presence, Set<WebSocketSession> toFlush) {
        switch (presence.event()) {
            case JOIN -> {
                if (presence.who().verified()) {
                    verifiedNames.put(presence.uid(), presence.who().nick());
                }
            }
            case NICK -> verifiedNames.replace(presence.uid(), presence.who().nick());
            case LEAVE -> verifiedNames.remove(presence.uid());
        }
        OutboundMessage frame = frames.presence(presence.event(), presence.who());
        // The newcomer itself has the member list in its welcome, as have connections welcomed
        // with a list newer than this entry.
        String newcomer = presence.event() == PresenceEvent.JOIN ? presence.uid() : null;
        for (Person person : people.values()) {
            if (person.uid().equals(newcomer)) {
                continue;
            }
            for (Member member : person.connections()) {
                Position listed = listedUpTo.get(member);
                if (listed == null || presence.position().isAfter(listed)) {
                    member.session().enqueue(frame);
                    toFlush.add(member.session());
                }
            }
        }
    }

    /** Encoded once per form (plain, compressed without context) and shared by every connection. */
    private void queueToAll(OutboundMessage message, Set<WebSocketSession> queued) {
        for (Person person : people.values()) {
            for (Member member : person.connections()) {
                member.session().enqueue(message);
                queued.add(member.session());
            }
        }
    }

    /**
     * Stores a message and sends it to everyone, its sender included; the connection that sent it
     * first gets the ack, and only once the message is stored. A muted sender gets {@code error}
     * {@code muted} and nothing is stored. A message that cannot be stored
     * gets an {@code error} frame instead; one whose (uid, ref) was stored already gets the ack
     * with the first id, and nothing is stored or sent to others.
     */
    public void post(Member sender, String text, String ref) {
        if (refusedAsMuted(sender, ref)) {
            return;
        }
        PendingAcks.Pending pending;
        CompletionStage<PostOutcome> appended;
        String servedEpoch;
        synchronized (issueOrder) {
            String nick;
            synchronized (this) {
                Person person = people.get(sender.uid());
                if (person == null || !person.isConnected(sender)) {
                    if (joining.contains(sender)) {
                        sender.session().send(frames.error("unavailable", "not in the room yet: wait for the welcome", ref));
                    }
                    return;
                }
                servedEpoch = epoch;
                nick = person.nick();
                pending = acks.add(sender, ref);
            }
            try {
                appended = log.post(servedEpoch, sender.uid(), nick, text, ref, clock.getAsLong(), false);
            } catch (StoreUnavailableException e) {
                notStored(sender, ref, pending, e);
                return;
            }
        }
        appended.whenComplete((outcome, failure) -> {
            if (failure != null) {
                notStored(sender, ref, pending, failure);
            } else {
                posted(sender, ref, servedEpoch, pending, outcome);
            }
        });
    }

    private void notStored(Member sender, String ref, PendingAcks.Pending pending, Throwable failure) {
        synchronized (this) {
            acks.remove(pending);
        }
        LOG.log(Level.DEBUG, "a post to room {0} failed: {1}", name, failure.toString());
        sender.session().send(frames.error("unavailable",
                "the message was not stored, the message store is unreachable; send it again with the same ref", ref));
    }

    /**
     * Replaces the text of the sender's own message {@code target}, within the edit window: stored
     * as an entry of its own, sent to everyone as an {@code edit}, acked to the sender's connection
     * like a post. Refused ({@code forbidden}, {@code not-found}, {@code too-late}) with an
     * {@code error} to the sender, as the log decides against the message as it has it.
     */
    public void edit(Member sender, long target, String text, String ref) {
        issue(sender, new MessageChange.Edit(sender.uid(), target, text, ref));
    }

    /**
     * Deletes message {@code target}: the sender's own, or anyone's when the sender is a moderator
     * or an admin, except that only an admin deletes an admin's message ({@link Authority#mayActOn}).
     * The room knows the roles of the people connected to this node only: the author of a message
     * who is not (absent, or on another node) counts as a plain user, so an absent admin's message
     * is deletable by a moderator. Like {@link #edit} otherwise.
     */
    public void delete(Member sender, long target, String ref) {
        Set<Role> roles = roles(sender);
        if (!Authority.mayModerate(roles) || roles.contains(Role.ADMIN)) {
            issue(sender, new MessageChange.Delete(sender.uid(), target, Authority.mayModerate(roles), ref));
            return;
        }
        // A moderator who is not an admin: whether the author is an admin takes reading the message
        // (its author never changes, so reading it before the log decides is safe), on the worker.
        boolean queued = backend.submit(() -> {
            String author;
            try {
                author = authorOf(target);
            } catch (StoreUnavailableException e) {
                sender.session().send(frames.error("unavailable", "the message cannot be read now: " + STORE_DOWN, ref));
                return;
            }
            Set<Role> authors = author == null ? Set.of() : rolesOfConnected(author);
            issue(sender, new MessageChange.Delete(sender.uid(), target, Authority.mayActOn(roles, authors), ref));
        });
        if (!queued) {
            sender.session().send(frames.error("unavailable", "too much is waiting for the message store; try again later", ref));
        }
    }

    /**
     * Deletes message {@code target} with a moderator's power, for {@code by} (an API key's name),
     * whether or not anyone is in the room on this node; on the backend's worker. The outcome is the
     * log's: {@link PostOutcome.Stored} with the delete's id, {@link PostOutcome.Duplicate} for a
     * {@code ref} stored already, {@link PostOutcome.Refused} {@code not-found}; fails with
     * {@link StoreUnavailableException} when the store cannot be reached.
     */
    public CompletionStage<PostOutcome> deleteAs(String by, long target, String ref) {
        CompletableFuture<PostOutcome> result = new CompletableFuture<>();
        boolean queued = backend.submit(() -> {
            try {
                String served;
                synchronized (this) {
                    served = epoch;
                }
                if (served == null) {
                    served = log.storedEpoch().orElse(null);
                }
                if (served == null) {
                    result.complete(new PostOutcome.Refused(MessageChanges.Verdict.NOT_FOUND)); // a room with no history
                    return;
                }
                CompletionStage<PostOutcome> changed;
                synchronized (issueOrder) {
                    changed = log.change(served, new MessageChange.Delete(by, target, true, ref), changes, clock.getAsLong());
                }
                changed.whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(outcome);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e); // StoreUnavailableException, mostly: the caller answers 503
            }
        });
        if (!queued) {
            result.completeExceptionally(new StoreUnavailableException("too much is waiting for the message store", null));
        }
        return result;
    }

    /** The author of message {@code id}, or {@code null} when the log has no such message. Blocking. */
    private String authorOf(long id) {
        List<ChatMessage> found = log.older(id + 1, 1).messages();
        return found.isEmpty() || found.get(0).id() != id ? null : found.get(0).uid();
    }

    private static Set<Role> roles(Member member) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        member.self().roles().forEach(claim -> Role.fromClaim(claim).ifPresent(roles::add));
        return roles;
    }

    /** The roles of a person connected here; none when they are not (unknown: a plain user). */
    private synchronized Set<Role> rolesOfConnected(String uid) {
        Person person = people.get(uid);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (person != null) {
            person.connections().forEach(member -> roles.addAll(roles(member)));
        }
        return roles;
    }

    /** Issues an edit or a delete to the log like a post: in order, the ack with its delivery. */
    private void issue(Member sender, MessageChange change) {
        PendingAcks.Pending pending;
        CompletionStage<PostOutcome> changed;
        String servedEpoch;
        synchronized (issueOrder) {
            synchronized (this) {
                if (!isConnected(sender)) {
                    if (joining.contains(sender)) {
                        sender.session().send(frames.error("unavailable", "not in the room yet: wait for the welcome", change.ref()));
                    }
                    return;
                }
                servedEpoch = epoch;
                pending = acks.add(sender, change.ref());
            }
            try {
                changed = log.change(servedEpoch, change, changes, clock.getAsLong());
            } catch (StoreUnavailableException e) {
                notStored(sender, change.ref(), pending, e);
                return;
            }
        }
        changed.whenComplete((outcome, failure) -> {
            if (failure != null) {
                notStored(sender, change.ref(), pending, failure);
            } else {
                posted(sender, change.ref(), servedEpoch, pending, outcome);
            }
        });
    }

    /** Why each refusal of an edit or a delete was made, for the {@code error} frame's reason. */
    private static String refusalReason(MessageChanges.Verdict verdict) {
        return switch (verdict) {
            case FORBIDDEN -> "only its author edits a message; only its author or a moderator deletes it";
            case NOT_FOUND -> "no such message, or it was deleted";
            case TOO_LATE -> "the time to edit this message has passed";
            case ALLOWED -> throw new IllegalArgumentException("not a refusal");
        };
    }

    /** What the log did with a post, an edit or a delete: when stored, the ack comes with its delivery. */
    private void posted(Member sender, String ref, String servedEpoch, PendingAcks.Pending pending, PostOutcome outcome) {
        if (outcome instanceof PostOutcome.Stored stored) {
            synchronized (this) {
                acks.stored(pending, stored.id());
            }
            return;
        }
        synchronized (this) {
            acks.remove(pending);
        }
        if (outcome instanceof PostOutcome.Duplicate duplicate) {
            sender.session().send(frames.ack(ref, duplicate.id()));
        } else if (outcome instanceof PostOutcome.EpochLost) {
            sender.session().send(frames.error("unavailable", "the room's history was lost; the message was not stored", ref));
            backend.submit(() -> resetIfServing(servedEpoch));
        } else if (outcome instanceof PostOutcome.Refused refused) {
            sender.session().send(frames.error(refused.verdict().errorCode(), refusalReason(refused.verdict()), ref));
        }
    }

    /**
     * Changes a guest's nick, for all their connections. A verified person's nick is their display
     * name and stays ({@code nick-locked}); a guest cannot take the name of a verified person in
     * the room, on any node ({@code nick-taken}, compared ignoring case).
     *
     * @return whether the new nick was taken (it is the person's in this room from now on)
     */
    public boolean rename(Member member, String nick) {
        String refusal = null;
        CompletionStage<Void> renamed = null;
        // Issued like posts: a message sent after a rename is stored after the rename's event.
        synchronized (issueOrder) {
            synchronized (this) {
                Person person = people.get(member.uid());
                if (person == null || !person.isConnected(member) || person.nick().equals(nick)) {
                    return false;
                }
                if (person.verified()) {
                    refusal = "nick-locked";
                } else if (people.values().stream().anyMatch(p -> p.verified() && p.nick().equalsIgnoreCase(nick))
                        || verifiedNames.values().stream().anyMatch(taken -> taken.equalsIgnoreCase(nick))) {
                    refusal = "nick-taken";
                } else {
                    person.nick(nick);
                }
            }
            if (refusal == null) {
                try {
                    renamed = log.rename(member.uid(), nick);
                } catch (StoreUnavailableException e) {
                    renameNotShared(member);
                    return false;
                }
            }
        }
        if ("nick-locked".equals(refusal)) {
            member.session().send(frames.error(refusal,
                    "a signed-in user's name comes from the login or token and cannot be changed", null));
            return false;
        } else if (refusal != null) {
            member.session().send(frames.error(refusal, "that name belongs to a signed-in user in this room", null));
            return false;
        }
        renamed.whenComplete((done, failure) -> {
            if (failure != null) {
                renameNotShared(member);
            }
        });
        return true;
    }

    private void renameNotShared(Member member) {
        member.session().send(frames.error("unavailable", "the new nick could not be shared: " + STORE_DOWN, null));
    }

    /**
     * The member is typing: the others in the room, on every node, are told so (never the
     * person's own connections), at most once a person per the typing interval; nothing is
     * stored or replayed. A connection not welcomed yet, or a muted person, is not heard, and a notice the log cannot
     * pass on now is dropped: the next keystroke brings another.
     */
    public void typing(Member member) {
        String nick;
        synchronized (this) {
            Person person = people.get(member.uid());
            // A muted person's typing would announce messages that never come.
            // On the room's clock, in the throttle's nanoseconds: the unit tests move it by hand.
            if (person == null || !person.isConnected(member) || binding(Sanction.Kind.MUTE, member).isPresent()
                    || !typingThrottle.admit(member.uid(), TimeUnit.MILLISECONDS.toNanos(clock.getAsLong()))) {
                return;
            }
            nick = person.nick();
        }
        try {
            log.typing(member.uid(), nick, limits.typingInterval());
        } catch (StoreUnavailableException e) {
            LOG.log(Level.DEBUG, "a typing notice in room {0} was dropped: {1}", name, e.getMessage());
        }
    }

    /** A typing notice some node passed on: to every connection here but the typist's own. */
    @Override
    public void typing(String uid, String nick) {
        OutboundMessage frame = frames.typing(uid, nick);
        List<WebSocketSession> toFlush = new ArrayList<>();
        synchronized (this) {
            for (Person person : people.values()) {
                if (person.uid().equals(uid)) {
                    continue;
                }
                for (Member member : person.connections()) {
                    member.session().enqueue(frame);
                    toFlush.add(member.session());
                }
            }
        }
        backend.flush(toFlush);
    }

    /**
     * A connection went. The person leaves only when it was their last one and the grace has
     * passed without another ({@link #releaseDeparted}); with no grace, at once.
     */
    public void leave(Member member) {
        String uid = member.uid();
        synchronized (this) {
            boolean wasJoining = joining.remove(member);
            listedUpTo.remove(member);
            acks.forget(member);
            Person person = people.get(uid);
            boolean wasConnected = person != null && person.connections().remove(member);
            if (!wasJoining && !wasConnected) {
                return;
            }
            long now = clock.getAsLong();
            if (person != null) {
                if (!person.connections().isEmpty()) {
                    return;
                }
                if (graceMillis > 0 || isJoining(uid)) {
                    // Another connection on its way in ends the grace when it is welcomed.
                    person.lastConnectionGone(now);
                    return;
                }
                people.remove(uid);
            } else if (isJoining(uid)) {
                return;
            }
            // With no grace, or a connection that went before it was welcomed (the log may have
            // listed the person already: its join is queued before this leave).
            noteIfEmpty(now);
        }
        unlist(uid);
    }

    /**
     * Ends the graces that are over: the people whose last connection here has been gone for the
     * presence grace leave (the log appends the {@code leave} when no other node holds them).
     */
    public void releaseDeparted(long nowMillis) {
        List<String> departed = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Person> it = people.values().iterator(); it.hasNext(); ) {
                Person person = it.next();
                if (person.goneFor(graceMillis, nowMillis) && !isJoining(person.uid())) {
                    it.remove();
                    departed.add(person.uid());
                }
            }
            if (departed.isEmpty()) {
                return;
            }
            noteIfEmpty(nowMillis);
        }
        departed.forEach(this::unlist);
    }

    /** Asks the log, on the worker, to stop listing the person for this node. */
    private void unlist(String uid) {
        // When this cannot run, a shared store forgets the person when this node's hold expires instead.
        backend.submit(() -> {
            try {
                log.leave(uid);
            } catch (StoreUnavailableException e) {
                LOG.log(Level.DEBUG, "leave from room {0} not recorded: {1}", name, e.getMessage());
            }
        });
    }

    private boolean isJoining(String uid) {
        for (Member member : joining) {
            if (member.uid().equals(uid)) {
                return true;
            }
        }
        return false;
    }

    private boolean isConnected(Member member) {
        Person person = people.get(member.uid());
        return person != null && person.isConnected(member);
    }

    /** Every connection here; under the lock. */
    private List<Member> connections() {
        List<Member> all = new ArrayList<>();
        people.values().forEach(p -> all.addAll(p.connections()));
        return all;
    }

    private int connectionCount() {
        int count = 0;
        for (Person person : people.values()) {
            count += person.connections().size();
        }
        return count;
    }

    private void forgetEveryone() {
        people.clear();
        listedUpTo.clear();
        verifiedNames.clear();
        acks.clear();
    }

    /** On the worker: keeps this node's people listed (those within their grace too), and notices a lost history. */
    @Override
    public void heartbeat() {
        String served;
        List<Listed> local;
        synchronized (this) {
            if (epoch == null || people.isEmpty()) {
                return;
            }
            served = epoch;
            local = new ArrayList<>(people.size());
            for (Person person : people.values()) {
                local.add(person.listed());
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
            stale = connections();
            forgetEveryone();
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
        if (people.isEmpty() && joining.isEmpty()) {
            emptySinceMillis = nowMillis;
        }
    }

    /**
     * Retires the room if it has had no one here (nobody connected, nobody within their grace) for
     * the idle time; the registry then forgets it.
     *
     * @return whether the room was retired
     */
    public boolean retireIfIdle(long nowMillis) {
        synchronized (this) {
            if (retired) {
                return true;
            }
            if (!people.isEmpty() || !joining.isEmpty()
                    || nowMillis - emptySinceMillis < limits.roomIdleTtl().toMillis()) {
                return false;
            }
            retired = true;
        }
        log.forget(this);
        return true;
    }

    /** Connections to this node, those still joining included. */
    public synchronized int memberCount() {
        return connectionCount() + joining.size();
    }

    /**
     * Sends {@code member} a {@code page} of up to {@code limit} messages older than {@code before},
     * read on the backend's worker (the log may block). Only a member reads; an {@code error}
     * {@code unavailable} when the log cannot be read.
     */
    public void older(Member member, long before, int limit) {
        synchronized (this) {
            if (!isConnected(member)) {
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

    /**
     * Posts a message with no member behind it: the HTTP API's, by an API key whose name is
     * {@code uid} and {@code nick}, marked as a bot's. Stored and delivered like a member's (to the
     * members on this node as the log delivers it, and on the others through the shared store),
     * on a node where nobody is in the room too: the log's epoch is then read (created for a new
     * room) instead of the one this node serves. Idempotent per {@code (uid, ref)} like
     * {@link #post}. Runs on the backend's worker; an empty room is kept for the idle time from now.
     *
     * @return empty when the registry has retired this room meanwhile (look it up again); else the
     *         outcome, or a {@link StoreUnavailableException} when the store cannot take it
     */
    public Optional<CompletionStage<PostOutcome>> publish(String uid, String nick, String text, String ref) {
        synchronized (this) {
            if (retired) {
                return Optional.empty();
            }
            noteIfEmpty(clock.getAsLong());
        }
        CompletableFuture<PostOutcome> outcome = new CompletableFuture<>();
        Runnable append = () -> {
            try {
                // Read before taking issueOrder: opening may block, and members' posts wait on that lock.
                String stored = servedEpoch() == null ? log.open() : null;
                String served;
                CompletionStage<PostOutcome> appended;
                synchronized (issueOrder) {
                    String serving = servedEpoch();
                    // Neither: the room was reset meanwhile; "" is no epoch, so the log answers EpochLost.
                    served = serving != null ? serving : stored != null ? stored : "";
                    appended = log.post(served, uid, nick, text, ref, clock.getAsLong(), true);
                }
                String posted = served;
                appended.whenComplete((result, failure) -> {
                    if (failure != null) {
                        outcome.completeExceptionally(failure);
                        return;
                    }
                    if (result instanceof PostOutcome.EpochLost) {
                        backend.submit(() -> resetIfServing(posted));
                    }
                    outcome.complete(result);
                });
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        };
        if (!backend.submit(append)) {
            outcome.completeExceptionally(new StoreUnavailableException("too much is waiting for the message store", null));
        }
        return Optional.of(outcome);
    }

    /**
     * Up to {@code limit} messages with ids below {@code before}, oldest first, and whether older
     * ones are kept: the {@link #older} page, for a reader that is not a member (the HTTP API).
     * Read on the backend's worker.
     */
    public CompletionStage<OlderPage> page(long before, int limit) {
        return onWorker(() -> log.older(before, limit));
    }

    /** The people the log lists in this room, on every node. Read on the backend's worker. */
    public CompletionStage<List<Listed>> listed() {
        return onWorker(log::members);
    }

    private synchronized String servedEpoch() {
        return epoch;
    }

    private <T> CompletionStage<T> onWorker(Supplier<T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(read.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (!backend.submit(task)) {
            result.completeExceptionally(new StoreUnavailableException("too much is waiting for the message store", null));
        }
        return result;
    }

    /** The newest {@code count} messages, oldest first. */
    public List<ChatMessage> recent(int count) {
        return log.recent(count);
    }
}
