package dev.chatsocket.chat;

import dev.chatsocket.ws.OutboundMessage;
import dev.chatsocket.ws.WebSocketSession;
import dev.chatsocket.ws.CloseCodes;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import jakarta.json.JsonObject;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One room on this node when rooms live in Redis: the room's members connected here, and how far
 * this node has delivered the room's stream.
 *
 * <p>Nothing is sent to a member from anywhere but the stream, so all nodes send the same frames
 * in the same order: a post is appended by a script and then delivered, to everyone here, by the
 * node's {@link StreamReader}; the sender's node sends the ack just before the message, so the
 * ack comes only once the message is stored and before its broadcast, as with the in-memory room.
 * Presence events travel in the same stream (see {@link RedisScripts}), so they keep their place
 * among the messages on every node and a Redis blink loses none.
 *
 * <p>A join reads the history up to exactly the entry this node has delivered, under the room's
 * lock: entries before it come in the history, entries after it live, none twice and none missed.
 * The member list in its welcome is the room as of that same entry: Redis lists the members as of
 * the newcomer's join entry, and the presence events between the two are applied to it (or, when
 * the node has not delivered the join entry yet, the events up to it are not sent to the newcomer).
 * Joins and leaves run on the backend's worker, in order; frames are queued under the lock and
 * written after it, as in {@link Room}.
 *
 * <p>The epoch is Redis's: when it changes (Redis was flushed or replaced), the ids this node's
 * members hold mean nothing any more, so they are closed with 1012 and come back with
 * {@code recovered: false}.
 */
final class RedisRoom implements ChatRoom {
    private static final System.Logger LOG = System.getLogger(RedisRoom.class.getName());
    static final String STORE_DOWN = "the message store is unreachable; try again later";

    private final String name;
    private final RedisKeys keys;
    private final RedisRooms store;
    private final ChatSettings settings;

    private final Map<String, Member> members = new LinkedHashMap<>();
    /** Members whose join is waiting for Redis: counted against the room's limit, not yet delivered to. */
    private final Set<String> joining = new HashSet<>();
    /**
     * For a member welcomed before this node delivered its own join entry: that entry. Its member
     * list already reflects the presence events up to there, so they are not sent to it again.
     */
    private final Map<String, StreamId> listedUpTo = new HashMap<>();
    /** The epoch this node serves; {@code null} until a join has read it. */
    private String epoch;
    /** The newest stream entry delivered here; {@code null} while the room is not being delivered. */
    private StreamId delivered;
    private long emptySinceMillis;
    private boolean retired;

    RedisRoom(String name, RedisKeys keys, RedisRooms store, ChatSettings settings, long nowMillis) {
        this.name = name;
        this.keys = keys;
        this.store = store;
        this.settings = settings;
        this.emptySinceMillis = nowMillis;
    }

    @Override
    public String name() {
        return name;
    }

    RedisKeys keys() {
        return keys;
    }

    @Override
    public String epoch() {
        synchronized (this) {
            if (epoch != null) {
                return epoch;
            }
        }
        return store.storedEpoch(name).orElse("");
    }

    /** Where the reader continues this room's stream; {@code null} while it is not delivered. */
    synchronized StreamId position() {
        return delivered;
    }

    @Override
    public Joined join(Member member, Resume resume) {
        synchronized (this) {
            if (retired) {
                return Joined.RETIRED;
            }
            if (members.size() + joining.size() >= settings.maxRoomMembers()) {
                return Joined.FULL;
            }
            joining.add(member.uid());
        }
        if (!store.submit(() -> completeJoin(member, resume))) {
            abandonJoin(member, "too many joins are waiting for the message store; try again later");
        }
        return Joined.JOINED;
    }

    /** On the worker: lists the member in Redis, then sends welcome and history and starts delivering to it. */
    private void completeJoin(Member member, Resume resume) {
        String uid = member.uid();
        try {
            RedisRooms.JoinReply reply = store.join(keys, uid, member.nick());
            startOrReset(reply.epoch());
            boolean sameEpoch = resume.epoch() == null || resume.epoch().equals(reply.epoch());
            long since = sameEpoch ? resume.since() : 0;

            StreamId upTo = position();
            long firstRetained = store.firstRetained(keys, upTo.lastMessageId());
            List<StreamMessage<String, String>> entries =
                    new ArrayList<>(store.range(keys, new StreamId(since, Long.MAX_VALUE), upTo));
            // The member list is the room as of the newcomer's join entry; what happened after it
            // and this node has delivered already is applied to the list (live delivery covers the rest).
            List<StreamMessage<String, String>> sinceJoined = new ArrayList<>(store.range(keys, reply.joinedAt(), upTo));
            while (true) {
                StreamId now;
                synchronized (this) {
                    if (!joining.contains(uid)) {
                        return; // left meanwhile; its leave, queued after this join, unlists it
                    }
                    now = delivered;
                    if (now.equals(upTo)) {
                        joining.remove(uid);
                        members.put(uid, member);
                        if (reply.joinedAt().isAfter(upTo)) {
                            listedUpTo.put(uid, reply.joinedAt());
                        }
                        WebSocketSession session = member.session();
                        session.enqueue(OutboundMessage.text(ChatProtocol.welcome(uid, name, member.nick(),
                                membersAsOf(reply.members(), reply.joinedAt(), sinceJoined), epoch)));
                        session.enqueue(OutboundMessage.text(ChatProtocol.history(messages(entries),
                                HistoryWindow.recovered(sameEpoch, since, upTo.lastMessageId(), firstRetained))));
                        break;
                    }
                }
                // The reader delivered more meanwhile: those entries belong to the history too.
                List<StreamMessage<String, String>> more = store.range(keys, upTo, now);
                entries.addAll(more);
                sinceJoined.addAll(more);
                upTo = now;
            }
            member.session().flush();
        } catch (RedisException e) {
            LOG.log(Level.WARNING, "join to room {0} failed: {1}", name, e.toString());
            abandonJoin(member, STORE_DOWN);
        }
    }

