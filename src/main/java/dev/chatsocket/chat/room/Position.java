package dev.chatsocket.chat.room;

/**
 * A place in a room's log. Message {@code N} is at {@code N-0}, so that the protocol's per-room
 * message id and the log's order are one and the same; the presence events after message
 * {@code N} are at {@code N-1}, {@code N-2}, …, after it and before message {@code N+1}. (Redis
 * stream entry ids have this very shape, which is why the Redis backend uses them as they are.)
 */
public record Position(long major, long minor) implements Comparable<Position> {
    /** Before every entry. */
    public static final Position ZERO = new Position(0, 0);

    public Position {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("a log position is never negative: " + major + "-" + minor);
        }
    }

    /** The position of message {@code id}. */
    public static Position ofMessage(long id) {
        return new Position(id, 0);
    }

    public boolean isMessage() {
        return minor == 0 && major > 0;
    }

    /** The id of the newest message at or before this position. */
    public long lastMessageId() {
        return major;
    }

    @Override
    public int compareTo(Position other) {
        int byMajor = Long.compare(major, other.major);
        return byMajor != 0 ? byMajor : Long.compare(minor, other.minor);
    }

    public boolean isAfter(Position other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return major + "-" + minor;
    }
}
