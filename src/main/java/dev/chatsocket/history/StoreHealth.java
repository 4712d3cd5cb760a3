package dev.chatsocket.history;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * Whether the store can write: unwritable from a failed commit until a later one succeeds. Logs
 * each change once, not each failed batch.
 */
final class StoreHealth {
    private static final Logger LOG = Logger.getLogger(StoreHealth.class.getName());

    private volatile String problem;

    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    void committed() {
        if (problem != null) {
            problem = null;
            LOG.info("history store: writable again");
        }
    }

    void failed(Exception cause) {
        String was = problem;
        problem = "unwritable";
        if (was == null) {
            LOG.warning("history store: a commit failed, appends are refused until one succeeds: " + cause);
        }
    }
}
