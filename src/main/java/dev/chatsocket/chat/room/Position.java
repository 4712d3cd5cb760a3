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

    /*
     * equals and hashCode are written out, not generated: on Java 17 a record's generated equals
     * goes through java.lang.runtime.ObjectMethods, whose shared static method handle keeps the
     * last record class it was adapted to (MethodHandle.asTypeCache), and with it that class's
     * class loader. A redeployed application would stay in memory (StockJettyIT and StockTomcatIT
     * count the class loaders after a redeploy). Positions are compared on every join.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Position p && p.major == major && p.minor == minor;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(major) * 31 + Long.hashCode(minor);
    }

    @Override
    public String toString() {
        return major + "-" + minor;
    }
}
