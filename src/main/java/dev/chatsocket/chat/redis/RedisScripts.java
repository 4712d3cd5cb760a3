package dev.chatsocket.chat.redis;

/**
 * The Lua scripts of the Redis backend. Each runs atomically in Redis, so every step that must not
 * be torn apart is one script: a message's id (INCR), its entry (XADD) and its dedupe key are
 * written together or not at all, and a presence change and its stream event likewise.
 *
 * <p>Stream ids: a message is {@code <id>-0}; a presence event is {@code <newest id>-*} (Redis 7
 * picks the sequence), so it sorts after the message it follows and before the next one. A message
 * append trims by {@code MINID} to the last {@code history size} messages; a presence append trims
 * with {@code MAXLEN ~} to the stream cap (twice the history size), which bounds a room where
 * people come and go without writing.
 */
final class RedisScripts {
    private RedisScripts() {
    }

    private static final String COMMON = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function arrival()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000000 + tonumber(t[2])
            end
            local function presence(stream, seq, cap, event, uid, nick)
              local last = redis.call('GET', seq) or '0'
              return redis.call('XADD', stream, 'MAXLEN', '~', cap, last .. '-*', 't', event, 'uid', uid, 'nick', nick)
            end
            local function prune(members, nicks, alive, stream, seq, cap)
              local dead = redis.call('ZRANGEBYSCORE', alive, '-inf', now_ms())
              for _, uid in ipairs(dead) do
                local nick = redis.call('HGET', nicks, uid) or ''
                redis.call('ZREM', alive, uid)
                redis.call('ZREM', members, uid)
                redis.call('HDEL', nicks, uid)
                presence(stream, seq, cap, 'leave', uid, nick)
              end
            end
            """;

    /**
     * Join. KEYS: epoch, members, nicks, alive, stream, seq. ARGV: a fresh epoch (used when the
     * room has none), uid, nick, presence ttl ms, stream cap. Drops members whose node stopped
     * refreshing them, lists the newcomer, appends its join event. Returns the epoch, the id of the
     * join event (the member list is the room's state at that entry), then uid and nick of every
     * member in order of arrival.
     */
    static final String JOIN = COMMON + """
            redis.call('SET', KEYS[1], ARGV[1], 'NX')
            local epoch = redis.call('GET', KEYS[1])
            prune(KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[5])
            redis.call('ZADD', KEYS[2], arrival(), ARGV[2])
            redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
            redis.call('ZADD', KEYS[4], now_ms() + tonumber(ARGV[4]), ARGV[2])
            local joined = presence(KEYS[5], KEYS[6], ARGV[5], 'join', ARGV[2], ARGV[3])
            local result = {epoch, joined}
            for _, uid in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
              table.insert(result, uid)
              table.insert(result, redis.call('HGET', KEYS[3], uid) or '')
            end
            return result
            """;

    /**
     * Post. KEYS: epoch, seq, stream, archived, and the (uid, ref) key when the message has a ref.
     * ARGV: the epoch the sender's node knows, history size, uid, nick, text, ts, ref, dedupe ttl
     * seconds, and {@code 1} when a database archive reads the stream ({@code 0} otherwise).
     * Returns {@code {'stored', id}}, {@code {'duplicate', id}} when that (uid, ref) was stored
     * already, or {@code {'epoch', current}} when the room's history is not the one the node
     * serves (Redis was flushed or replaced): nothing is written then. With an archive, the trim
     * stops below the archived mark (see {@link RedisArchiver}): an entry leaves the stream only
     * once it is in the archive, and none is trimmed before the mark is first set.
     */
    static final String POST = """
            local current = redis.call('GET', KEYS[1])
            if current ~= ARGV[1] then
              return {'epoch', current or ''}
            end
            if #KEYS == 5 then
              local prior = redis.call('GET', KEYS[5])
              if prior then
                return {'duplicate', prior}
              end
            end
            local id = redis.call('INCR', KEYS[2])
            local minid = math.max(0, id - tonumber(ARGV[2]) + 1)
            if ARGV[9] == '1' then
              minid = math.min(minid, tonumber(redis.call('GET', KEYS[4]) or '0'))
            end
            if #KEYS == 5 then
              redis.call('XADD', KEYS[3], 'MINID', minid, id .. '-0',
                't', 'm', 'uid', ARGV[3], 'nick', ARGV[4], 'text', ARGV[5], 'ts', ARGV[6], 'ref', ARGV[7])
              redis.call('SET', KEYS[5], id, 'EX', ARGV[8])
            else
              redis.call('XADD', KEYS[3], 'MINID', minid, id .. '-0',
                't', 'm', 'uid', ARGV[3], 'nick', ARGV[4], 'text', ARGV[5], 'ts', ARGV[6])
            end
            return {'stored', tostring(id)}
            """;

    /**
     * Rename. KEYS: alive, nicks, stream, seq. ARGV: uid, nick, stream cap. Only a member still
     * listed is renamed (one dropped meanwhile comes back with the next heartbeat).
     */
    static final String NICK = COMMON + """
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
              redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
              presence(KEYS[3], KEYS[4], ARGV[3], 'nick', ARGV[1], ARGV[2])
            end
            return 1
            """;

    /**
     * Leave. KEYS: members, nicks, alive, stream, seq. ARGV: uid, nick, stream cap. The leave event
     * is appended only by whoever removes the member, so it is never sent twice.
     */
    static final String LEAVE = COMMON + """
            if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
              redis.call('HDEL', KEYS[2], ARGV[1])
              redis.call('ZREM', KEYS[3], ARGV[1])
              presence(KEYS[4], KEYS[5], ARGV[3], 'leave', ARGV[1], ARGV[2])
            end
            return 1
            """;

    /**
     * Heartbeat. KEYS: epoch, members, nicks, alive, stream, seq. ARGV: the epoch the node serves,
     * presence ttl ms, stream cap, then uid and nick of each member on the node. Returns the room's
     * epoch; when it is not the node's, nothing is written (the node resets its room). Otherwise
     * the node's members are refreshed (one dropped meanwhile, say while its node could not reach
     * Redis, is listed again with a join event) and expired ones dropped with a leave event.
     */
    static final String HEARTBEAT = COMMON + """
            local epoch = redis.call('GET', KEYS[1])
            if epoch ~= ARGV[1] then
              return epoch or ''
            end
            local expiry = now_ms() + tonumber(ARGV[2])
            for i = 4, #ARGV, 2 do
              if redis.call('ZADD', KEYS[4], expiry, ARGV[i]) == 1 then
                redis.call('ZADD', KEYS[2], arrival(), ARGV[i])
                redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
                presence(KEYS[5], KEYS[6], ARGV[3], 'join', ARGV[i], ARGV[i + 1])
              end
            end
            prune(KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[3])
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