    /**
     * Starts delivering the room from the stream's current end the first time, or again after the
     * epoch changed; in that case this node's members are closed (their ids belong to the old epoch).
     */
    private void startOrReset(String currentEpoch) {
        synchronized (this) {
            if (delivered != null && currentEpoch.equals(epoch)) {
                return;
            }
        }
        StreamId end = store.streamEnd(keys);
        List<Member> stale;
        synchronized (this) {
            stale = epoch == null || epoch.equals(currentEpoch) ? List.of() : new ArrayList<>(members.values());
            members.clear();
            listedUpTo.clear();
            epoch = currentEpoch;
            delivered = end;
        }
        closeForNewEpoch(stale);
        store.watch(this);
    }

    /** The member list as of {@code listedAt}, with the presence events after it in {@code later} applied. */
    private List<Member> membersAsOf(List<Member> listed, StreamId listedAt, List<StreamMessage<String, String>> later) {
        Map<String, String> nicks = new LinkedHashMap<>();
        listed.forEach(m -> nicks.put(m.uid(), m.nick()));
        for (StreamMessage<String, String> entry : later) {
            StreamId id = StreamId.parse(entry.getId());
            if (id.isAfter(listedAt) && !id.isMessage()
                    && StreamEntry.read(name, id, entry.getBody()) instanceof StreamEntry.Presence p) {
                switch (p.event()) {
                    case "join" -> nicks.putIfAbsent(p.uid(), p.nick());
                    case "nick" -> nicks.replace(p.uid(), p.nick());
                    default -> nicks.remove(p.uid());
                }
            }
        }
        List<Member> members = new ArrayList<>(nicks.size());
        nicks.forEach((uid, nick) -> members.add(new Member(uid, nick, null)));
        return members;
    }

