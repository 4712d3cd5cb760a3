package dev.chatsocket.identity;

/**
 * What a uid and a display name may hold. Both reach other people's screens and logs, and a uid
 * also reaches URLs ({@code /chat/@uid}), so both are bounded and printable.
 */
public final class Names {
    /** Code points in a uid: room for an e-mail address or an issuer's opaque subject id. */
    public static final int MAX_UID_LENGTH = 128;
    /** Code points in a display name: the chat's nick limit. */
    public static final int MAX_NAME_LENGTH = 32;

    private Names() {
    }

    /** 1 to {@value #MAX_UID_LENGTH} printable code points, no whitespace. */
    public static boolean isValidUid(String uid) {
        return uid != null && hasLength(uid, MAX_UID_LENGTH)
                && uid.codePoints().allMatch(c -> isPrintable(c) && !Character.isWhitespace(c) && !Character.isSpaceChar(c));
    }

    /** 1 to {@value #MAX_NAME_LENGTH} printable code points, not blank, no leading or trailing space. */
    public static boolean isValidName(String name) {
        return name != null && !name.isBlank() && name.strip().equals(name) && hasLength(name, MAX_NAME_LENGTH)
                && name.codePoints().allMatch(Names::isPrintable);
    }

    /**
     * No control, format (bidi overrides, zero-width joiners), private-use, unassigned, lone
     * surrogate or line/paragraph-separator characters: the rule the chat applies to nicks.
     */
    public static boolean isPrintable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static boolean hasLength(String s, int max) {
        // Length in chars bounds the code point count from above: cheap rejection of huge input first.
        if (s.isEmpty() || s.length() > 2 * max) {
            return false;
        }
        return s.codePointCount(0, s.length()) <= max;
    }
}
