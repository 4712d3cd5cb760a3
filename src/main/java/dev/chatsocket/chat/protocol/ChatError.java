package dev.chatsocket.chat.protocol;

/**
 * A chat message the server will not take, answered with an {@code error} frame to its sender
 * only; the connection stays open.
 */
public final class ChatError extends Exception {
    private final String code;
    private final String ref;

    ChatError(String code, String reason) {
        this(code, reason, null);
    }

    ChatError(String code, String reason, String ref) {
        super(reason, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    public String code() {
        return code;
    }

    /** The client's ref of the message that failed, when it gave a usable one. */
    public String ref() {
        return ref;
    }
}
