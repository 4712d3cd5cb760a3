package dev.chatsocket.chat.room;

/**
 * Whether a resuming client gets everything it missed (docs/protocol.md, Resume): the pure rule
 * behind {@code history.recovered}.
 */
final class HistoryWindow {
    private HistoryWindow() {
    }

    /**
     * @param sameEpoch      whether the client's epoch is the room's (or the client gave none)
     * @param since          the newest id the client has
     * @param lastId         the newest message id of the room
     * @param firstRetained  the oldest message id still retained ({@code lastId + 1} when none is)
     * @return {@code true} when every message after {@code since} is still retained
     */
    static boolean recovered(boolean sameEpoch, long since, long lastId, long firstRetained) {
        return sameEpoch && (since >= lastId || since + 1 >= firstRetained);
    }
}
