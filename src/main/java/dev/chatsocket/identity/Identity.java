package dev.chatsocket.identity;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A person, as decided at the handshake.
 *
 * @param uid       who, unique: the container principal's name, the token's {@code sub}, or a
 *                  server-made guest id ({@link GuestIds}); see {@link Names#isValidUid}
 * @param name      the display name; a verified user's cannot be changed by {@code nick}
 * @param verified  established by the container or a signed token (or a session issued for one),
 *                  not a guest
 * @param roles     moderator, admin
 * @param rooms     the token's {@code rooms} claim; {@link RoomGrants#UNRESTRICTED} otherwise
 * @param source    how it was established at this handshake
 * @param expiresAt when it stops being valid: the token's {@code exp}, carried into a session made
 *                  from that token; empty for container users and guests. A connection still open
 *                  then is closed (4001)
 */
public record Identity(String uid, String name, boolean verified, Set<Role> roles, RoomGrants rooms,
                       Source source, Optional<Instant> expiresAt) {

    /** How an identity was established, in the order the handshake tries them. */
    public enum Source {
        /** {@code HttpServletRequest.getUserPrincipal()}: the container's own login. */
        CONTAINER,
        /** A signed token ({@code ?token=}). */
        TOKEN,
        /** A session token this server issued earlier ({@code ?session=}). */
        SESSION,
        /** Nothing else: a server-made uid. */
        GUEST
    }

    public Identity {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!Names.isValidUid(uid)) {
            throw new IllegalArgumentException("not a valid uid");
        }
        if (!Names.isValidName(name)) {
            throw new IllegalArgumentException("not a valid display name");
        }
        // An EnumSet iterates in declaration order, so the roles are listed the same way everywhere.
        roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
        if (!verified && (!roles.isEmpty() || rooms.restricted())) {
            throw new IllegalArgumentException("roles and room grants need a verified identity");
        }
        if (verified == GuestIds.isGuestUid(uid)) {
            // The guest uid space is the server's alone: no token or principal may land in it, so
            // that a uid tells whether its owner is a guest (direct messages rely on it).
            throw new IllegalArgumentException(verified ? "a verified uid cannot start with " + GuestIds.PREFIX
                    : "a guest's uid is made by GuestIds");
        }
        if (source == Source.GUEST && verified) {
            throw new IllegalArgumentException("a guest is not verified");
        }
    }

    /**
     * The container's user: verified, named after the principal, with the roles the container
     * grants ({@link Role#containerRole()}).
     */
    public static Identity container(String principalName, Set<Role> roles) {
        return new Identity(principalName, displayNameFor(principalName), true, roles,
                RoomGrants.UNRESTRICTED, Source.CONTAINER, Optional.empty());
    }

    /** A guest with a server-made uid ({@link GuestIds}). */
    public static Identity guest(String uid, String name) {
        return new Identity(uid, name, false, Set.of(), RoomGrants.UNRESTRICTED, Source.GUEST, Optional.empty());
    }

    /**
     * A display name for a uid that brings none: the uid itself when it is a valid name, else
     * its first {@value Names#MAX_NAME_LENGTH} code points (a long uid, an e-mail address).
     */
    static String displayNameFor(String uid) {
        if (Names.isValidName(uid)) {
            return uid;
        }
        int end = uid.offsetByCodePoints(0, Math.min(Names.MAX_NAME_LENGTH, uid.codePointCount(0, uid.length())));
        return uid.substring(0, end);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }
}
