package dev.chatsocket.chat.moderation;

import dev.chatsocket.identity.Role;

import java.util.Set;

/**
 * Who may moderate whom. Only moderators and admins moderate; nobody acts on an admin but an admin,
 * so that a moderator cannot lock out the people who appointed them.
 */
public final class Authority {
    private Authority() {
    }

    /** Whether someone holding {@code roles} may kick, ban, mute, or delete other people's messages. */
    public static boolean mayModerate(Set<Role> roles) {
        return roles.contains(Role.MODERATOR) || roles.contains(Role.ADMIN);
    }

    /**
     * Whether {@code actor} may act on someone holding {@code target} roles. A target whose roles
     * are not known (not connected anywhere this node can see) is passed as an empty set; a ban set
     * that way on an admin does not hold against them ({@link Sanction#holdsAgainst}).
     */
    public static boolean mayActOn(Set<Role> actor, Set<Role> target) {
        return mayModerate(actor) && (!target.contains(Role.ADMIN) || actor.contains(Role.ADMIN));
    }
}
