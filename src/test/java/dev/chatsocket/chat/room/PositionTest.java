package dev.chatsocket.chat.room;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log positions and the {@code recovered} rule: the pure arithmetic of resuming. */
class PositionTest {

    @Test
    void aMessagePositionIsTheMessageIdAndPresenceSortsBetweenMessages() {
        Position message = Position.ofMessage(42);
        assertEquals("42-0", message.toString());
        assertTrue(message.isMessage());
        Position presenceAfter = new Position(42, 3);
        assertFalse(presenceAfter.isMessage());
        assertEquals(42, presenceAfter.lastMessageId(), "a presence event N-k follows message N");
        assertTrue(presenceAfter.isAfter(message));
        assertTrue(Position.ofMessage(43).isAfter(presenceAfter));
        assertFalse(new Position(0, 1).isMessage(), "presence before the first message");
        assertEquals(List.of(new Position(1, 0), new Position(1, 2), new Position(2, 0), new Position(10, 0)),
                List.of(new Position(10, 0), new Position(1, 2), new Position(2, 0), new Position(1, 0))
                        .stream().sorted().toList(), "ordered by number");
        assertThrows(IllegalArgumentException.class, () -> new Position(-1, 0));
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
}
