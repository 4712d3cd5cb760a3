package dev.chatsocket.chat.redis;

/**
 * The Lua scripts of the Redis backend. Each runs atomically in Redis, so every step that must not
 * be torn apart is one script: a message's id (INCR), its entry (XADD) and its dedupe record are
 * written together or not at all, and a presence change and its stream event likewise.
 *
 * <p>Stream ids: a message is {@code <id>-0}; a presence event is {@code <newest id>-*} (Redis 7
 * picks the sequence), so it sorts after the message it follows and before the next one. A message
 * append trims by {@code MINID} to the last {@code history size} messages; a presence append trims
 * with {@code MAXLEN ~} to the stream cap (twice the history size), which bounds a room where
 * people come and go without writing.
 *
 * <p>Presence is per person, held by nodes. Each node that has the person (connected, or within
 * the presence grace) holds them: a member {@code "<node> <uid>"} of the {@code holds} sorted set,
 * scored by when it expires, refreshed by the node's heartbeat. {@code holders} counts the holds
 * per uid, so that "does anybody else hold this person" costs one command. A person is listed
 * ({@code members}, {@code nicks}, {@code verified}) exactly while they have a hold: the script that
 * makes the first hold appends the {@code join}, the script that removes the last one (a node's
 * leave, or a prune of holds whose node stopped refreshing them) appends the {@code leave}; being
 * one script each, no two can both find themselves first or last, so neither event is ever
 * appended twice. Bounds: one hold per (node, person), so at most nodes × people; a prune removes
 * at most {@value #PRUNE_BATCH} expired holds per call, so a script stays short even after many
 * nodes died (the next heartbeat, a third of the presence TTL later, takes the next batch).
 */
final class RedisScripts {
    private RedisScripts() {
    }

    static final int PRUNE_BATCH = 100;

