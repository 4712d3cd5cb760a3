package dev.chatsocket.chat.moderation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypingThrottleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void oneNoticeAPersonPerIntervalIsPassedOn() {
        TypingThrottle throttle = new TypingThrottle(3 * SECOND, 100);
        assertTrue(throttle.admit("alice", 0));
        assertFalse(throttle.admit("alice", SECOND));
        assertFalse(throttle.admit("alice", 3 * SECOND - 1));
        assertTrue(throttle.admit("alice", 3 * SECOND));
    }

    @Test
    void peopleAreThrottledApart() {
        TypingThrottle throttle = new TypingThrottle(3 * SECOND, 100);
        assertTrue(throttle.admit("alice", 0));
        assertTrue(throttle.admit("bob", 1));
    }

    @Test
    void itRemembersAtMostItsCapacityTheLeastRecentlyHeardFromGoingFirst() {
        TypingThrottle throttle = new TypingThrottle(3 * SECOND, 2);
        throttle.admit("alice", 0);
        throttle.admit("bob", 1);
        throttle.admit("alice", 2); // refused, but alice was heard from after bob
        throttle.admit("carol", 3);
        assertEquals(2, throttle.size());
        assertFalse(throttle.admit("alice", 4), "alice is still remembered");
        assertTrue(throttle.admit("bob", 5), "bob was forgotten, so his next notice goes through early");
    }
}
