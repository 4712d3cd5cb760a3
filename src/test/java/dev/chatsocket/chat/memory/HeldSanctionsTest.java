package dev.chatsocket.chat.memory;

import dev.chatsocket.chat.moderation.Sanction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory backend's sanctions: bounded per room and in the number of rooms that hold any. */
class HeldSanctionsTest {
    private static Sanction ban(String uid, long until) {
        return new Sanction(Sanction.Kind.BAN, uid, until, "", "mod", false);
    }

    @Test
    void atMostSoManyRoomsHoldSanctionsAndARoomWhoseSanctionsEndedMakesRoom() {
        HeldSanctions held = new HeldSanctions(5, 1);
        assertTrue(held.put("a", ban("x", 2_000), 1_000));
        assertFalse(held.put("b", ban("y", Sanction.UNTIL_LIFTED), 1_000), "a second room is one too many");
        assertTrue(held.put("b", ban("y", Sanction.UNTIL_LIFTED), 2_000), "room a's only ban has ended");
        assertEquals(List.of(), held.active("a", 2_000));
        assertTrue(held.active("b", Sanction.Kind.BAN, "y", 2_000).isPresent());
    }

    @Test
    void aLiftSaysWhetherOneWasInForceAndAnEmptyRoomIsForgotten() {
        HeldSanctions held = new HeldSanctions(5, 1);
        assertTrue(held.put("a", ban("x", 2_000), 1_000));
        assertFalse(held.lift("a", Sanction.Kind.BAN, "x", 3_000), "it had ended");
        assertTrue(held.put("b", ban("y", 5_000), 3_000), "room a was forgotten when emptied");
        assertTrue(held.lift("b", Sanction.Kind.BAN, "y", 4_000));
        assertFalse(held.lift("b", Sanction.Kind.BAN, "y", 4_000));
    }
}