    private static final String TIME = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            """;

    /** KEYS of every presence script: epoch, members, nicks, verified, holds, holders, stream, seq ({@link RedisKeys#presence()}). */
    private static final String PRESENCE = TIME + """
            local K_MEMBERS, K_NICKS, K_VERIFIED = KEYS[2], KEYS[3], KEYS[4]
            local K_HOLDS, K_HOLDERS, K_STREAM, K_SEQ = KEYS[5], KEYS[6], KEYS[7], KEYS[8]
            local function arrival()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000000 + tonumber(t[2])
            end
            -- Appends a presence event after the newest message; a join says whether the person is verified.
            local function presence(cap, event, uid, nick, verified)
              local at = (redis.call('GET', K_SEQ) or '0') .. '-*'
              if verified then
                return redis.call('XADD', K_STREAM, 'MAXLEN', '~', cap, at, 't', event, 'uid', uid, 'nick', nick, 'v', verified)
              end
              return redis.call('XADD', K_STREAM, 'MAXLEN', '~', cap, at, 't', event, 'uid', uid, 'nick', nick)
            end
            -- Takes or refreshes node's hold on uid; lists the person with a join event when nobody
            -- listed them. Returns the join event's id, or false when the person was listed already.
            local function hold(node, uid, nick, verified, expiry, cap)
              if redis.call('ZADD', K_HOLDS, expiry, node .. ' ' .. uid) == 1 then
                redis.call('HINCRBY', K_HOLDERS, uid, 1)
              end
              if redis.call('ZADD', K_MEMBERS, 'NX', arrival(), uid) == 0 then
                return false
              end
              redis.call('HSET', K_NICKS, uid, nick)
              if verified == '1' then
                redis.call('SADD', K_VERIFIED, uid)
              end
              return presence(cap, 'join', uid, nick, verified)
            end
            -- A hold on uid was removed: when it was the last, unlists the person with a leave event.
            local function released(uid, cap)
              if redis.call('HINCRBY', K_HOLDERS, uid, -1) > 0 then
                return
              end
              redis.call('HDEL', K_HOLDERS, uid)
              if redis.call('ZREM', K_MEMBERS, uid) == 1 then
                local nick = redis.call('HGET', K_NICKS, uid) or ''
                redis.call('HDEL', K_NICKS, uid)
                redis.call('SREM', K_VERIFIED, uid)
                presence(cap, 'leave', uid, nick, nil)
              end
            end
            -- Drops holds whose node stopped refreshing them (it died, or lost Redis), a batch at a time.
            local function prune(cap)
              local expired = redis.call('ZRANGEBYSCORE', K_HOLDS, '-inf', now_ms(), 'LIMIT', 0, %d)
              for _, h in ipairs(expired) do
                redis.call('ZREM', K_HOLDS, h)
                released(string.sub(h, string.find(h, ' ', 1, true) + 1), cap)
              end
            end
            """.formatted(PRUNE_BATCH);

    /**
     * Join. KEYS: {@link #PRESENCE}'s. ARGV: a fresh epoch (used when the room has none), node,
     * uid, nick, verified ({@code 1}/{@code 0}), presence ttl ms, stream cap. Drops expired holds,
     * holds the person for the node, appends a join event when nobody listed them. Returns the
     * epoch, the id of the join event (or of the newest entry when none was appended: the member
     * list is the room's state at that entry), then uid, nick and verified of every listed person
     * in order of arrival.
     */
    static final String JOIN = PRESENCE + """
            redis.call('SET', KEYS[1], ARGV[1], 'NX')
            local epoch = redis.call('GET', KEYS[1])
            prune(ARGV[7])
            local at = hold(ARGV[2], ARGV[3], ARGV[4], ARGV[5], now_ms() + tonumber(ARGV[6]), ARGV[7])
            if not at then
              local newest = redis.call('XREVRANGE', K_STREAM, '+', '-', 'COUNT', 1)
              at = newest[1] and newest[1][1] or '0-0'
            end
            local result = {epoch, at}
            for _, uid in ipairs(redis.call('ZRANGE', K_MEMBERS, 0, -1)) do
              table.insert(result, uid)
              table.insert(result, redis.call('HGET', K_NICKS, uid) or '')
              table.insert(result, redis.call('SISMEMBER', K_VERIFIED, uid) == 1 and '1' or '0')
            end
            return result
            """;

    /**
     * Post. KEYS: epoch, seq, stream, archived, and when the message has a ref the sender's refs
     * (hash: ref → id) and ref times (sorted set: ref → Redis ms). ARGV: the epoch the sender's
     * node knows, history size, uid, nick, text, ts, ref, dedupe window ms, refs kept per person,
     * and {@code 1} when a database archive reads the stream ({@code 0} otherwise). Returns
     * {@code {'stored', id}}, {@code {'duplicate', id}} when that (uid, ref) was stored within the
     * window, or {@code {'epoch', current}} when the room's history is not the one the node
     * serves (Redis was flushed or replaced): nothing is written then. The refs forget entries
     * older than the window, and beyond the count the oldest; both keys expire after a window
     * without posts, so a person who left holds nothing. With an archive, the trim stops below the
     * archived mark (see {@link RedisArchiver}): an entry leaves the stream only once it is in the
     * archive, and none is trimmed before the mark is first set.
     */
    static final String POST = TIME + """
            local current = redis.call('GET', KEYS[1])
            if current ~= ARGV[1] then
              return {'epoch', current or ''}
            end
            local deduped = #KEYS == 6
            local now = now_ms()
            if deduped then
              local horizon = now - tonumber(ARGV[8])
              local old = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', horizon)
              if #old > 0 then
                redis.call('HDEL', KEYS[5], unpack(old))
                redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', horizon)
              end
              local prior = redis.call('HGET', KEYS[5], ARGV[7])
              if prior then
                return {'duplicate', prior}
              end
            end
            local id = redis.call('INCR', KEYS[2])
            local minid = math.max(0, id - tonumber(ARGV[2]) + 1)
            if ARGV[10] == '1' then
              minid = math.min(minid, tonumber(redis.call('GET', KEYS[4]) or '0'))
            end
            if deduped then
              redis.call('XADD', KEYS[3], 'MINID', minid, id .. '-0',
                't', 'm', 'uid', ARGV[3], 'nick', ARGV[4], 'text', ARGV[5], 'ts', ARGV[6], 'ref', ARGV[7])
              redis.call('HSET', KEYS[5], ARGV[7], id)
              redis.call('ZADD', KEYS[6], now, ARGV[7])
              local over = redis.call('ZCARD', KEYS[6]) - tonumber(ARGV[9])
              if over > 0 then
                redis.call('HDEL', KEYS[5], unpack(redis.call('ZRANGE', KEYS[6], 0, over - 1)))
                redis.call('ZREMRANGEBYRANK', KEYS[6], 0, over - 1)
              end
              redis.call('PEXPIRE', KEYS[5], ARGV[8])
              redis.call('PEXPIRE', KEYS[6], ARGV[8])
            else
              redis.call('XADD', KEYS[3], 'MINID', minid, id .. '-0',
                't', 'm', 'uid', ARGV[3], 'nick', ARGV[4], 'text', ARGV[5], 'ts', ARGV[6])
            end
            return {'stored', tostring(id)}
            """;

    /**
     * Rename. KEYS: {@link #PRESENCE}'s. ARGV: uid, nick, stream cap. Only a person still listed is
     * renamed (one dropped meanwhile comes back with the next heartbeat).
     */
    static final String NICK = PRESENCE + """
            if redis.call('ZSCORE', K_MEMBERS, ARGV[1]) then
              redis.call('HSET', K_NICKS, ARGV[1], ARGV[2])
              presence(ARGV[3], 'nick', ARGV[1], ARGV[2], nil)
            end
            return 1
            """;

    /**
     * Leave. KEYS: {@link #PRESENCE}'s. ARGV: node, uid, stream cap. Releases the node's hold; the
     * leave event is appended only by whoever removes the last hold, so it is never sent twice,
     * and not while another node still holds the person.
     */
    static final String LEAVE = PRESENCE + """
            if redis.call('ZREM', K_HOLDS, ARGV[1] .. ' ' .. ARGV[2]) == 1 then
              released(ARGV[2], ARGV[3])
            end
            return 1
            """;

    /**
     * Heartbeat. KEYS: {@link #PRESENCE}'s. ARGV: the epoch the node serves, node, presence ttl ms,
     * stream cap, then uid, nick and verified of each person the node holds. Returns the room's
     * epoch; when it is not the node's, nothing is written (the node resets its room). Otherwise
     * the node's holds are refreshed (a person dropped meanwhile, say while the node could not
     * reach Redis, is listed again with a join event) and expired holds dropped.
     */
    static final String HEARTBEAT = PRESENCE + """
            local epoch = redis.call('GET', KEYS[1])
            if epoch ~= ARGV[1] then
              return epoch or ''
            end
            local expiry = now_ms() + tonumber(ARGV[3])
            for i = 5, #ARGV, 3 do
              hold(ARGV[2], ARGV[i], ARGV[i + 1], ARGV[i + 2], expiry, ARGV[4])
            end
            prune(ARGV[4])
            return epoch
            """;

    /**
     * Seed, with a database archive, before a node's join to a room whose Redis history is new
     * (no epoch: a new room, or a flushed or replaced Redis). KEYS: epoch, seq, stream. ARGV: the
     * epoch and the last id the archive holds for the room, the archive's group. Takes them only
     * when the room still has no epoch, so two nodes seeding at once both write the same values
     * from the same archive or the second does nothing; the sequence never goes down. Creates the
     * archive's group at the stream's start, and an empty stream's last id is set to the last
     * message id, so that the first presence event is {@code <last>-1}, not {@code <last>-0},
     * which is a message's place. Returns the room's epoch.
     */
    static final String SEED = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
              local seq = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), tonumber(ARGV[2]))
              redis.call('SET', KEYS[2], seq)
              pcall(redis.call, 'XGROUP', 'CREATE', KEYS[3], ARGV[3], '0', 'MKSTREAM')
              if seq > 0 and redis.call('XLEN', KEYS[3]) == 0 then
                pcall(redis.call, 'XSETID', KEYS[3], seq .. '-0')
              end
            end
            return redis.call('GET', KEYS[1])
            """;

