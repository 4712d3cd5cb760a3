package dev.chatsocket.chat.room;

/** The room's log cannot be reached now; whatever was asked of it did not happen. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
