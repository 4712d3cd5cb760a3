package dev.chatsocket.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one entry of a room's Redis stream holds: a chat message (with the sender's ref, so that
 * the sender's node can ack it) or a presence event. Field {@code t} tells which: {@code m}, or the
 * presence event's name ({@code join}, {@code nick}, {@code leave}). Pure mapping, no Redis.
 */
sealed interface StreamEntry {

    String TYPE = "t";
    String MESSAGE = "m";

    /** A stored message; {@code ref} is the sender's reference or {@code null}. */
    record Posted(ChatMessage message, String ref) implements StreamEntry {
    }

    /** A member arrived, renamed or left. */
    record Presence(String event, String uid, String nick) implements StreamEntry {
    }

    /** The fields the post script stores for a message (the id is the entry's id, not a field). */
    static Map<String, String> fields(String uid, String nick, String text, long ts, String ref) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(TYPE, MESSAGE);
        fields.put("uid", uid);
        fields.put("nick", nick);
        fields.put("text", text);
        fields.put("ts", Long.toString(ts));
        if (ref != null) {
            fields.put("ref", ref);
        }
        return fields;
    }

    /**
     * Reads an entry of room {@code room}'s stream.
     *
     * @throws IllegalArgumentException when the entry is not one this server writes
     */
    static StreamEntry read(String room, StreamId id, Map<String, String> fields) {
        String type = fields.get(TYPE);
        String uid = fields.get("uid");
        String nick = fields.get("nick");
        if (type == null || uid == null || nick == null) {
            throw new IllegalArgumentException("not a chatsocket entry: " + id + " " + fields.keySet());
        }
        if (MESSAGE.equals(type)) {
            String text = fields.get("text");
            String ts = fields.get("ts");
            if (text == null || ts == null || !id.isMessage()) {
                throw new IllegalArgumentException("not a chatsocket message: " + id + " " + fields.keySet());
            }
            return new Posted(new ChatMessage(id.major(), room, uid, nick, text, Long.parseLong(ts)), fields.get("ref"));
        }
        return switch (type) {
            case "join", "nick", "leave" -> new Presence(type, uid, nick);
            default -> throw new IllegalArgumentException("unknown entry type " + type + " at " + id);
        };
    }
}