    /**
     * Archived mark, after an archiver acknowledged entries. KEYS: stream, archived. ARGV: the
     * archive's group, the stream cap, and how long a consumer of the group may be idle, with
     * nothing pending, before it is removed (ms; its node is gone or restarted under a new name).
     * The mark is the message id below which every entry was delivered to the group and
     * acknowledged: the oldest pending entry's, or with none pending the last delivered one's.
     * It only grows. Then, when the stream is longer than the cap (presence events: the presence
     * scripts trim nothing when an archive reads the stream), it is trimmed to the cap, but never
     * past the mark. Returns {mark, entries not yet acknowledged (pending, and not yet delivered)},
     * or {-1, 0} when the group does not exist.
     */
    static final String ARCHIVED = """
            local ok, groups = pcall(redis.call, 'XINFO', 'GROUPS', KEYS[1])
            if not ok then
              return {-1, 0}
            end
            for _, g in ipairs(groups) do
              local f = {}
              for i = 1, #g, 2 do f[g[i]] = g[i + 1] end
              if f['name'] == ARGV[1] then
                local floor = f['last-delivered-id']
                if f['pending'] > 0 then
                  floor = redis.call('XPENDING', KEYS[1], ARGV[1])[2]
                end
                local mark = tonumber(string.match(floor, '^(%d+)'))
                local prior = tonumber(redis.call('GET', KEYS[2]) or '0')
                if mark > prior then
                  redis.call('SET', KEYS[2], mark)
                else
                  mark = prior
                end
                local cap = tonumber(ARGV[2])
                if redis.call('XLEN', KEYS[1]) > cap then
                  local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', cap)
                  local oldestKept = newest[#newest][1]
                  local major = tonumber(string.match(oldestKept, '^(%d+)'))
                  if major >= mark then
                    redis.call('XTRIM', KEYS[1], 'MINID', mark .. '-0')
                  else
                    redis.call('XTRIM', KEYS[1], 'MINID', oldestKept)
                  end
                end
                local idle = tonumber(ARGV[3])
                if idle > 0 then
                  for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
                    local cf = {}
                    for i = 1, #c, 2 do cf[c[i]] = c[i + 1] end
                    if cf['pending'] == 0 and cf['idle'] > idle then
                      redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], cf['name'])
                    end
                  end
                end
                local lag = tonumber(f['lag']) or 0
                return {mark, f['pending'] + lag}
              end
            end
            return {-1, 0}
            """;
}
