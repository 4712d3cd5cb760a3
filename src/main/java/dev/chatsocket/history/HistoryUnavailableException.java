package dev.chatsocket.history;

/**
 * The store could not do what was asked, and the caller should answer {@code unavailable}: its
 * queue is full, a commit failed (disk full, read-only, database down), or it is closed.
 */
public final class HistoryUnavailableException extends RuntimeException {
    public HistoryUnavailableException(String message) {
        super(message);
    }

    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
