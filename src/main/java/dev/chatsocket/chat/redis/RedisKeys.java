package dev.chatsocket.chat.redis;

/**
 * The Redis keys of one room. All share the hash tag {@code {room}}, so that one room's keys live
 * in one slot and a script may touch them together.
 *
 * @param stream  the room's stream: messages ({@code <id>-0}) and presence events
 * @param seq     the newest message id (INCR)
 * @param epoch   the name of the room's history; created with SET NX, so a flushed Redis gets a new one
 * @param members uid by order of arrival (sorted set, score: Redis time in microseconds)
 * @param nicks   uid → nick (hash)
 * @param alive   uid → when its listing expires unless its node refreshes it (sorted set, score: ms)
 * @param archived with a database archive: every entry below message id {@code <archived>} is in the
 *                 archive, so the stream may be trimmed up to there and no further (written by
 *                 {@link RedisArchiver}, read by the post script)
 */
record RedisKeys(String prefix, String stream, String seq, String epoch, String members, String nicks, String alive,
                 String archived) {
    /**
     * With a database archive: the name of every room whose stream nodes write, so that each
     * node's archiver finds the rooms that have no member on it (a set, one member per room).
     */
    static final String ROOMS = "chatsocket:rooms";

    static RedisKeys of(String room) {
        String prefix = "chatsocket:{" + room + "}:";
        return new RedisKeys(prefix, prefix + "stream", prefix + "seq", prefix + "epoch",
                prefix + "members", prefix + "nicks", prefix + "alive", prefix + "archived");
    }

    /** The key remembering that member {@code uid} already posted {@code ref}, and under which id. */
    String sent(String uid, String ref) {
        return prefix + "sent:" + uid + ":" + ref;
    }
}
