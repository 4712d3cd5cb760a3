package dev.chatsocket.chat;

import dev.chatsocket.ws.WebSocketSession;
import dev.chatsocket.ws.OutboundMessage;
import jakarta.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One chat room: its members and its bounded history.
 *
 * <p>Every change happens under the room's lock, and so does queueing the frames it causes: that
 * fixes one order of messages for every member. Writing happens after the lock is released
 * ({@link WebSocketSession#flush()}), so no I/O is ever done under it. A message sent to everyone
 * is encoded once per form and the same bytes queued for each member: once plain, and once
 * compressed for all members whose permessage-deflate has no server context takeover (members
 * with context takeover compress their own stream; see {@link OutboundMessage}).
 *
 * <p>The epoch names this room's history: a room that was forgotten, or a server that restarted,
 * starts a new epoch, so a client resuming from an old one learns that its ids mean nothing here.
 */
final class Room implements ChatRoom {
    private final String name;
    private final String epoch = UUID.randomUUID().toString();
    private final ChatSettings settings;

    private final Map<String, Member> members = new LinkedHashMap<>();
    private final ArrayDeque<Stored> history = new ArrayDeque<>();
    private long lastId;
    private long emptySinceMillis;
    /** Set once the registry has forgotten this room; a join must then find the new one. */
    private boolean retired;

    private record Stored(ChatMessage message, JsonObject json) {
    }

    Room(String name, ChatSettings settings, long nowMillis) {
        this.name = name;
        this.settings = settings;
        this.emptySinceMillis = nowMillis;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String epoch() {
        return epoch;
    }

    /**
     * Adds a member: it gets {@code welcome} then {@code history} from {@code resume} on, and
     * everyone else a {@code presence} join.
     */
    @Override
    public Joined join(Member member, Resume resume) {
        List<WebSocketSession> toFlush;
        synchronized (this) {
            if (retired) {
                return Joined.RETIRED;
            }
            if (members.size() >= settings.maxRoomMembers()) {
                return Joined.FULL;
            }
            members.put(member.uid(), member);
            WebSocketSession session = member.session();
            session.enqueue(OutboundMessage.text(
                    ChatProtocol.welcome(member.uid(), name, member.nick(), members.values(), epoch)));
            session.enqueue(OutboundMessage.text(historyFrom(resume)));
            toFlush = queueToOthers(member, OutboundMessage.text(ChatProtocol.presence("join", member)));
            toFlush.add(session);
        }
        flush(toFlush);
        return Joined.JOINED;
    }

    /** The retained messages after {@code resume}, and whether none of them was dropped. */
    private String historyFrom(Resume resume) {
        boolean sameEpoch = resume.epoch() == null || resume.epoch().equals(epoch);
        long since = sameEpoch ? resume.since() : 0;
        long firstRetained = history.isEmpty() ? lastId + 1 : history.peekFirst().message().id();
        boolean recovered = sameEpoch && (since + 1 >= firstRetained || since >= lastId);
        List<JsonObject> messages = new ArrayList<>();
        for (Stored stored : history) {
            if (stored.message().id() > since) {
                messages.add(stored.json());
            }
        }
        return ChatProtocol.history(messages, recovered);
    }

    /**
     * Stores a message and sends it to everyone, its sender included; the sender first gets the
     * ack, which it only gets once the message is in the history.
     */
    @Override
    public void post(Member sender, String text, String ref, long nowMillis) {
        List<WebSocketSession> toFlush;
        synchronized (this) {
            if (!members.containsKey(sender.uid())) {
                return; // left meanwhile
            }
            ChatMessage message = new ChatMessage(++lastId, name, sender.uid(), sender.nick(), text, nowMillis);
            JsonObject json = ChatProtocol.message(message);
            history.addLast(new Stored(message, json));
            while (history.size() > settings.historySize()) {
                history.removeFirst();
            }
            sender.session().enqueue(OutboundMessage.text(ChatProtocol.ack(ref, message.id())));
            toFlush = queueToAll(OutboundMessage.text(json.toString()));
        }
        flush(toFlush);
    }

    @Override
    public void rename(Member member, String nick) {
        List<WebSocketSession> toFlush;
        synchronized (this) {
            if (!members.containsKey(member.uid()) || member.nick().equals(nick)) {
                return;
            }
            member.nick(nick);
            toFlush = queueToAll(OutboundMessage.text(ChatProtocol.presence("nick", member)));
        }
        flush(toFlush);
    }

    @Override
    public void leave(Member member, long nowMillis) {
        List<WebSocketSession> toFlush;
        synchronized (this) {
            if (members.remove(member.uid()) == null) {
                return;
            }
            if (members.isEmpty()) {
                emptySinceMillis = nowMillis;
            }
            toFlush = queueToAll(OutboundMessage.text(ChatProtocol.presence("leave", member)));
        }
        flush(toFlush);
    }

    /**
     * Retires the room if it has been empty for the idle time; the registry then forgets it.
     *
     * @return whether the room was retired
     */
    @Override
    public synchronized boolean retireIfIdle(long nowMillis) {
        if (members.isEmpty() && nowMillis - emptySinceMillis >= settings.roomIdleTtl().toMillis()) {
            retired = true;
            history.clear();
        }
        return retired;
    }

    @Override
    public synchronized int memberCount() {
        return members.size();
    }

    @Override
    public synchronized List<ChatMessage> recent(int count) {
        List<ChatMessage> recent = new ArrayList<>(Math.min(count, history.size()));
        int skip = Math.max(0, history.size() - count);
        for (Stored stored : history) {
            if (skip-- <= 0) {
                recent.add(stored.message());
            }
        }
        return recent;
    }

    private List<WebSocketSession> queueToAll(OutboundMessage message) {
        return queueToOthers(null, message);
    }

    private List<WebSocketSession> queueToOthers(Member except, OutboundMessage message) {
        List<WebSocketSession> queued = new ArrayList<>(members.size());
        for (Member member : members.values()) {
            if (member != except) {
                member.session().enqueue(message);
                queued.add(member.session());
            }
        }
        return queued;
    }

    private static void flush(List<WebSocketSession> sessions) {
        for (WebSocketSession session : sessions) {
            session.flush();
        }
    }
}
