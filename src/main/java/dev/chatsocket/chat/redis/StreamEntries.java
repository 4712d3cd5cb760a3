package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PresenceEvent;
import io.lettuce.core.StreamMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one entry of a room's Redis stream holds, as a log {@link Entry}: a chat message (with the
 * sender's ref, so that the sender's node can ack it) or a presence event. Field {@code t} tells
 * which: {@code m}, or the presence event's name ({@code join}, {@code nick}, {@code leave}); a
 * join's {@code v} is {@code 1} for a verified person (absent: not verified); the scripts in
 * {@link RedisScripts} write them. The entry id is the log position as it is.
 */
final class StreamEntries {
    static final String TYPE = "t";
    static final String MESSAGE = "m";

    private StreamEntries() {
    }

    /** Stream entry ids are {@code <ms>-<seq>}, the shape of a {@link Position}. */
    static Position position(String id) {
        int dash = id.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("not a stream id: " + id);
        }
        return new Position(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
    }

    static List<Entry> readAll(String room, List<StreamMessage<String, String>> messages) {
        List<Entry> entries = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> message : messages) {
            entries.add(read(room, message));
        }
        return entries;
    }

    /** Reads an entry of room {@code room}'s stream; one this server does not write is {@link Entry.Unreadable}. */
    static Entry read(String room, StreamMessage<String, String> message) {
        Position at = position(message.getId());
        try {
            return read(room, at, message.getBody());
        } catch (IllegalArgumentException e) {
            return new Entry.Unreadable(at, e.getMessage());
        }
    }

    /**
     * Reads the fields of the entry at {@code at}.
     *
     * @throws IllegalArgumentException when the entry is not one this server writes
     */
    static Entry read(String room, Position at, Map<String, String> fields) {
        String type = fields.get(TYPE);
        String uid = fields.get("uid");
        String nick = fields.get("nick");
        if (type == null || uid == null || nick == null) {
            throw new IllegalArgumentException("not a chatsocket entry: " + at + " " + fields.keySet());
        }
        if (MESSAGE.equals(type)) {
            String text = fields.get("text");
            String ts = fields.get("ts");
            if (text == null || ts == null || !at.isMessage()) {
                throw new IllegalArgumentException("not a chatsocket message: " + at + " " + fields.keySet());
            }
            return new Entry.Posted(at, new ChatMessage(at.major(), room, uid, nick, text, Long.parseLong(ts)),
                    fields.get("ref"));
        }
        PresenceEvent event = PresenceEvent.ofWireName(type)
                .orElseThrow(() -> new IllegalArgumentException("unknown entry type " + type + " at " + at));
        return new Entry.Presence(at, event, uid, nick, "1".equals(fields.get("v")));
    }
}
