package dev.chatsocket.chat;

/**
 * A Redis stream entry id, {@code <ms>-<seq>}, as the Redis backend uses it: a message's entry is
 * {@code <message id>-0}, so that the protocol's per-room message id and the stream's order are
 * one and the same, and a presence event after message N is {@code N-1}, {@code N-2}, ….
 */
record StreamId(long major, long minor) implements Comparable<StreamId> {
    static final StreamId ZERO = new StreamId(0, 0);

    static StreamId parse(String id) {
        int dash = id.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("not a stream id: " + id);
        }
        return new StreamId(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
    }

    /** The entry id of message {@code id}. */
    static StreamId ofMessage(long id) {
        return new StreamId(id, 0);
    }

    boolean isMessage() {
        return minor == 0 && major > 0;
    }

    /** The id of the newest message at or before this entry. */
    long lastMessageId() {
        return major;
    }

    @Override
    public int compareTo(StreamId other) {
        int byMajor = Long.compare(major, other.major);
        return byMajor != 0 ? byMajor : Long.compare(minor, other.minor);
    }

    boolean isAfter(StreamId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return major + "-" + minor;
    }
}
