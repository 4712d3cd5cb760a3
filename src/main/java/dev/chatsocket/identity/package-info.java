/**
 * Who a connection belongs to, decided before the WebSocket upgrade (issue 14): the container's
 * user, else a signed token ({@link dev.chatsocket.identity.TokenVerifier}), else a session token
 * this server issued ({@link dev.chatsocket.identity.SessionTokens}), else a guest
 * ({@link dev.chatsocket.identity.GuestIds}); and which rooms that person may join
 * ({@link dev.chatsocket.identity.RoomAccess}).
 *
 * <p>Pure: no Servlet types, no settings names, no clock or randomness of its own (a
 * {@link java.time.Clock} and a {@link java.security.SecureRandom} are handed in). The only I/O is
 * {@link dev.chatsocket.identity.SessionKeyFile}, the key file under the data directory. The
 * settings are typed records ({@link dev.chatsocket.identity.IdentitySettings}) that
 * {@code dev.chatsocket.config.IdentityConfig} fills from the environment.
 *
 * <p>Every refusal is an {@link dev.chatsocket.identity.IdentityRefused} carrying a one-line reason
 * fit for the client (401 before the upgrade): it says what to fix and nothing about keys.
 */
package dev.chatsocket.identity;
