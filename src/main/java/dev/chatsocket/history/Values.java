package dev.chatsocket.history;

/**
 * The checks every string bound for the store passes before it is queued: a bad value is refused
 * at the call, never inside a group commit, where it would fail every message of the batch.
 * The lengths are the schema's column sizes (db/migration); PostgreSQL cannot store U+0000 in text.
 */
final class Values {
    static final int ROOM_LENGTH = 128;
    static final int UID_LENGTH = 255;
    static final int NICK_LENGTH = 128;
    static final int REF_LENGTH = 128;
    /** H2's limit for a CHARACTER VARYING without a length. */
    static final int TEXT_LENGTH = 1_000_000;

    private Values() {
    }

    static String require(String name, String value, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return optional(name, value, maxLength);
    }

    static String optional(String name, String value, int maxLength) {
        if (value != null && (value.length() > maxLength || value.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException(name + " must be at most " + maxLength + " characters, without U+0000");
        }
        return value;
    }

    static long positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return value;
    }
}
