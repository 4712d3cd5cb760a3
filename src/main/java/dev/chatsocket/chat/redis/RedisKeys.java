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
 * @param gone     the entries a delete took out of the stream (the message and its edits), without
 *                 their text, so that reads show the message deleted in its place and see no gap
 *                 (sorted set, score: the entry's message id; member: {@link Packed} id, field, value, …)
 * @param edits    the current text of each message in the stream that was edited, and the ids of
 *                 its edits (sorted set, score: the message id; member: {@link Packed} text, ts, edit id, …)
 * @param late     deletes of messages the stream no longer had (allowed against the archive), until
 *                 the delete leaves the stream: target id → the delete's id (sorted set)
 * @param window   the ids of the newest {@code history size} messages (list), so that the stream is
 *                 trimmed to that many messages whatever the edits and deletes between them
 */
record RedisKeys(String prefix, String stream, String seq, String epoch, String members, String nicks,
                 String verified, String holds, String holders, String archived, String gone, String edits,
                 String late, String window) {
    /**
     * With a database archive: the name of every room whose stream nodes write, so that each
     * node's archiver finds the rooms that have no member on it (a set, one member per room).
     */
    static final String ROOMS = "chatsocket:rooms";

    static RedisKeys of(String room) {
        String prefix = "chatsocket:{" + room + "}:";
        return new RedisKeys(prefix, prefix + "stream", prefix + "seq", prefix + "epoch",
                prefix + "members", prefix + "nicks", prefix + "verified", prefix + "holds", prefix + "holders",
                prefix + "archived", prefix + "gone", prefix + "edits", prefix + "late",
                prefix + "window");
    }

    /** The keys every presence script takes, in this order (see {@link RedisScripts}). */
    String[] presence() {
        return new String[]{epoch, members, nicks, verified, holds, holders, stream, seq, gone, edits, late};
    }

    /** The keys the post and change scripts take, in this order, with the sender's refs when {@code ref} is set. */
    String[] append(String uid, String ref) {
        return ref == null
                ? new String[]{epoch, seq, stream, archived, gone, edits, late, window}
                : new String[]{epoch, seq, stream, archived, gone, edits, late, window, refs(uid), refTimes(uid)};
    }

    /**
     * There while a typing notice of {@code uid} in this room was passed on within the typing
     * interval (a string that expires after it).
     */
    String typing(String uid) {
        return prefix + "typing:" + uid;
    }

    /** The pub/sub channel of the room's typing notices: not a key, nothing is stored under it. */
    String typingChannel() {
        return prefix + "typing";
    }

    /**
     * The room's bans and mutes ({@link SanctionFields}, hash): at most the room's cap of live
     * ones; ended ones are dropped when the cap is reached, and read as gone meanwhile.
     */
    String sanctions() {
        return prefix + "sanctions";
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
