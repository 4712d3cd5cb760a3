package dev.chatsocket.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * The claim rules of a token whose signature holds, at a given instant. Pure: the time is handed
 * in. Time first (an expired token is refused as expired, whatever else is wrong with it), then
 * who issued it and for whom, then what the identity is made of.
 */
final class TokenClaims {
    private final Optional<String> issuer;
    private final Optional<String> audience;

    TokenClaims(Optional<String> issuer, Optional<String> audience) {
        this.issuer = issuer;
        this.audience = audience;
    }

    Identity identity(JWTClaimsSet claims, Instant now) throws IdentityRefused {
        Instant exp = instant(claims.getExpirationTime());
        if (exp == null) {
            // Required: a token that never expires could never be withdrawn.
            throw new IdentityRefused("token has no exp");
        }
        // RFC 7519 §4.1.4: not accepted "on or after" exp; §4.1.5: not "before" nbf; both with leeway.
        if (!now.isBefore(exp.plus(TokenVerifier.CLOCK_SKEW))) {
            throw new IdentityRefused("token expired");
        }
        Instant nbf = instant(claims.getNotBeforeTime());
        if (nbf != null && now.isBefore(nbf.minus(TokenVerifier.CLOCK_SKEW))) {
            throw new IdentityRefused("token not yet valid");
        }
        if (issuer.isPresent() && !issuer.get().equals(claims.getIssuer())) {
            throw new IdentityRefused("token issuer not accepted");
        }
        if (audience.isPresent() && (claims.getAudience() == null || !claims.getAudience().contains(audience.get()))) {
            throw new IdentityRefused("token audience not accepted");
        }

        Object sub = claims.getClaim("sub");
        if (sub == null) {
            throw new IdentityRefused("token has no sub");
        }
        if (!(sub instanceof String uid) || !Names.isValidUid(uid) || GuestIds.isGuestUid(uid)) {
            throw new IdentityRefused("token sub is not valid: 1 to " + Names.MAX_UID_LENGTH
                    + " printable characters without spaces, not starting with " + GuestIds.PREFIX);
        }
        Object nameClaim = claims.getClaim("name");
        String name;
        if (nameClaim == null) {
            name = Identity.displayNameFor(uid);
        } else if (nameClaim instanceof String n && Names.isValidName(n)) {
            name = n;
        } else {
            throw new IdentityRefused("token name is not valid: 1 to " + Names.MAX_NAME_LENGTH + " printable characters");
        }
        return new Identity(uid, name, true, roles(claims.getClaim("roles")), rooms(claims.getClaim("rooms")),
                Identity.Source.TOKEN, Optional.of(exp));
    }

    /** An array of strings; names this server does not know are for other services and ignored. */
    private static Set<Role> roles(Object claim) throws IdentityRefused {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (claim == null) {
            return roles;
        }
        for (String value : strings(claim, "roles", Integer.MAX_VALUE)) {
            Role.fromClaim(value).ifPresent(roles::add);
        }
        return roles;
    }

    /** Absent: no restriction. Present: an array of room names, {@code prefix*} or {@code @uid} patterns. */
    private static RoomGrants rooms(Object claim) throws IdentityRefused {
        if (claim == null) {
            return RoomGrants.UNRESTRICTED;
        }
        List<String> entries = strings(claim, "rooms", RoomGrants.MAX_PATTERNS);
        try {
            return RoomGrants.only(entries);
        } catch (IllegalArgumentException e) {
            // Not the entry itself: the reason is one line, and an entry may hold anything.
            throw new IdentityRefused("token rooms claim is not valid: each entry is a room name,"
                    + " a name prefix and *, or @uid");
        }
    }

    private static List<String> strings(Object claim, String name, int max) throws IdentityRefused {
        if (!(claim instanceof List<?> list) || list.size() > max) {
            throw new IdentityRefused("token " + name + " claim is not valid: expected an array of strings"
                    + (max == Integer.MAX_VALUE ? "" : ", at most " + max));
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new IdentityRefused("token " + name + " claim is not valid: expected an array of strings");
            }
            strings.add(s);
        }
        return strings;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
