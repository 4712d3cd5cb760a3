package dev.chatsocket.identity;

/**
 * What a genuine session token gave: the same person again, or the news that it ran out (the
 * handshake then makes a new identity and tells the client {@code "session_renewed":true}). A
 * forged or altered token is neither: it is refused ({@link IdentityRefused}).
 */
public sealed interface SessionCheck {

    /** The session's identity, as {@link Identity.Source#SESSION}. */
    record Restored(Identity identity) implements SessionCheck {
    }

    /** Signed by this server, but past its expiry. */
    record Expired() implements SessionCheck {
    }
}
