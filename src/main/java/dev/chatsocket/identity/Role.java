package dev.chatsocket.identity;

import java.util.Optional;

/**
 * What a person may do beyond chatting. A token names them in its {@code roles} claim
 * ({@link #claim()}); the container grants them through {@code isUserInRole} with the role names
 * declared in web.xml ({@link #containerRole()}).
 */
public enum Role {
    MODERATOR("moderator", "chat-moderator"),
    ADMIN("admin", "chat-admin");

    private final String claim;
    private final String containerRole;

    Role(String claim, String containerRole) {
        this.claim = claim;
        this.containerRole = containerRole;
    }

    /** The name in a token's {@code roles} claim and in the protocol. */
    public String claim() {
        return claim;
    }

    /** The security role the container is asked about ({@code <security-role>} in web.xml). */
    public String containerRole() {
        return containerRole;
    }

    /**
     * The role a claim value names, spelled exactly; empty for names this server does not know,
     * which a token may carry for other services (ignored, not refused).
     */
    public static Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claim.equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
