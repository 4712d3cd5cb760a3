package dev.chatsocket.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything identity is configured with, typed and checked; filled from the environment by
 * {@code dev.chatsocket.config.IdentityConfig}.
 *
 * @param tokens   how signed tokens are checked; empty: a {@code ?token=} is refused
 * @param guests   whether a connection with no other identity gets a guest one; otherwise it is
 *                 refused (401)
 * @param sessions session tokens
 * @param rooms    private rooms and direct messages
 * @param people   per-person presence, deduplication and limits
 */
public record IdentitySettings(Optional<TokenSettings> tokens, boolean guests, SessionSettings sessions,
                               RoomAccessSettings rooms, PeopleSettings people) {
    public IdentitySettings {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(people, "people");
    }
}
