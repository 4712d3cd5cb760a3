package dev.chatsocket.identity;

import java.util.List;

/**
 * The rooms a token restricts its holder to: its {@code rooms} claim. Without the claim a token
 * is not restricted ({@link #UNRESTRICTED}); with it, the holder may join only the rooms it
 * matches, public ones included. Guests and container users are unrestricted by this; private
 * rooms have rules of their own ({@link RoomAccess}).
 *
 * @param restricted whether the claim was present
 * @param patterns   what it allows, empty when not restricted (or when the claim was {@code []},
 *                   which allows nothing)
 */
public record RoomGrants(boolean restricted, List<RoomPattern> patterns) {
    /** Entries one claim may hold: bounds the work of every join check. */
    public static final int MAX_PATTERNS = 100;
    public static final RoomGrants UNRESTRICTED = new RoomGrants(false, List.of());

    public RoomGrants {
        patterns = List.copyOf(patterns);
        if (!restricted && !patterns.isEmpty()) {
            throw new IllegalArgumentException("unrestricted grants carry no patterns");
        }
        if (patterns.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException("at most " + MAX_PATTERNS + " room patterns");
        }
    }

    /** Grants limited to these patterns ({@link RoomPattern#grant} syntax); throws on a bad entry. */
    public static RoomGrants only(List<String> entries) {
        if (entries.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException("at most " + MAX_PATTERNS + " room patterns");
        }
        return new RoomGrants(true, entries.stream().map(RoomPattern::grant).toList());
    }

    /** Whether a room name or a {@code @uid} direct-message address is allowed. */
    public boolean allows(String roomOrAddress) {
        return !restricted || patterns.stream().anyMatch(p -> p.matches(roomOrAddress));
    }

    /** The claim's entries as written, for a session token. */
    public List<String> entries() {
        return patterns.stream().map(RoomPattern::text).toList();
    }
}
