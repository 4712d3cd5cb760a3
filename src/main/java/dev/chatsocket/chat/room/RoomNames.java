package dev.chatsocket.chat.room;

import java.util.regex.Pattern;

/** Which room names exist: 1–64 letters, digits, '-' and '_'; the default room is "lobby". */
public final class RoomNames {
    public static final String LOBBY = "lobby";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private RoomNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
