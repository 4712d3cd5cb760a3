package dev.chatsocket.identity;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who is connecting, from what the handshake brought, in this order (issue 14):
 * <ol>
 *   <li>the container's user ({@code getUserPrincipal()}): verified, roles from
 *   {@code isUserInRole("chat-moderator")} and {@code isUserInRole("chat-admin")};</li>
 *   <li>a signed token ({@code ?token=}), when tokens are configured;</li>
 *   <li>a session token this server issued ({@code ?session=}); one that ran out gives a new
 *   identity as below, marked {@code sessionRenewed};</li>
 *   <li>a guest, when guests are allowed.</li>
 * </ol>
 * A credential that is present but wrong is refused, never skipped for the next one down: a
 * client that sent a bad token must hear why, not silently become a guest. Every identity comes
 * back with a fresh session token, so a session slides forward while it is used (never past a
 * token's {@code exp}).
 */
public final class IdentityResolver {
    private final Optional<TokenVerifier> tokens;
    private final SessionTokens sessions;
    private final GuestIds guests;
    private final boolean guestsAllowed;

    /**
     * @param tokens        the verifier, empty when no token key is configured
     * @param sessions      session tokens under the cluster's key
     * @param guests        guest uids
     * @param guestsAllowed {@link IdentitySettings#guests()}
     */
    public IdentityResolver(Optional<TokenVerifier> tokens, SessionTokens sessions, GuestIds guests,
                            boolean guestsAllowed) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.guests = Objects.requireNonNull(guests, "guests");
        this.guestsAllowed = guestsAllowed;
    }

    /**
     * What a handshake brought.
     *
     * @param principal     {@code getUserPrincipal().getName()}, empty when the container has no user
     * @param containerRole {@code isUserInRole} of the same request
     * @param token         the {@code token} query parameter
     * @param session       the {@code session} query parameter
     */
    public record Credentials(Optional<String> principal, Predicate<String> containerRole,
                              Optional<String> token, Optional<String> session) {
        public Credentials {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(containerRole, "containerRole");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(session, "session");
        }
    }

    /**
     * @param identity       who it is
     * @param session        a fresh session token for {@code welcome}
     * @param sessionRenewed the client's session had expired and this is a new identity
     */
    public record Resolved(Identity identity, String session, boolean sessionRenewed) {
    }

    /** @throws IdentityRefused with a one-line reason for a 401 */
    public Resolved resolve(Credentials credentials) throws IdentityRefused {
        if (credentials.principal().isPresent()) {
            return resolved(container(credentials.principal().get(), credentials.containerRole()), false);
        }
        if (credentials.token().isPresent()) {
            TokenVerifier verifier = tokens.orElseThrow(() -> new IdentityRefused("tokens are not accepted here"));
            return resolved(verifier.verify(credentials.token().get()), false);
        }
        if (credentials.session().isPresent()) {
            SessionCheck check = sessions.open(credentials.session().get());
            if (check instanceof SessionCheck.Restored restored) {
                if (!restored.identity().verified() && !guestsAllowed) {
                    throw new IdentityRefused("guests are not allowed here: sign in or bring a token");
                }
                return resolved(restored.identity(), false);
            }
            return resolved(guest(), true);
        }
        return resolved(guest(), false);
    }

    private static Identity container(String principal, Predicate<String> containerRole) throws IdentityRefused {
        if (!Names.isValidUid(principal) || GuestIds.isGuestUid(principal)) {
            throw new IdentityRefused("this login name cannot be a chat uid");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (containerRole.test(role.containerRole())) {
                roles.add(role);
            }
        }
        return Identity.container(principal, roles);
    }

    private Identity guest() throws IdentityRefused {
        if (!guestsAllowed) {
            throw new IdentityRefused("guests are not allowed here: sign in or bring a token");
        }
        return guests.next();
    }

    private Resolved resolved(Identity identity, boolean renewed) {
        return new Resolved(identity, sessions.issue(identity), renewed);
    }
}
