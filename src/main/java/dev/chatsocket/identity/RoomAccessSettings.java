package dev.chatsocket.identity;

import java.util.List;

/**
 * Who may join what, beyond "everyone joins every public room".
 *
 * @param privateRooms        rooms (names or {@code prefix*}) that only granted verified users join
 * @param guestDirectMessages whether guests may open and be reached by direct messages
 */
public record RoomAccessSettings(List<RoomPattern> privateRooms, boolean guestDirectMessages) {
    public static final RoomAccessSettings DEFAULTS = new RoomAccessSettings(List.of(), false);

    public RoomAccessSettings {
        privateRooms = List.copyOf(privateRooms);
    }
}
