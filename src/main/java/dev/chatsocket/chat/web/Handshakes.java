package dev.chatsocket.chat.web;

import dev.chatsocket.identity.IdentityResolver;
import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;
import java.util.Optional;

/** What a request brings for {@link IdentityResolver}: the container's user, {@code ?token=}, {@code ?session=}. */
final class Handshakes {
    private Handshakes() {
    }

    static IdentityResolver.Credentials credentials(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return new IdentityResolver.Credentials(
                Optional.ofNullable(principal).map(Principal::getName),
                principal == null ? role -> false : request::isUserInRole,
                parameter(request, "token"),
                parameter(request, "session"));
    }

    /** A parameter, empty when absent or empty (a page that has no token sends {@code token=}). */
    private static Optional<String> parameter(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
