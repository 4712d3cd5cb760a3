package dev.chatsocket.chat.room;

/** One entry of a room's log: what every node delivers to its members, in log order. */
public sealed interface Entry {

    Position position();

    /** A stored message; {@code ref} is the sender's reference or {@code null}. */
    record Posted(Position position, ChatMessage message, String ref) implements Entry {
    }

    /**
     * Message {@code target} got new text, as entry {@code position} (a message id of its own).
     * {@code text} is {@code null} once the target has been deleted since: a delete takes every
     * version of a message's text out of the store. {@code ref} is the editor's reference or {@code null}.
     */
    record Edited(Position position, long target, String uid, String text, long ts, String ref) implements Entry {
    }

    /**
     * Message {@code target} was deleted by {@code by} (its author, a moderator, or an API key), as
     * entry {@code position} (a message id of its own). {@code ref} is the deleter's reference or {@code null}.
     */
    record Deleted(Position position, long target, String by, long ts, String ref) implements Entry {
    }

    /**
     * A person arrived (on their first connection on any node), renamed, or left (their last
     * connection gone for the grace on every node). {@code verified} is meaningful on a join.
     */
    record Presence(Position position, PresenceEvent event, String uid, String nick, boolean verified) implements Entry {
        /** Who the event is about, as the room lists them. */
        public Listed who() {
            return new Listed(uid, nick, verified);
        }
    }

    /**
     * A kick, ban, unban, mute or unmute, at a presence event's place ({@code N-k} after message
     * {@code N}): it takes no message id. Every node applies it to its connections and its copy of
     * the room's sanctions, and sends it to its members.
     */
    record Moderated(Position position, Moderation moderation) implements Entry {
    }

    /**
     * An entry this server did not write (a shared store may hold anything): skipped, but passed
     * so that delivery moves past it.
     */
    record Unreadable(Position position, String why) implements Entry {
    }
}