    private List<JsonObject> messages(List<StreamMessage<String, String>> entries) {
        List<JsonObject> messages = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> entry : entries) {
            StreamId id = StreamId.parse(entry.getId());
            if (id.isMessage() && StreamEntry.read(name, id, entry.getBody()) instanceof StreamEntry.Posted posted) {
                messages.add(ChatProtocol.message(posted.message()));
            }
        }
        return messages;
    }

    private void abandonJoin(Member member, String reason) {
        synchronized (this) {
            joining.remove(member.uid());
            noteIfEmpty(System.currentTimeMillis());
        }
        member.session().sendText(ChatProtocol.error("unavailable", reason, null));
        member.session().close(CloseCodes.TRY_AGAIN_LATER, "try again later");
    }

    /** On the reader's thread: sends this node's members the entries they have not had yet. */
    void deliver(List<StreamMessage<String, String>> entries) {
        Set<WebSocketSession> toFlush = new LinkedHashSet<>();
        synchronized (this) {
            if (delivered == null) {
                return;
            }
            for (StreamMessage<String, String> entry : entries) {
                StreamId id = StreamId.parse(entry.getId());
                if (!id.isAfter(delivered)) {
                    continue;
                }
                delivered = id;
                StreamEntry read;
                try {
                    read = StreamEntry.read(name, id, entry.getBody());
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "skipping an entry of room {0} this server did not write: {1}", name, e.getMessage());
                    continue;
                }
                if (read instanceof StreamEntry.Posted posted) {
                    Member sender = members.get(posted.message().uid());
                    if (sender != null) {
                        sender.session().enqueue(OutboundMessage.text(ChatProtocol.ack(posted.ref(), id.major())));
                    }
                    queueToAll(OutboundMessage.text(ChatProtocol.message(posted.message()).toString()), toFlush);
                } else if (read instanceof StreamEntry.Presence presence) {
                    OutboundMessage frame = OutboundMessage.text(
                            ChatProtocol.presence(presence.event(), new Member(presence.uid(), presence.nick(), null)));
                    // The newcomer itself has the member list in its welcome, as have members
                    // welcomed with a list newer than this entry.
                    String newcomer = "join".equals(presence.event()) ? presence.uid() : null;
                    for (Member member : members.values()) {
                        StreamId listed = listedUpTo.get(member.uid());
                        if (!member.uid().equals(newcomer) && (listed == null || id.isAfter(listed))) {
                            member.session().enqueue(frame);
                            toFlush.add(member.session());
                        }
                    }
                }
            }
            StreamId now = delivered;
            listedUpTo.values().removeIf(listed -> !listed.isAfter(now));
        }
        toFlush.forEach(WebSocketSession::flush);
    }

    /** Encoded once per form (plain, compressed without context) and shared by every member. */
    private void queueToAll(OutboundMessage message, Set<WebSocketSession> queued) {
        for (Member member : members.values()) {
            member.session().enqueue(message);
            queued.add(member.session());
        }
    }

    @Override
    public void post(Member sender, String text, String ref, long nowMillis) {
        String servedEpoch;
        String nick;
        synchronized (this) {
            if (!members.containsKey(sender.uid())) {
                if (joining.contains(sender.uid())) {
                    sender.session().sendText(ChatProtocol.error("unavailable", "not in the room yet: wait for the welcome", ref));
                }
                return;
            }
            servedEpoch = epoch;
            nick = sender.nick();
        }
        try {
            store.post(keys, servedEpoch, sender.uid(), nick, text, ref, nowMillis)
                    .whenComplete((reply, failure) -> posted(sender, ref, servedEpoch, reply, failure));
        } catch (RedisException e) {
            posted(sender, ref, servedEpoch, null, e);
        }
    }

    /** The post script's answer: nothing to do when stored (the reader acks it as it delivers it). */
    private void posted(Member sender, String ref, String servedEpoch, List<String> reply, Throwable failure) {
        if (failure != null) {
            LOG.log(Level.DEBUG, "a post to room {0} failed: {1}", name, failure.toString());
            sender.session().sendText(ChatProtocol.error("unavailable",
                    "the message was not stored, the message store is unreachable; send it again with the same ref", ref));
            return;
        }
        switch (reply.get(0)) {
            case "stored" -> {
            }
            case "duplicate" -> sender.session().sendText(ChatProtocol.ack(ref, Long.parseLong(reply.get(1))));
            case "epoch" -> {
                sender.session().sendText(ChatProtocol.error("unavailable",
                        "the room's history was lost; the message was not stored", ref));
                store.submit(() -> resetIfServing(servedEpoch));
            }
            default -> throw new IllegalStateException("unexpected post reply " + reply);
        }
    }

    @Override
    public void rename(Member member, String nick) {
        synchronized (this) {
            if (!members.containsKey(member.uid()) || member.nick().equals(nick)) {
                return;
            }
            member.nick(nick);
        }
        // Issued like posts, from the same thread on the same connection: a message sent after a
        // rename is stored after the rename's event.
        store.rename(keys, member.uid(), nick).whenComplete((done, failure) -> {
            if (failure != null) {
                member.session().sendText(ChatProtocol.error("unavailable", "the new nick could not be shared: " + STORE_DOWN, null));
            }
        });
    }

    @Override
    public void leave(Member member, long nowMillis) {
        String nick;
        synchronized (this) {
            boolean wasMember = members.remove(member.uid()) != null;
            listedUpTo.remove(member.uid());
            boolean wasJoining = joining.remove(member.uid());
            if (!wasMember && !wasJoining) {
                return;
            }
            noteIfEmpty(nowMillis);
            nick = member.nick();
        }
        // When this cannot run, the member's listing expires with its presence ttl instead.
        store.submit(() -> {
            try {
                store.leave(keys, member.uid(), nick);
            } catch (RedisException e) {
                LOG.log(Level.DEBUG, "leave from room {0} not recorded: {1}", name, e.toString());
            }
        });
    }

    /** On the worker: keeps this node's members listed, and notices a lost history. */
    void heartbeat() {
        String served;
        List<Member> local;
        synchronized (this) {
            if (epoch == null || members.isEmpty()) {
                return;
            }
            served = epoch;
            local = new ArrayList<>(members.size());
            for (Member member : members.values()) {
                local.add(new Member(member.uid(), member.nick(), null));
            }
        }
        try {
            if (!store.heartbeat(keys, served, local).equals(served)) {
                resetIfServing(served);
            }
        } catch (RedisException e) {
            LOG.log(Level.DEBUG, "presence heartbeat of room {0} failed: {1}", name, e.toString());
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
            noteIfEmpty(System.currentTimeMillis());
        }
        store.forget(this);
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

    @Override
    public boolean retireIfIdle(long nowMillis) {
        synchronized (this) {
            if (retired) {
                return true;
            }
            if (!members.isEmpty() || !joining.isEmpty()
                    || nowMillis - emptySinceMillis < settings.roomIdleTtl().toMillis()) {
                return false;
            }
            retired = true;
        }
        store.forget(this);
        return true;
    }

    @Override
    public synchronized int memberCount() {
        return members.size() + joining.size();
    }

    @Override
    public List<ChatMessage> recent(int count) {
        return store.recent(keys, name, count);
    }
}
