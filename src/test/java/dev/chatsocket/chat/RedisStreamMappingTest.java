package dev.chatsocket.chat;

import dev.chatsocket.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pure parts of the Redis backend, without Redis: stream ids, what an entry holds, the
 * {@code recovered} rule, the keys of a room and the settings.
 */
class RedisStreamMappingTest {

    @Test
    void aMessageEntryIdIsTheMessageIdAndPresenceSortsBetweenMessages() {
        StreamId message = StreamId.ofMessage(42);
        assertEquals("42-0", message.toString());
        assertTrue(message.isMessage());
        StreamId presenceAfter = StreamId.parse("42-3");
        assertFalse(presenceAfter.isMessage());
        assertEquals(42, presenceAfter.lastMessageId(), "a presence event N-k follows message N");
        assertTrue(presenceAfter.isAfter(message));
        assertTrue(StreamId.ofMessage(43).isAfter(presenceAfter));
        assertFalse(StreamId.parse("0-1").isMessage(), "presence before the first message");
        assertEquals(List.of(StreamId.parse("1-0"), StreamId.parse("1-2"), StreamId.parse("2-0"), StreamId.parse("10-0")),
                List.of(StreamId.parse("10-0"), StreamId.parse("1-2"), StreamId.parse("2-0"), StreamId.parse("1-0"))
                        .stream().sorted().toList(), "ordered by number, not as text");
        assertThrows(IllegalArgumentException.class, () -> StreamId.parse("42"));
    }

    @Test
    void aMessageEntryReadsBackAsTheMessageWithItsRef() {
        Map<String, String> fields = StreamEntry.fields("u1", "ana", "hi <b>", 1795689600000L, "c-17");
        StreamEntry entry = StreamEntry.read("lobby", StreamId.ofMessage(7), fields);
        assertEquals(new StreamEntry.Posted(new ChatMessage(7, "lobby", "u1", "ana", "hi <b>", 1795689600000L), "c-17"), entry);

        StreamEntry noRef = StreamEntry.read("lobby", StreamId.ofMessage(8), StreamEntry.fields("u1", "ana", "x", 1, null));
        assertEquals(null, ((StreamEntry.Posted) noRef).ref());
    }

    @Test
    void presenceEntriesAndForeignEntries() {
        assertEquals(new StreamEntry.Presence("join", "u2", "bo"),
                StreamEntry.read("lobby", StreamId.parse("7-1"), Map.of("t", "join", "uid", "u2", "nick", "bo")));
        assertEquals(new StreamEntry.Presence("leave", "u2", "bo"),
                StreamEntry.read("lobby", StreamId.parse("7-2"), Map.of("t", "leave", "uid", "u2", "nick", "bo")));
        assertThrows(IllegalArgumentException.class,
                () -> StreamEntry.read("lobby", StreamId.parse("7-3"), Map.of("t", "kick", "uid", "u2", "nick", "bo")));
        assertThrows(IllegalArgumentException.class,
                () -> StreamEntry.read("lobby", StreamId.parse("7-3"), Map.of("foo", "bar")));
        assertThrows(IllegalArgumentException.class,
                () -> StreamEntry.read("lobby", StreamId.parse("7-4"), StreamEntry.fields("u", "n", "t", 1, null)),
                "a message must sit at <id>-0");
    }

    @ParameterizedTest(name = "sameEpoch={0} since={1} last={2} first={3} -> {4}")
    @CsvSource({
            "true, 0, 0, 1, true",     // empty room
            "true, 0, 5, 1, true",     // everything retained
            "true, 0, 1500, 501, false", // the oldest 500 were trimmed
            "true, 500, 1500, 501, true", // the client had up to 500: nothing missed
            "true, 499, 1500, 501, false",
            "true, 1500, 1500, 501, true", // nothing new
            "true, 1600, 1500, 501, true", // ahead (the client knows more than the room): nothing to give
            "false, 0, 5, 1, false",   // another epoch: never recovered
    })
    void recoveredWhenEveryMessageAfterSinceIsRetainedInTheSameEpoch(boolean sameEpoch, long since, long lastId,
                                                                    long firstRetained, boolean recovered) {
        assertEquals(recovered, HistoryWindow.recovered(sameEpoch, since, lastId, firstRetained));
    }

    @Test
    void aRoomsKeysShareOneHashTag() {
        RedisKeys keys = RedisKeys.of("lobby");
        for (String key : List.of(keys.stream(), keys.seq(), keys.epoch(), keys.members(), keys.nicks(), keys.alive(),
                keys.sent("u1", "c-1"))) {
            assertTrue(key.startsWith("chatsocket:{lobby}:"), key);
        }
        assertEquals(7, new java.util.HashSet<>(List.of(keys.stream(), keys.seq(), keys.epoch(), keys.members(),
                keys.nicks(), keys.alive(), keys.sent("u1", "c-1"))).size(), "all distinct");
    }

    @Test
    void redisIsUsedOnlyWhenItsUrlIsSetAndEachBoundHasADefault() {
        Map<String, String> env = new HashMap<>();
        assertTrue(RedisSettings.from(new Settings(env, new Properties())).isEmpty(), "no URL: in-memory rooms");
        env.put("CHATSOCKET_REDIS_URL", "  ");
        assertTrue(RedisSettings.from(new Settings(env, new Properties())).isEmpty(), "a blank URL is no URL");

        env.put("CHATSOCKET_REDIS_URL", "redis://db:6379/0");
        RedisSettings defaults = RedisSettings.from(new Settings(env, new Properties())).orElseThrow();
        assertEquals(new RedisSettings("redis://db:6379/0", Duration.ofSeconds(2), Duration.ofSeconds(15),
                Duration.ofMinutes(10), 10_000), defaults);
        assertEquals(Duration.ofSeconds(5), defaults.heartbeat(), "a third of the presence ttl");
        assertEquals(Duration.ofSeconds(1), defaults.readBlock(), "well inside the command timeout");

        env.put("CHATSOCKET_REDIS_TIMEOUT", "300ms");
        env.put("CHATSOCKET_REDIS_PRESENCE_TTL", "3s");
        env.put("CHATSOCKET_REDIS_DEDUPE_TTL", "1m");
        env.put("CHATSOCKET_REDIS_MAX_PENDING", "5");
        RedisSettings set = RedisSettings.from(new Settings(env, new Properties())).orElseThrow();
        assertEquals(new RedisSettings("redis://db:6379/0", Duration.ofMillis(300), Duration.ofSeconds(3),
                Duration.ofMinutes(1), 5), set);
        assertEquals(Duration.ofMillis(150), set.readBlock());

        env.put("CHATSOCKET_REDIS_MAX_PENDING", "0");
        assertThrows(IllegalArgumentException.class, () -> RedisSettings.from(new Settings(env, new Properties())));
    }
}
