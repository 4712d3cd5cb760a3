package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.ModerationRequest;

/** What became of a moderation request (docs/protocol.md, "Moderation"). */
public enum ModerationOutcome {
    /** Stored and appended: every node applies it, and the room's members see it. */
    DONE(null),
    /** The asker may not moderate, or not this person (an admin, or itself). */
    FORBIDDEN("forbidden"),
    /** A kick of someone not in the room, or an unban or unmute of someone not banned or muted. */
    NOT_FOUND("not-found"),
    /** The room holds {@code CHATSOCKET_MAX_SANCTIONS} live bans and mutes already. */
    TOO_MANY("too-many-sanctions"),
    /** The store could not be reached, or too much is waiting for it. */
    UNAVAILABLE("unavailable");

    private final String code;

    ModerationOutcome(String code) {
        this.code = code;
    }

    /** The {@code error} frame's code; {@code null} for {@link #DONE}. */
    public String code() {
        return code;
    }

    /** What the moderator is told when {@code action} came to this. */
    public String reason(ModerationRequest.Action action) {
        return switch (this) {
            case DONE -> "done";
            case FORBIDDEN -> "you may not " + action.wire() + " this person: only moderators and admins moderate, "
                    + "only an admin acts on an admin, and nobody on themselves";
            case NOT_FOUND -> switch (action) {
                case KICK -> "that person is not in the room";
                case UNBAN -> "that person is not banned from the room";
                case UNMUTE -> "that person is not muted in the room";
                case BAN, MUTE -> "not found";
            };
            case TOO_MANY -> "the room holds as many bans and mutes as it may; lift some first";
            case UNAVAILABLE -> "the " + action.wire() + " was not stored: the store is unreachable; try again later";
        };
    }
}
