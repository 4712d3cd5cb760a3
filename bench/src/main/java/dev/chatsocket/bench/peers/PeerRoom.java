package dev.chatsocket.bench.peers;

import jakarta.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room of the peers' chat endpoint. Like chatsocket's room it fixes one order of messages under
 * its lock and sends after releasing it; unlike chatsocket's, each member's copy is encoded by the
 * container (the Jakarta API takes a String per session), which is the ordinary way to write it.
 */
final class PeerRoom {
    private final String name;
    private final Map<String, PeerMember> members = new LinkedHashMap<>();
    private long lastId;

    PeerRoom(String name) {
        this.name = name;
    }

    synchronized void join(PeerMember member) {
        members.put(member.uid(), member);
    }

    synchronized void leave(PeerMember member) {
        members.remove(member.uid());
    }

    void post(PeerMember sender, String text, long nowMillis) {
        List<PeerMember> toSend;
        synchronized (this) {
            String json = Json.createObjectBuilder()
                    .add("type", "message")
                    .add("id", ++lastId)
                    .add("room", name)
                    .add("uid", sender.uid())
                    .add("nick", sender.nick())
                    .add("text", text)
                    .add("ts", nowMillis)
                    .build()
                    .toString();
            toSend = new ArrayList<>(members.size());
            for (PeerMember member : members.values()) {
                member.enqueue(json);
                toSend.add(member);
            }
        }
        for (PeerMember member : toSend) {
            member.pump();
        }
    }
}
