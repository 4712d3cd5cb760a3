package dev.chatsocket.chat.moderation;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SanctionsTest {
    private static final long NOW = 1_000_000L;

    private static Sanction ban(String uid, long seconds) {
        return Sanction.of(Sanction.Kind.BAN, uid, seconds, "", "mod", Set.of(), NOW);
    }

    @Test
    void aBanAndAMuteOfOnePersonAreSeparate() {
        Sanctions sanctions = new Sanctions(10);
        sanctions.put(ban("u1", 0), NOW);
        assertTrue(sanctions.active(Sanction.Kind.BAN, "u1", NOW).isPresent());
        assertTrue(sanctions.active(Sanction.Kind.MUTE, "u1", NOW).isEmpty());
        assertTrue(sanctions.active(Sanction.Kind.BAN, "u2", NOW).isEmpty());
    }

    @Test
    void aNewSanctionReplacesTheOldOneOfTheSameKind() {
        Sanctions sanctions = new Sanctions(1);
        sanctions.put(ban("u1", 0), NOW);
        assertTrue(sanctions.put(ban("u1", 5), NOW), "a replacement needs no new room");
        assertEquals(NOW + 5000, sanctions.active(Sanction.Kind.BAN, "u1", NOW).orElseThrow().untilMillis());
    }

    @Test
    void liftingEndsItAndSaysWhetherThereWasOne() {
        Sanctions sanctions = new Sanctions(10);
        sanctions.put(ban("u1", 0), NOW);
        assertTrue(sanctions.lift(Sanction.Kind.BAN, "u1"));
        assertFalse(sanctions.lift(Sanction.Kind.BAN, "u1"));
        assertTrue(sanctions.active(Sanction.Kind.BAN, "u1", NOW).isEmpty());
    }

    @Test
    void anEndedSanctionIsForgottenWhenAskedFor() {
        Sanctions sanctions = new Sanctions(10);
        sanctions.put(ban("u1", 1), NOW);
        assertTrue(sanctions.active(Sanction.Kind.BAN, "u1", NOW + 1000).isEmpty());
        assertEquals(0, sanctions.size());
    }

    @Test
    void aFullRoomDropsEndedSanctionsToMakeRoom() {
        Sanctions sanctions = new Sanctions(2);
        sanctions.put(ban("u1", 1), NOW);
        sanctions.put(ban("u2", 0), NOW);
        assertTrue(sanctions.put(ban("u3", 0), NOW + 1000), "u1's ban has ended and makes room");
        assertEquals(2, sanctions.size());
    }

    @Test
    void aRoomFullOfLiveSanctionsRefusesANewOneAndKeepsTheOld() {
        Sanctions sanctions = new Sanctions(2);
        sanctions.put(ban("u1", 0), NOW);
        sanctions.put(ban("u2", 0), NOW);
        assertFalse(sanctions.put(ban("u3", 0), NOW));
        assertTrue(sanctions.active(Sanction.Kind.BAN, "u1", NOW).isPresent());
        assertTrue(sanctions.active(Sanction.Kind.BAN, "u3", NOW).isEmpty());
    }

    @Test
    void theActiveOnesAreListedAndTheEndedDropped() {
        Sanctions sanctions = new Sanctions(5);
        sanctions.put(ban("u1", 1), NOW);
        sanctions.put(ban("u2", 0), NOW);
        assertEquals(2, sanctions.active(NOW).size());
        assertEquals(java.util.List.of("u2"), sanctions.active(NOW + 1000).stream().map(Sanction::uid).toList());
        assertEquals(1, sanctions.size(), "the ended one was dropped");
    }
}
