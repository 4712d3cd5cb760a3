package dev.chatsocket.identity;

import java.util.regex.Pattern;

/**
 * A room name, or a name prefix followed by {@code *}: the entries of a token's {@code rooms}
 * claim and of the private-room setting. {@code support-*} matches {@code support-} and every
 * room whose name starts with it; {@code *} alone matches every room.
 *
 * <p>A direct message is matched as {@code @} and the other person's uid, so a token's grant
 * {@code @*} allows direct messages with anyone and {@code @alice} only with alice.
 *
 * @param text     the pattern as written
 * @param prefix   the part before the {@code *}, or the whole name
 * @param wildcard whether {@code *} ended it
 */
public record RoomPattern(String text, String prefix, boolean wildcard) {
    /** The chat's room-name rule: 1–64 letters, digits, '-' and '_' (also a base64url alphabet). */
    static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ROOM_PREFIX = Pattern.compile("[A-Za-z0-9_-]{0,63}");
    /** What marks a direct-message address: {@code @} then a uid. */
    public static final String DIRECT_MARK = "@";

    /** A private-room pattern: room names only. */
    public static RoomPattern room(String text) {
        RoomPattern pattern = split(text);
        if (!(pattern.wildcard ? ROOM_PREFIX : ROOM_NAME).matcher(pattern.prefix).matches()) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not a room name (1-64 of A-Z a-z 0-9 _ -) or such a prefix followed by *");
        }
        return pattern;
    }

    /** A token grant: a room pattern, or {@code @} followed by a uid or a uid prefix and {@code *}. */
    public static RoomPattern grant(String text) {
        if (!text.startsWith(DIRECT_MARK)) {
            return room(text);
        }
        RoomPattern pattern = split(text);
        String uid = pattern.prefix.substring(DIRECT_MARK.length());
        boolean valid = pattern.wildcard ? uid.isEmpty() || Names.isValidUid(uid) : Names.isValidUid(uid);
        if (!valid) {
            throw new IllegalArgumentException("\"" + text + "\" is not @uid, @uid-prefix* or @*");
        }
        return pattern;
    }

    private static RoomPattern split(String text) {
        boolean wildcard = text.endsWith("*");
        return new RoomPattern(text, wildcard ? text.substring(0, text.length() - 1) : text, wildcard);
    }

    /** Whether a room name (or a {@code @uid} direct-message address) is matched. */
    public boolean matches(String name) {
        return wildcard ? name.startsWith(prefix) : name.equals(prefix);
    }

    @Override
    public String toString() {
        return text;
    }
}
