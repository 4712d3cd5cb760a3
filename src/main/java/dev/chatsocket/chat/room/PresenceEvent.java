package dev.chatsocket.chat.room;

import java.util.Optional;

/** What happened to a member, as {@code presence} frames name it (docs/protocol.md). */
public enum PresenceEvent {
    JOIN("join"), NICK("nick"), LEAVE("leave");

    private final String wireName;

    PresenceEvent(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<PresenceEvent> ofWireName(String name) {
        for (PresenceEvent event : values()) {
            if (event.wireName.equals(name)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
