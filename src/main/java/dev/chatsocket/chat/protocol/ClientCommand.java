package dev.chatsocket.chat.protocol;

import dev.chatsocket.chat.moderation.ModerationRequest;

/** What a client may ask of its room (docs/protocol.md, "Client to server"). */
public sealed interface ClientCommand {
    /** Post {@code text}; {@code ref}, when given, comes back in the ack. */
    record Post(String text, String ref) implements ClientCommand {
    }

    record Rename(String nick) implements ClientCommand {
    }

    /** Up to {@code limit} messages with ids below {@code before}, answered with a {@code page}. */
    record Older(long before, int limit) implements ClientCommand {
    }

    /** Replace the text of one's own message {@code id}. */
    record Edit(long id, String text, String ref) implements ClientCommand {
    }

    /** Delete message {@code id}: one's own, or anyone's for a moderator. */
    record Delete(long id, String ref) implements ClientCommand {
    }

    /** Kick, ban, unban, mute or unmute someone: moderators only. */
    record Moderate(ModerationRequest request) implements ClientCommand {
    }

    /** The sender is typing: passed on to the others, throttled, never stored. */
    record Typing() implements ClientCommand {
    }
}
