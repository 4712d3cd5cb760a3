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
 */
record RedisKeys(String prefix, String stream, String seq, String epoch, String members, String nicks, String alive) {

    static RedisKeys of(String room) {
        String prefix = "chatsocket:{" + room + "}:";
        return new RedisKeys(prefix, prefix + "stream", prefix + "seq", prefix + "epoch",
                prefix + "members", prefix + "nicks", prefix + "alive");
    }

    /** The key remembering that member {@code uid} already posted {@code ref}, and under which id. */
    String sent(String uid, String ref) {
        return prefix + "sent:" + uid + ":" + ref;
    }
}
