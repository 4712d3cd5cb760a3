package dev.chatsocket.chat.moderation;

import dev.chatsocket.identity.Role;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SanctionTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void aTimedBanEndsAfterItsDuration() {
        Sanction ban = Sanction.of(Sanction.Kind.BAN, "u1", 60, "spam", "mod", Set.of(Role.MODERATOR), NOW);
        assertTrue(ban.isActive(NOW + 59_999));
        assertFalse(ban.isActive(NOW + 60_000));
        assertEquals(60_000, ban.remainingMillis(NOW));
    }

    @Test
    void durationZeroHoldsUntilLifted() {
        Sanction ban = Sanction.of(Sanction.Kind.BAN, "u1", 0, "", "mod", Set.of(Role.MODERATOR), NOW);
        assertEquals(Sanction.UNTIL_LIFTED, ban.untilMillis());
        assertTrue(ban.isActive(Long.MAX_VALUE - 1));
        assertEquals(-1, ban.remainingMillis(NOW));
    }

    @Test
    void aDurationThatWouldOverflowHoldsUntilLifted() {
        Sanction mute = Sanction.of(Sanction.Kind.MUTE, "u1", Long.MAX_VALUE / 10, "", "mod", Set.of(), NOW);
        assertEquals(Sanction.UNTIL_LIFTED, mute.untilMillis());
    }

    @Test
    void negativeDurationsAndLongReasonsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Sanction.of(Sanction.Kind.BAN, "u1", -1, "", "mod", Set.of(), NOW));
        assertThrows(IllegalArgumentException.class, () -> Sanction.of(Sanction.Kind.BAN, "u1", 1,
                "x".repeat(Sanction.MAX_REASON_LENGTH + 1), "mod", Set.of(), NOW));
    }

    @Test
    void anAdminIsBoundOnlyByAnAdminsSanction() {
        Sanction byModerator = Sanction.of(Sanction.Kind.BAN, "boss", 0, "", "mod", Set.of(Role.MODERATOR), NOW);
        Sanction byAdmin = Sanction.of(Sanction.Kind.BAN, "boss", 0, "", "root", Set.of(Role.ADMIN), NOW);
        assertFalse(byModerator.holdsAgainst(Set.of(Role.ADMIN), NOW));
        assertTrue(byModerator.holdsAgainst(Set.of(Role.MODERATOR), NOW));
        assertTrue(byAdmin.holdsAgainst(Set.of(Role.ADMIN), NOW));
    }

    @Test
    void anEndedSanctionBindsNobody() {
        Sanction ban = Sanction.of(Sanction.Kind.BAN, "u1", 1, "", "root", Set.of(Role.ADMIN), NOW);
        assertFalse(ban.holdsAgainst(Set.of(), NOW + 1000));
    }
}
