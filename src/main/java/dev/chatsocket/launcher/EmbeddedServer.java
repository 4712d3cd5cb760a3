package dev.chatsocket.launcher;

import java.nio.file.Path;

/** What the {@link Launcher} needs of an embedded container: Jetty or Tomcat. */
interface EmbeddedServer {

    /**
     * Caps the server's request thread pool (before {@link #start()}). Upgraded connections hold no
     * thread between events, so a pool sized for bursts of handshakes and pages is enough however
     * many connections are open; left at the container's default (200) the pool grows to it in a
     * burst and stays there.
     */
    EmbeddedServer maxThreads(int max);

    /**
     * Turns on the local login for every web application deployed afterwards (before
     * {@link #serve}): BASIC authentication against these users, required at
     * {@link LocalUsers#LOGIN_PATH} only and honoured everywhere else when a request brings it, so
     * that guests still get in.
     */
    EmbeddedServer login(LocalUsers users);

    /** Binds the connector (port 0 picks a free one) with no web application yet; returns the port. */
    int start() throws Exception;

    /** Deploys and starts a WAR file or exploded directory at a context path ("/" for the root). */
    void serve(Path war, String contextPath) throws Exception;

    /** Stops every web application while connections are still open, then the server. */
    void stop() throws Exception;

    /** Blocks until the server has stopped. */
    void join() throws InterruptedException;

    /** The container and its version, for the start-up line. */
    String description();
}
