package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.Moderation;
import dev.chatsocket.chat.room.Entry;
import dev.chatsocket.chat.room.Position;
import dev.chatsocket.chat.room.PresenceEvent;
import io.lettuce.core.StreamMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one entry of a room's Redis stream holds, as a log {@link Entry}: a chat message (with the
 * sender's ref, so that the sender's node can ack it), an edit or a delete of one, or a presence
 * event. Field {@code t} tells which: {@code m}, {@code e}, {@code d}, {@code mod} for a moderation, or the presence event's
 * name ({@code join}, {@code nick}, {@code leave}); a join's {@code v} is {@code 1} for a verified
 * person (absent: not verified), a message's {@code b} is {@code 1} for one an API key posted; the scripts in {@link RedisScripts} write them. The entry id is
 * the log position as it is.
 *
 * <p>A delete takes its message and the message's edits out of the stream and keeps them without
 * their text in the room's {@link RedisKeys#gone() gone} set, each as a {@link Packed} list (its
 * id, then field, value, …): {@link #readGone} reads them back as the deleted message
 * ({@code deleted}, no text) and text-less edits, in their places.
 */
final class StreamEntries {
    static final String TYPE = "t";
    static final String MESSAGE = "m";
    /** A moderation: {@code a} the action, {@code uid}, {@code by}, {@code ba} by an admin, {@code reason}, {@code d}, {@code until}. */
    static final String MODERATION = "mod";
    static final String EDIT = "e";
    static final String DELETE = "d";

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
        if (MODERATION.equals(type)) {
            return moderation(at, fields);
        }
        String uid = fields.get("uid");
        if (type == null || uid == null) {
            throw new IllegalArgumentException("not a chatsocket entry: " + at + " " + fields.keySet());
        }
        if (EDIT.equals(type) || DELETE.equals(type)) {
            return readChange(at, type, uid, fields);
        }
        String nick = fields.get("nick");
        if (nick == null) {
            throw new IllegalArgumentException("not a chatsocket entry: " + at + " " + fields.keySet());
        }
        if (MESSAGE.equals(type)) {
            String text = fields.get("text");
            String ts = fields.get("ts");
            if (text == null || ts == null || !at.isMessage()) {
                throw new IllegalArgumentException("not a chatsocket message: " + at + " " + fields.keySet());
            }
            return new Entry.Posted(at, new ChatMessage(at.major(), room, uid, nick, text, Long.parseLong(ts),
                    0, false, "1".equals(fields.get("b"))), fields.get("ref"));
        }
        PresenceEvent event = PresenceEvent.ofWireName(type)
                .orElseThrow(() -> new IllegalArgumentException("unknown entry type " + type + " at " + at));
        return new Entry.Presence(at, event, uid, nick, "1".equals(fields.get("v")));
    }

    private static Entry moderation(Position at, Map<String, String> fields) {
        String action = fields.get("a");
        String uid = fields.get("uid");
        String by = fields.get("by");
        String reason = fields.get("reason");
        String duration = fields.get("d");
        String until = fields.get("until");
        if (action == null || uid == null || by == null || reason == null || duration == null || until == null
                || at.isMessage()) {
            throw new IllegalArgumentException("not a chatsocket moderation: " + at + " " + fields.keySet());
        }
        for (ModerationRequest.Action known : ModerationRequest.Action.values()) {
            if (known.wire().equals(action)) {
                return new Entry.Moderated(at, new Moderation(known, uid, by, "1".equals(fields.get("ba")), reason,
                        Long.parseLong(duration), Long.parseLong(until)));
            }
        }
        throw new IllegalArgumentException("unknown moderation " + action + " at " + at);
    }

    private static Entry readChange(Position at, String type, String uid, Map<String, String> fields) {
        String target = fields.get("target");
        String ts = fields.get("ts");
        if (target == null || ts == null || !at.isMessage() || EDIT.equals(type) && !fields.containsKey("text")) {
            throw new IllegalArgumentException("not a chatsocket " + (EDIT.equals(type) ? "edit: " : "delete: ")
                    + at + " " + fields.keySet());
        }
        return EDIT.equals(type)
                ? new Entry.Edited(at, Long.parseLong(target), uid, fields.get("text"), Long.parseLong(ts), fields.get("ref"))
                : new Entry.Deleted(at, Long.parseLong(target), uid, Long.parseLong(ts), fields.get("ref"));
    }

    /**
     * Reads a member of the room's {@code gone} set ({@link Packed}: its id, then its fields
     * without text): the message as deleted (no text; {@code edited} as it was), or an edit of it
     * without its text.
     *
     * @throws IllegalArgumentException when it is not one the scripts write
     */
    static Entry readGone(String room, String packed) {
        List<String> items = Packed.unpack(packed);
        if (items.size() % 2 != 1) {
            throw new IllegalArgumentException("not a deleted entry: " + packed);
        }
        return readGone(room, position(items.get(0)), fieldsOf(items.subList(1, items.size())));
    }

    /** The deleted entry at {@code at} from its fields without text. */
    static Entry readGone(String room, Position at, Map<String, String> fields) {
        Map<String, String> withText = new LinkedHashMap<>(fields);
        withText.put("text", "");
        Entry entry = read(room, at, withText);
        if (entry instanceof Entry.Posted posted) {
            ChatMessage m = posted.message();
            String edited = fields.get("edited");
            return new Entry.Posted(at, new ChatMessage(m.id(), m.room(), m.uid(), m.nick(), null, m.ts(),
                    edited == null ? 0 : Long.parseLong(edited), true, m.bot()), posted.ref());
        }
        if (entry instanceof Entry.Edited edit) {
            return new Entry.Edited(at, edit.target(), edit.uid(), null, edit.ts(), edit.ref());
        }
        throw new IllegalArgumentException("only messages and edits are deleted: " + at + " " + fields.keySet());
    }

    /**
     * The entries a delete entry ({@code d}) took out of the stream, from its {@code was} (the
     * message's fields without text) and {@code edits} (each edit as a {@code gone} member)
     * fields: the message, deleted, then its edits without text; none when the message was older
     * than the stream. For the archive, which may never have read them.
     */
    static List<Entry> erasedBy(String room, Entry.Deleted deleted, Map<String, String> fields) {
        List<Entry> erased = new ArrayList<>();
        String was = fields.get("was");
        if (was != null) {
            erased.add(readGone(room, Position.ofMessage(deleted.target()), fieldsOf(Packed.unpack(was))));
        }
        String edits = fields.get("edits");
        if (edits != null) {
            for (String edit : Packed.unpack(edits)) {
                erased.add(readGone(room, edit));
            }
        }
        return erased;
    }

    private static Map<String, String> fieldsOf(List<String> flat) {
        if (flat.size() % 2 != 0) {
            throw new IllegalArgumentException("fields come in pairs: " + flat);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(flat.get(i), flat.get(i + 1));
        }
        return fields;
    }

    /**
     * Reads an entry as a script returned it ({@code [id, [field, value, …]]}); one this server
     * does not write is {@link Entry.Unreadable}.
     */
    static Entry read(String room, List<?> idAndFields) {
        Position at = position((String) idAndFields.get(0));
        List<?> flat = (List<?>) idAndFields.get(1);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        try {
            return read(room, at, fields);
        } catch (IllegalArgumentException e) {
            return new Entry.Unreadable(at, e.getMessage());
        }
    }

    /**
     * A member of the room's {@link RedisKeys#edits() edits} set ({@link Packed}: the text, when it
     * was edited, then the id of each edit): the message's current text.
     */
    static StreamView.CurrentText currentText(String packed) {
        List<String> items = Packed.unpack(packed);
        if (items.size() < 3) {
            throw new IllegalArgumentException("not a current text: " + packed);
        }
        return new StreamView.CurrentText(items.get(0), Long.parseLong(items.get(1)));
    }
}
