package dev.chatsocket.chat.room;

import dev.chatsocket.identity.Role;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who asks for a moderation: a member, with the roles its identity has, or an API key of the
 * site's backend, which acts with an admin's power under its name.
 *
 * @param uid   the member's uid or the key's name: the {@code by} of the moderation
 * @param roles what it may do
 */
public record Moderator(String uid, Set<Role> roles) {

    public Moderator {
        Objects.requireNonNull(uid, "uid");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** An API key, acting as an admin. */
    public static Moderator apiKey(String name) {
        return new Moderator(name, Set.of(Role.ADMIN));
    }

    /** A member, with the roles of its handshake. */
    public static Moderator member(Member member) {
        return new Moderator(member.uid(), member.roles());
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }
}
