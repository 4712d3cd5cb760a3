package dev.chatsocket.ws;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bounds a connection lives by are checked when they are made. */
class LimitsTest {
    private static final Duration S = Duration.ofSeconds(1);

    @Test
    void acceptsSaneLimits() {
        assertDoesNotThrow(() -> new Limits(65536, 16 << 20, (16 << 20) + 14, S, S, S, S));
        assertDoesNotThrow(() -> new Limits(125, 1, 15, S, S, S, S));
    }

    @Test
    void refusesAFrameLimitBelowTheControlFrameSizeOrBeyondAnArray() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(124, 1000, 1 << 20, S, S, S, S));
        assertThrows(IllegalArgumentException.class, () -> new Limits(Integer.MAX_VALUE, 1000, 1 << 20, S, S, S, S));
    }

    @Test
    void refusesAMessageLimitOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(1000, 0, 1 << 20, S, S, S, S));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1000, Integer.MAX_VALUE, Long.MAX_VALUE, S, S, S, S));
    }

    @Test
    void refusesAnOutboundQueueThatCannotHoldOneWholeMessage() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(1000, 1000, 1013, S, S, S, S));
    }

    @Test
    void refusesZeroOrNegativeDurations() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(1000, 1000, 4096, Duration.ZERO, S, S, S));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1000, 1000, 4096, S, S.negated(), S, S));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1000, 1000, 4096, S, S, Duration.ZERO, S));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1000, 1000, 4096, S, S, S, Duration.ZERO));
    }
}
