package dev.chatsocket.chat.redis;

/**
 * The Redis keys of one room. All share the hash tag {@code {room}}, so that one room's keys live
 * in one slot and a script may touch them together.
 *
 * @param stream   the room's stream: messages ({@code <id>-0}) and presence events
 * @param seq      the newest message id (INCR)
 * @param epoch    the name of the room's history; created with SET NX, so a flushed Redis gets a new one
 * @param members  the people listed, uid by order of arrival (sorted set, score: Redis time in microseconds)
 * @param nicks    uid → nick (hash)
 * @param verified the uids of listed people who are verified (set)
 * @param holds    {@code "<node> <uid>"} → when that node's hold on the person expires unless the
 *                 node refreshes it (sorted set, score: ms)
 * @param holders  uid → how many nodes hold the person (hash); listed exactly while at least one does
 * @param archived with a database archive: every entry below message id {@code <archived>} is in the
 *                 archive, so the stream may be trimmed up to there and no further (written by
 *                 {@link RedisArchiver}, read by the post script)
 */
record RedisKeys(String prefix, String stream, String seq, String epoch, String members, String nicks,
                 String verified, String holds, String holders, String archived) {
    /**
     * With a database archive: the name of every room whose stream nodes write, so that each
     * node's archiver finds the rooms that have no member on it (a set, one member per room).
     */
    static final String ROOMS = "chatsocket:rooms";

    static RedisKeys of(String room) {
        String prefix = "chatsocket:{" + room + "}:";
        return new RedisKeys(prefix, prefix + "stream", prefix + "seq", prefix + "epoch",
                prefix + "members", prefix + "nicks", prefix + "verified", prefix + "holds", prefix + "holders",
                prefix + "archived");
    }

    /** The keys every presence script takes, in this order (see {@link RedisScripts}). */
    String[] presence() {
        return new String[]{epoch, members, nicks, verified, holds, holders, stream, seq};
    }

    /** The refs {@code uid} posted in this room → the id each was stored as (hash). */
    String refs(String uid) {
        return prefix + "refs:" + uid;
    }

    /** The refs {@code uid} posted in this room → when (sorted set, score: Redis time in ms). */
    String refTimes(String uid) {
        return prefix + "ref-times:" + uid;
    }
}
