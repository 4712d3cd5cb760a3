package dev.chatsocket.chat.protocol;

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
}
