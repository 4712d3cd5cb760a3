package dev.chatsocket.chat.redis;

/**
 * The Lua scripts of the Redis backend. Each runs atomically in Redis, so every step that must not
 * be torn apart is one script: a message's id (INCR), its entry (XADD) and its dedupe record are
 * written together or not at all, and a presence change and its stream event likewise.
 *
 * <p>Stream ids: a message, an edit and a delete are {@code <id>-0} (one sequence); a presence
 * event is {@code <newest id>-*} (Redis 7 picks the sequence), so it sorts after the message it
 * follows and before the next one. A message append trims by {@code MINID} to the last
 * {@code history size} messages; an edit or delete append to that too and to the stream cap; a
 * presence append trims with {@code MAXLEN ~} to the stream cap (twice the history size, at least
 * 100), which bounds a room where people come and go without writing.
 *
 * <p>Edits and deletes ({@link #CHANGE}): Redis cannot rewrite a stream entry, so a delete takes
 * the message and its edits out of the stream (XDEL) and keeps them, without text, in the room's
 * {@code gone} set, from which every read fills their places (a room never sees a gap where a
 * message was deleted, nor any text of it). A message's current text is in {@code edits}. Both
 * sets, and {@code late}, are trimmed with the stream, by every script that trims it, so they
 * never hold more than the stream's window has places for.
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

    /**
     * What every script that trims the stream, or changes a message, shares: the records of
     * {@link RedisKeys#gone()}, {@link RedisKeys#edits()} and {@link RedisKeys#late()} follow the
     * stream's trim, so that they hold nothing the stream's window does not.
     */
    private static final String CHANGES = """
            -- The lowest message id a stream whose oldest entry is <id> still has a place for.
            local function floor_of(id)
              local major, minor = string.match(id, '^(%d+)-(%d+)$')
              if tonumber(minor) > 0 then
                return tonumber(major) + 1
              end
              return tonumber(major)
            end
            -- Forgets the deleted entries, edits and late deletes of messages below floor (trimmed).
            local function trim_changes(k_gone, k_edits, k_late, floor)
              local below = '(' .. string.format('%d', floor)
              redis.call('ZREMRANGEBYSCORE', k_gone, '-inf', below)
              redis.call('ZREMRANGEBYSCORE', k_edits, '-inf', below)
              redis.call('ZREMRANGEBYSCORE', k_late, '-inf', below)
            end
            -- A list of strings as one, each as <byte length>:<bytes> (read back by Packed).
            local function pack(list)
              local out = {}
              for _, v in ipairs(list) do
                table.insert(out, #v .. ':' .. v)
              end
              return table.concat(out)
            end
            local function unpack_list(s)
              local list, i = {}, 1
              while i <= #s do
                local colon = string.find(s, ':', i, true)
                local n = tonumber(string.sub(s, i, colon - 1))
                table.insert(list, string.sub(s, colon + 1, colon + n))
                i = colon + n + 1
              end
              return list
            end
            -- A stream entry's flat field list as a table.
            local function fields(flat)
              local f = {}
              for i = 1, #flat, 2 do f[flat[i]] = flat[i + 1] end
              return f
            end
            -- Message n as the room has it now: 'live' (in the stream), 'deleted', 'absent' (not in
            -- Redis: never posted, or trimmed), or 'other' (n is not a message: an edit or a delete);
            -- with its author, when it was posted, and its stream fields when live.
            local function target_state(k_stream, k_gone, k_late, n)
              local e = redis.call('XRANGE', k_stream, n .. '-0', n .. '-0')[1]
              if e then
                local f = fields(e[2])
                if f['t'] == 'm' then
                  return 'live', f['uid'], f['ts'], e[2]
                end
                return 'other'
              end
              local tomb = redis.call('ZRANGEBYSCORE', k_gone, n, n, 'LIMIT', 0, 1)[1]
              if tomb then
                local flat = unpack_list(tomb)
                table.remove(flat, 1)
                local f = fields(flat)
                if f['t'] == 'm' then
                  return 'deleted', f['uid'], f['ts']
                end
                return 'other'
              end
              if redis.call('ZSCORE', k_late, n) then
                return 'deleted'
              end
              return 'absent'
            end
            """;

    /**
     * KEYS of every presence script: epoch, members, nicks, verified, holds, holders, stream, seq,
     * gone, edits, late ({@link RedisKeys#presence()}).
     */
    private static final String PRESENCE = TIME + CHANGES + """
            local K_MEMBERS, K_NICKS, K_VERIFIED = KEYS[2], KEYS[3], KEYS[4]
            local K_HOLDS, K_HOLDERS, K_STREAM, K_SEQ = KEYS[5], KEYS[6], KEYS[7], KEYS[8]
            local K_GONE, K_EDITS, K_LATE = KEYS[9], KEYS[10], KEYS[11]
            local function arrival()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000000 + tonumber(t[2])
            end
            -- Appends a presence event after the newest message; a join says whether the person is verified.
            -- When the append trimmed the stream, the records of changes below its new start go too.
            local function presence(cap, event, uid, nick, verified)
              local at = (redis.call('GET', K_SEQ) or '0') .. '-*'
              local first = redis.call('XRANGE', K_STREAM, '-', '+', 'COUNT', 1)[1]
              local id
              if verified then
                id = redis.call('XADD', K_STREAM, 'MAXLEN', '~', cap, at, 't', event, 'uid', uid, 'nick', nick, 'v', verified)
              else
                id = redis.call('XADD', K_STREAM, 'MAXLEN', '~', cap, at, 't', event, 'uid', uid, 'nick', nick)
              end
              if first then
                local now = redis.call('XRANGE', K_STREAM, '-', '+', 'COUNT', 1)[1]
                if now[1] ~= first[1] then
                  trim_changes(K_GONE, K_EDITS, K_LATE, floor_of(now[1]))
                end
              end
              return id
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
     * What the post and change scripts share. KEYS: epoch, seq, stream, archived, gone, edits,
     * late, window, and with a ref the sender's refs and ref times. {@code dedupe} forgets the
     * sender's refs older than the window and answers {@code {'duplicate', id}} for a ref it has;
     * otherwise the refs are in play ({@code {}}), or {@code nil} without a ref. {@code append}
     * takes the next id and appends the entry there. It trims the stream to the last
     * {@code history size} messages (the ids in {@code window}; edits, deletes and presence events
     * take ids or places but are not messages), and with the {@code cap} set (edits and deletes:
     * they do not move the messages' window) to the last {@code cap} entries; with an archive,
     * never past the archived mark, and the archiver trims to the cap. The records of changes
     * follow the trim. Then it notes the ref. Returns the id and the lowest message id the
     * stream still has a place for.
     */
    private static final String APPEND = """
            local K_EPOCH, K_SEQ, K_STREAM, K_ARCHIVED = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
            local K_GONE, K_EDITS, K_LATE, K_WINDOW = KEYS[5], KEYS[6], KEYS[7], KEYS[8]
            local K_REFS, K_REF_TIMES = KEYS[9], KEYS[10]
            local function dedupe(ref, window)
              if not K_REFS then
                return nil
              end
              local horizon = now_ms() - tonumber(window)
              local old = redis.call('ZRANGEBYSCORE', K_REF_TIMES, '-inf', horizon)
              if #old > 0 then
                redis.call('HDEL', K_REFS, unpack(old))
                redis.call('ZREMRANGEBYSCORE', K_REF_TIMES, '-inf', horizon)
              end
              local prior = redis.call('HGET', K_REFS, ref)
              if prior then
                return {'duplicate', prior}
              end
              return {}
            end
            local function append(entry, message, history, archived, cap, ref, per_person, window)
              local id = redis.call('INCR', K_SEQ)
              if message then
                redis.call('RPUSH', K_WINDOW, id)
                redis.call('LTRIM', K_WINDOW, -tonumber(history), -1)
              end
              local minid = 0
              if redis.call('LLEN', K_WINDOW) >= tonumber(history) then
                minid = tonumber(redis.call('LINDEX', K_WINDOW, 0))
              end
              if archived == '1' then
                minid = math.min(minid, tonumber(redis.call('GET', K_ARCHIVED) or '0'))
              end
              if ref then
                table.insert(entry, 'ref')
                table.insert(entry, ref)
              end
              redis.call('XADD', K_STREAM, 'MINID', minid, string.format('%d-0', id), unpack(entry))
              local floor = minid
              if cap and archived ~= '1' and redis.call('XLEN', K_STREAM) > tonumber(cap) then
                local kept = redis.call('XREVRANGE', K_STREAM, '+', '-', 'COUNT', cap)
                local oldest = kept[#kept][1]
                redis.call('XTRIM', K_STREAM, 'MINID', oldest)
                floor = math.max(floor, floor_of(oldest))
              end
              trim_changes(K_GONE, K_EDITS, K_LATE, floor)
              if ref then
                redis.call('HSET', K_REFS, ref, id)
                redis.call('ZADD', K_REF_TIMES, now_ms(), ref)
                local over = redis.call('ZCARD', K_REF_TIMES) - per_person
                if over > 0 then
                  redis.call('HDEL', K_REFS, unpack(redis.call('ZRANGE', K_REF_TIMES, 0, over - 1)))
                  redis.call('ZREMRANGEBYRANK', K_REF_TIMES, 0, over - 1)
                end
                redis.call('PEXPIRE', K_REFS, window)
                redis.call('PEXPIRE', K_REF_TIMES, window)
              end
              return id, floor
            end
            """;

    /**
     * Facts about message {@code ARGV[1]} for the rules of {@link dev.chatsocket.chat.moderation.MessageChanges}
     * (decided in Java, not here). KEYS: stream, gone, late. Returns {state, author, posted ms}
     * (see {@code target_state}; author and time empty when unknown).
     */
    static final String FACTS = CHANGES + """
            local state, author, posted = target_state(KEYS[1], KEYS[2], KEYS[3], ARGV[1])
            return {state, author or '', posted or ''}
            """;

    /**
     * Edit or delete. KEYS: {@link #APPEND}'s. ARGV: the epoch the node serves, history size,
     * kind ({@code e} edit, {@code d} delete), uid, target id, new text (edits), ts, ref, dedupe
     * window ms, refs kept per person, archive flag ({@code 1}/{@code 0}), the target's state as
     * the node saw it when it decided ({@code <state>:<author>} from {@link #FACTS}), and the
     * node's verdict: empty when allowed, else the refusal's name ({@code MessageChanges.Verdict}),
     * and the stream cap.
     *
     * <p>The rules are Java's ({@link dev.chatsocket.chat.moderation.MessageChanges}); this script
     * only makes the decision atomic with the append: after the epoch and the ref (a resent ref is
     * a {@code duplicate} whatever became of the target), it answers {@code {'moved'}} when the
     * target is no longer as the node saw it (deleted meanwhile, say), so that the node decides
     * again, and {@code {'refused', verdict}} for the node's refusal. Otherwise it appends the entry
     * with the next id. An edit of a message in the stream also becomes its current text in
     * {@code edits}. A delete of a message in the stream takes its text out of Redis: the message
     * and each of its edits are deleted from the stream (XDEL) and kept text-less in {@code gone},
     * scored by their ids, so that reads fill their places; the delete entry carries them
     * ({@code was}: the message's fields, {@code edits}: its edits) for the archive, which may
     * never have read them. A delete of a message older than the stream (allowed against the
     * archive) is noted in {@code late} until the delete itself leaves the stream, by then archived.
     */
    static final String CHANGE = TIME + CHANGES + APPEND + """
            local current = redis.call('GET', K_EPOCH)
            if current ~= ARGV[1] then
              return {'epoch', current or ''}
            end
            local refs = dedupe(ARGV[8], ARGV[9])
            if refs and refs[1] == 'duplicate' then
              return refs
            end
            local target = ARGV[5]
            local state, author, posted, found = target_state(K_STREAM, K_GONE, K_LATE, target)
            if state .. ':' .. (author or '') ~= ARGV[12] then
              return {'moved', ''}
            end
            if ARGV[13] ~= '' then
              return {'refused', ARGV[13]}
            end
            local function without_text(flat)
              local kept = {}
              for i = 1, #flat, 2 do
                if flat[i] ~= 'text' then
                  table.insert(kept, flat[i])
                  table.insert(kept, flat[i + 1])
                end
              end
              return kept
            end
            local entry = {'t', ARGV[3], 'uid', ARGV[4], 'target', target, 'ts', ARGV[7]}
            -- The message's current text: {text, edited ts, id of each edit...}
            local prior = redis.call('ZRANGEBYSCORE', K_EDITS, target, target, 'LIMIT', 0, 1)[1]
            local edited = prior and unpack_list(prior) or {}
            if ARGV[3] == 'e' then
              table.insert(entry, 'text')
              table.insert(entry, ARGV[6])
            elseif state == 'live' then
              local was = without_text(found)
              local erased = {}
              if prior then
                table.insert(was, 'edited')
                table.insert(was, edited[2])
              end
              for i = 3, #edited do
                local eid = edited[i] .. '-0'
                local edit = redis.call('XRANGE', K_STREAM, eid, eid)[1]
                if edit then
                  local tomb = pack({eid, unpack(without_text(edit[2]))})
                  table.insert(erased, tomb)
                  redis.call('ZADD', K_GONE, edited[i], tomb)
                  redis.call('XDEL', K_STREAM, eid)
                end
              end
              redis.call('ZREMRANGEBYSCORE', K_EDITS, target, target)
              redis.call('ZADD', K_GONE, target, pack({target .. '-0', unpack(was)}))
              redis.call('XDEL', K_STREAM, target .. '-0')
              table.insert(entry, 'was')
              table.insert(entry, pack(was))
              if #erased > 0 then
                table.insert(entry, 'edits')
                table.insert(entry, pack(erased))
              end
            end
            local id, floor = append(entry, false, ARGV[2], ARGV[11], ARGV[14], refs and ARGV[8], tonumber(ARGV[10]), ARGV[9])
            if ARGV[3] == 'e' and state == 'live' and tonumber(target) >= floor then
              local latest = {ARGV[6], ARGV[7]}
              for i = 3, #edited do
                table.insert(latest, edited[i])
              end
              table.insert(latest, string.format('%d', id))
              redis.call('ZREMRANGEBYSCORE', K_EDITS, target, target)
              redis.call('ZADD', K_EDITS, target, pack(latest))
            elseif ARGV[3] == 'd' and state ~= 'live' then
              redis.call('ZADD', K_LATE, id, target)
            end
            return {'stored', tostring(id)}
            """;

    /**
     * Read of the stream with what it needs to show messages in their current state, as of one
     * moment. KEYS: stream, gone, edits. ARGV: {@code asc} ({@code XRANGE}) or {@code desc}
     * ({@code XREVRANGE}), the two bounds as the command takes them, a count ({@code 0}: none),
     * and the lowest and highest message id whose deleted entries and edits to take. When the
     * count cut the read short, the ids beyond its last entry are left out. Returns {entries,
     * deleted entries, current texts} (both as {@link Packed} lists).
     */
    static final String READ = CHANGES + """
            local entries
            if ARGV[1] == 'asc' then
              if ARGV[4] == '0' then
                entries = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[3])
              else
                entries = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[3], 'COUNT', ARGV[4])
              end
            elseif ARGV[4] == '0' then
              entries = redis.call('XREVRANGE', KEYS[1], ARGV[2], ARGV[3])
            else
              entries = redis.call('XREVRANGE', KEYS[1], ARGV[2], ARGV[3], 'COUNT', ARGV[4])
            end
            local low, high = ARGV[5], ARGV[6]
            if ARGV[4] ~= '0' and #entries == tonumber(ARGV[4]) then
              local last = entries[#entries][1]
              if ARGV[1] == 'asc' then
                high = string.match(last, '^(%d+)')
              else
                low = string.format('%d', floor_of(last))
              end
            end
            local gone = redis.call('ZRANGEBYSCORE', KEYS[2], low, high)
            local edits = redis.call('ZRANGEBYSCORE', KEYS[3], low, high, 'WITHSCORES')
            return {entries, gone, edits}
            """;

    /**
     * Post. KEYS: {@link #APPEND}'s: epoch, seq, stream, archived, gone, edits, late, window, and
     * when the message has a ref the sender's refs (hash: ref → id) and ref times (sorted set:
     * ref → Redis ms). ARGV: the epoch the sender's
     * node knows, history size, uid, nick, text, ts, ref, dedupe window ms, refs kept per person,
     * {@code 1} when a database archive reads the stream ({@code 0} otherwise), and {@code 1} for a
     * message an API key posted (written as field {@code b}; absent for a member's). Returns
     * {@code {'stored', id}}, {@code {'duplicate', id}} when that (uid, ref) was stored within the
     * window, or {@code {'epoch', current}} when the room's history is not the one the node
     * serves (Redis was flushed or replaced): nothing is written then. The refs forget entries
     * older than the window, and beyond the count the oldest; both keys expire after a window
     * without posts, so a person who left holds nothing. With an archive, the trim stops below the
     * archived mark (see {@link RedisArchiver}): an entry leaves the stream only once it is in the
     * archive, and none is trimmed before the mark is first set.
     */
    static final String POST = TIME + CHANGES + APPEND + """
            local current = redis.call('GET', KEYS[1])
            if current ~= ARGV[1] then
              return {'epoch', current or ''}
            end
            local refs = dedupe(ARGV[7], ARGV[8])
            if refs and refs[1] == 'duplicate' then
              return refs
            end
            local entry = {'t', 'm', 'uid', ARGV[3], 'nick', ARGV[4], 'text', ARGV[5], 'ts', ARGV[6]}
            if ARGV[11] == '1' then
              table.insert(entry, 'b')
              table.insert(entry, '1')
            end
            local id = append(entry, true, ARGV[2], ARGV[10], nil, refs and ARGV[7], tonumber(ARGV[9]), ARGV[8])
            return {'stored', tostring(id)}
            """;

    /**
     * Open, for a post with no member on this node (the HTTP API's). KEYS: epoch. ARGV: a fresh
     * epoch, used when the room has none (as {@link #JOIN} does). Returns the room's epoch.
     */
    static final String OPEN = """
            redis.call('SET', KEYS[1], ARGV[1], 'NX')
            return redis.call('GET', KEYS[1])
            """;

    /**
     * Listed. KEYS: {@link #PRESENCE}'s. Returns uid, nick and verified ({@code 1}/{@code 0}) of
     * every listed person, in order of arrival, read at one instant.
     */
    static final String LISTED = """
            local result = {}
            for _, uid in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
              table.insert(result, uid)
              table.insert(result, redis.call('HGET', KEYS[3], uid) or '')
              table.insert(result, redis.call('SISMEMBER', KEYS[4], uid) == 1 and '1' or '0')
            end
            return result
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
     * Moderation. KEYS: sanctions, stream, seq, members. ARGV: action ({@code kick}, {@code ban},
     * {@code unban}, {@code mute}, {@code unmute}), uid, the sanction's field and value
     * ({@link SanctionFields}), the room's cap of sanctions, now (ms, the node's clock, which set
     * the sanction's end), stream cap, then the entry's by, by-admin ({@code 1}/{@code 0}), reason,
     * duration (s) and until (ms). A kick needs the person listed, a lift a sanction in force; a
     * new sanction in a room at its cap first drops the ended ones, and is refused when that frees
     * nothing. Then the entry is appended where presence events go ({@code <newest id>-*}), in the
     * same step. Returns {@code done}, {@code not-found} or {@code full}.
     */
    static final String MODERATE = """
            local action, uid, field = ARGV[1], ARGV[2], ARGV[3]
            local cap, now = tonumber(ARGV[5]), tonumber(ARGV[6])
            local function ended(value)
              return tonumber(string.match(value, '^(%d+)')) <= now
            end
            if action == 'kick' then
              if not redis.call('ZSCORE', KEYS[4], uid) then
                return 'not-found'
              end
            elseif action == 'ban' or action == 'mute' then
              if redis.call('HEXISTS', KEYS[1], field) == 0 and redis.call('HLEN', KEYS[1]) >= cap then
                local all = redis.call('HGETALL', KEYS[1])
                for i = 1, #all, 2 do
                  if ended(all[i + 1]) then
                    redis.call('HDEL', KEYS[1], all[i])
                  end
                end
                if redis.call('HLEN', KEYS[1]) >= cap then
                  return 'full'
                end
              end
              redis.call('HSET', KEYS[1], field, ARGV[4])
            else
              local held = redis.call('HGET', KEYS[1], field)
              if not held then
                return 'not-found'
              end
              redis.call('HDEL', KEYS[1], field)
              if ended(held) then
                return 'not-found'
              end
            end
            local at = (redis.call('GET', KEYS[3]) or '0') .. '-*'
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], at, 't', 'mod', 'a', action, 'uid', uid,
              'by', ARGV[8], 'ba', ARGV[9], 'reason', ARGV[10], 'd', ARGV[11], 'until', ARGV[12])
            return 'done'
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
     * Archived mark, after an archiver acknowledged entries. KEYS: stream, archived, gone, edits,
     * late. ARGV: the
     * archive's group, the stream cap, and how long a consumer of the group may be idle, with
     * nothing pending, before it is removed (ms; its node is gone or restarted under a new name).
     * The mark is the message id below which every entry was delivered to the group and
     * acknowledged: the oldest pending entry's, or with none pending the last delivered one's.
     * It only grows. Then, when the stream is longer than the cap (presence events: the presence
     * scripts trim nothing when an archive reads the stream), it is trimmed to the cap, but never
     * past the mark. Returns {mark, entries not yet acknowledged (pending, and not yet delivered)},
     * or {-1, 0} when the group does not exist.
     */
    static final String ARCHIVED = CHANGES + """
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
                    trim_changes(KEYS[3], KEYS[4], KEYS[5], mark)
                  else
                    redis.call('XTRIM', KEYS[1], 'MINID', oldestKept)
                    trim_changes(KEYS[3], KEYS[4], KEYS[5], floor_of(oldestKept))
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

    /**
     * A typing notice: passed on (PUBLISH to the room's typing channel) only when no notice of the
     * typist was passed on within the interval, on any node; the throttle key expires by itself,
     * so there is at most one a typist at a time. Nothing is written to the stream.
     * KEYS: the typist's throttle key ({@link RedisKeys#typing}). ARGV: the channel, the interval
     * in ms, the notice. Returns 1 when passed on, 0 when throttled.
     */
    static final String TYPING = """
            if redis.call('SET', KEYS[1], '1', 'PX', ARGV[2], 'NX') then
              redis.call('PUBLISH', ARGV[1], ARGV[3])
              return 1
            end
            return 0
            """;
}
