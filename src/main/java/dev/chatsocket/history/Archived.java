package dev.chatsocket.history;

/**
 * An entry that another part already numbered (the Redis stream in cluster mode), for
 * {@link HistoryStore#archive}. A message comes as it was posted; its edits and deletes are entries
 * of their own.
 */
public record Archived(String room, Entry entry) {
    public Archived {
        Values.require("room", room, Values.ROOM_LENGTH);
        Values.positive("id", entry.id());
        if (entry instanceof Message m) {
            if (m.deleted() || m.edited().isPresent()) {
                throw new IllegalArgumentException("archive message " + m.id() + " as posted: its edits and deletes are entries of their own");
            }
            Values.require("uid", m.uid(), Values.UID_LENGTH);
            Values.require("nick", m.nick(), Values.NICK_LENGTH);
            Values.require("text", m.text(), Values.TEXT_LENGTH);
        } else if (entry instanceof Edit e) {
            Values.require("uid", e.uid(), Values.UID_LENGTH);
            Values.require("text", e.text(), Values.TEXT_LENGTH);
        } else if (entry instanceof Deletion d) {
            Values.require("by", d.by(), Values.UID_LENGTH);
        }
    }
}
