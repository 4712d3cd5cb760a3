package dev.chatsocket.chat.web;

import dev.chatsocket.identity.SessionKey;
import dev.chatsocket.identity.SessionTokens;
import dev.chatsocket.identity.SharedSessionKey;

import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Keeps this node on the cluster's session key, run at every presence heartbeat on the chat's
 * timer thread: puts the key back if Redis lost it, and changes to another node's when that one
 * is stored instead ({@link SharedSessionKey#check}).
 */
final class SessionKeyCheck implements Runnable {
    private static final System.Logger LOG = System.getLogger(SessionKeyCheck.class.getName());

    private final SharedSessionKey cluster;
    private final SessionTokens sessions;
    /** Only the timer thread reads and writes it. */
    private SessionKey held;

    SessionKeyCheck(SharedSessionKey cluster, SessionKey held, SessionTokens sessions) {
        this.cluster = cluster;
        this.held = held;
        this.sessions = sessions;
    }

    @Override
    public void run() {
        try {
            SessionKey now = cluster.check(held);
            if (now != held) {
                LOG.log(Level.WARNING, "another node stored a new session key (was Redis flushed?): "
                        + "sessions issued before are refused from now on");
                held = now;
                sessions.useKey(now);
            }
        } catch (IOException | RuntimeException e) {
            // Redis away: keep the key held, and try again at the next heartbeat.
            LOG.log(Level.DEBUG, "could not check the session key: {0}", e.toString());
        }
    }
}
