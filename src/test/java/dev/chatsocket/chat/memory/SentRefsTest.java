package dev.chatsocket.chat.memory;

import dev.chatsocket.chat.room.DedupeLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The memory backend's dedupe bounds, on a clock the test gives: the window, and the count per person. */
class SentRefsTest {
    private final SentRefs refs = new SentRefs(new DedupeLimits(Duration.ofSeconds(10), 2));

    @Test
    void aRefIsRememberedForTheWindowAndNotAMillisecondLonger() {
        refs.remember("u", "r1", 7, 1_000);
        assertEquals(OptionalLong.of(7), refs.find("u", "r1", 10_999));
        assertEquals(OptionalLong.empty(), refs.find("u", "r1", 11_000));
        assertEquals(0, refs.size(), "forgotten, not only hidden");
    }

    @Test
    void aPersonKeepsTheNewestRefsUpToTheCountWithoutPushingOutAnothersRefs() {
        refs.remember("u", "r1", 1, 0);
        refs.remember("v", "r1", 2, 1);
        refs.remember("u", "r2", 3, 2);
        refs.remember("u", "r3", 4, 3);
        assertEquals(OptionalLong.empty(), refs.find("u", "r1", 4), "the oldest of u's three went");
        assertEquals(OptionalLong.of(3), refs.find("u", "r2", 4));
        assertEquals(OptionalLong.of(4), refs.find("u", "r3", 4));
        assertEquals(OptionalLong.of(2), refs.find("v", "r1", 4), "another person's ref with the same name stays");
        assertEquals(3, refs.size());
    }

    @Test
    void expiryAndTheCountTogetherKeepTheBookkeepingConsistent() {
        refs.remember("u", "r1", 1, 0);
        refs.remember("u", "r2", 2, 5_000);
        refs.remember("u", "r3", 3, 6_000); // pushes r1 out by count
        assertEquals(OptionalLong.empty(), refs.find("u", "r2", 15_000), "r2 expired");
        refs.remember("u", "r4", 4, 15_000);
        refs.remember("u", "r5", 5, 15_001); // pushes r3 out by count
        assertEquals(OptionalLong.empty(), refs.find("u", "r3", 15_002));
        assertEquals(OptionalLong.of(4), refs.find("u", "r4", 15_002));
        assertEquals(OptionalLong.of(5), refs.find("u", "r5", 15_002));
        assertEquals(2, refs.size());
    }
}
