package dev.chatsocket.chat.room;

/** One entry of a room's log: what every node delivers to its members, in log order. */
public sealed interface Entry {

    Position position();

    /** A stored message; {@code ref} is the sender's reference or {@code null}. */
    record Posted(Position position, ChatMessage message, String ref) implements Entry {
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
     * An entry this server did not write (a shared store may hold anything): skipped, but passed
     * so that delivery moves past it.
     */
    record Unreadable(Position position, String why) implements Entry {
    }
}
