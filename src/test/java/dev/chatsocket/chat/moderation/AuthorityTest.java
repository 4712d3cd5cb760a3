package dev.chatsocket.chat.moderation;

import dev.chatsocket.identity.Role;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorityTest {
    private static final Set<Role> NOBODY = Set.of();
    private static final Set<Role> MODERATOR = Set.of(Role.MODERATOR);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    @Test
    void onlyModeratorsAndAdminsModerate() {
        assertFalse(Authority.mayModerate(NOBODY));
        assertTrue(Authority.mayModerate(MODERATOR));
        assertTrue(Authority.mayModerate(ADMIN));
    }

    @Test
    void aPlainUserActsOnNobodyNotEvenAnotherPlainUser() {
        assertFalse(Authority.mayActOn(NOBODY, NOBODY));
    }

    @Test
    void aModeratorActsOnUsersAndModeratorsButNotOnAdmins() {
        assertTrue(Authority.mayActOn(MODERATOR, NOBODY));
        assertTrue(Authority.mayActOn(MODERATOR, MODERATOR));
        assertFalse(Authority.mayActOn(MODERATOR, ADMIN));
        assertFalse(Authority.mayActOn(MODERATOR, Set.of(Role.ADMIN, Role.MODERATOR)));
    }

    @Test
    void anAdminActsOnAnyone() {
        assertTrue(Authority.mayActOn(ADMIN, NOBODY));
        assertTrue(Authority.mayActOn(ADMIN, MODERATOR));
        assertTrue(Authority.mayActOn(ADMIN, ADMIN));
    }
}
