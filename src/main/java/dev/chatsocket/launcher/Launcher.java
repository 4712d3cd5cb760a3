package dev.chatsocket.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import dev.chatsocket.config.EngineConfig;
import dev.chatsocket.config.Settings;

/**
 * Runs the chatsocket WAR on embedded Jetty 12.1 (ee10) or, for local checks against the other
 * container, embedded Tomcat. Not packaged in the WAR.
 *
 * <p>Settings, read like the application's own ({@link Settings}: a system property, else an
 * environment variable, else the default):
 * <ul>
 *   <li>{@code CHATSOCKET_SERVER}: {@code jetty} (default) or {@code tomcat}; Tomcat needs its jars
 *   on the class path, which the pom's {@code tomcat} profile puts there</li>
 *   <li>{@code CHATSOCKET_PORT}: port to listen on (default 8080; 0 picks a free one)</li>
 *   <li>{@code CHATSOCKET_HOST}: address to bind (default {@code 0.0.0.0}, every interface)</li>
 *   <li>{@code CHATSOCKET_CONTEXT_PATH}: context path of the application (default {@code /})</li>
 *   <li>{@code CHATSOCKET_WAR}: the WAR file or exploded directory (default {@code target/chatsocket.war})</li>
 *   <li>{@code CHATSOCKET_MAX_HANDSHAKE_HEADER_BYTES}: the largest request head the server reads
 *   (default 8KiB, Jetty's and Tomcat's own default; 431 beyond), the same limit the application
 *   puts on handshakes</li>
 *   <li>{@code CHATSOCKET_MAX_THREADS}: the server's request thread pool (default 64, or 4 per CPU
 *   when that is more): upgraded connections hold no thread between events</li>
 *   <li>{@code CHATSOCKET_MAX_CONNECTIONS}: the application's cap on WebSocket connections (default
 *   10,000); embedded Tomcat's connector is given room for it plus 1,024 plain HTTP connections
 *   (Jetty's connector has no cap)</li>
 *   <li>{@code CHATSOCKET_SOCKET_BUFFER_SIZE}: embedded Tomcat only, the read and the write buffer it
 *   keeps for each open connection (default 4KiB; Tomcat's own is 8KiB; Jetty lends its buffers
 *   from a pool and keeps none for an idle connection)</li>
 *   <li>{@code CHATSOCKET_USERS_FILE}: turns on a local login (issue 14): BASIC authentication
 *   against the users of this file ({@code name:password:role1,role2} a line, see
 *   {@link LocalUsers}), asked for at {@code /login} only, so guests still get in; unset (the
 *   default): no login</li>
 *   <li>{@code CHATSOCKET_STOP_TIMEOUT}: bound on the graceful stop (default 10s: longer than the
 *   application's {@code CHATSOCKET_SHUTDOWN_GRACE} for its WebSockets, 5s by default)</li>
 * </ul>
 *
 * <p>Log records of {@code java.util.logging} (and so of {@code System.Logger}) are written one per
 * line ({@link OneLineLogFormatter}) unless the JVM is given a logging configuration.
 *
 * <p>On SIGTERM or Ctrl-C a shutdown hook stops the web application first (it can still close its
 * WebSockets with 1001 over the open connections), then the server; the hook gives up after the
 * stop timeout plus a margin so that the process always exits.
 *
 * <p>The launcher's class path must hold only the server side (Jetty or Tomcat, the
 * Servlet/JSP/EL/annotation APIs, this class): the WAR brings its own Weld, Parsson and JSTL in
 * WEB-INF/lib. The pom's {@code exec:exec} configuration builds exactly that class path.
 */
public final class Launcher {

    /**
     * TCP connections embedded Tomcat holds beyond the application's WebSocket cap: page loads,
     * health checks and handshakes the application is about to refuse.
     */
    private static final int PLAIN_HTTP_CONNECTIONS = 1024;
    /** Jetty's SLF4J binding reads logger levels from system properties named LOGGER.LEVEL. */
    private static final String DIGESTER_LOG_LEVEL = "org.apache.tomcat.util.descriptor.DigesterFactory.LEVEL";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        OneLineLogFormatter.installUnlessConfigured();
        // Jasper looks for the XML schemas of the descriptors in the Servlet API jar, which the plain
        // jakarta.servlet-api jar does not carry, and warns three times; validation is off, so it is noise.
        if (System.getProperty(DIGESTER_LOG_LEVEL) == null) {
            System.setProperty(DIGESTER_LOG_LEVEL, "ERROR");
        }
        Settings settings = Settings.fromEnvironment(new Properties());
        int port = settings.integer("CHATSOCKET_PORT", 8080);
        String host = settings.string("CHATSOCKET_HOST", "0.0.0.0");
        String contextPath = ContextPaths.normalize(settings.string("CHATSOCKET_CONTEXT_PATH", "/"));
        Path war = Path.of(settings.string("CHATSOCKET_WAR", "target/chatsocket.war"));
        long stopTimeout = settings.duration("CHATSOCKET_STOP_TIMEOUT", Duration.ofSeconds(10)).toMillis();
        // The application refuses a handshake over this too (431); the server applies it to every request.
        int headerSize = settings.intSize("CHATSOCKET_MAX_HANDSHAKE_HEADER_BYTES", 8 << 10);
        int maxThreads = settings.integer("CHATSOCKET_MAX_THREADS",
                Math.max(64, 4 * Runtime.getRuntime().availableProcessors()));

        EmbeddedServer server;
        try {
            server = newServer(settings, host, port, stopTimeout, headerSize).maxThreads(maxThreads);
            String usersFile = settings.raw("CHATSOCKET_USERS_FILE");
            if (usersFile != null) {
                LocalUsers users = readUsers(usersFile);
                server.login(users);
                System.out.println("chatsocket: local login at " + LocalUsers.LOGIN_PATH + " for "
                        + users.users().size() + " users of " + usersFile);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("chatsocket: " + e.getMessage());
            System.exit(2);
            return;
        }
        Thread hook = new Thread(() -> stopBounded(server, stopTimeout + 2000), "chatsocket-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int bound = server.start();
            server.serve(war, contextPath);
            String shownHost = "0.0.0.0".equals(host) || host.isBlank() ? "localhost" : host;
            String path = "/".equals(contextPath) ? "/" : contextPath + "/";
            System.out.println("chatsocket: serving " + war + " on " + server.description()
                    + " at http://" + shownHost + ":" + bound + path
                    + " (bound to " + host + ":" + bound + "; stop with Ctrl-C)");
        } catch (Exception e) {
            System.err.println("chatsocket: failed to start: " + e);
            e.printStackTrace();
            // Let the hook stop whatever did start, then exit non-zero.
            System.exit(1);
        }
        server.join();
    }

    private static EmbeddedServer newServer(Settings settings, String host, int port, long stopTimeout,
                                            int headerSize) throws IOException {
        String kind = settings.string("CHATSOCKET_SERVER", "jetty");
        switch (kind) {
            case "jetty":
                return new EmbeddedJetty(host, port, stopTimeout, headerSize);
            case "tomcat":
                if (!onClassPath("org.apache.catalina.startup.Tomcat")) {
                    throw new IllegalStateException("CHATSOCKET_SERVER=tomcat but Tomcat is not on the class path:"
                            + " start with `mvn -q -DskipTests -Ptomcat package exec:exec`");
                }
                // Jetty's connector has no connection cap; Tomcat's (8192) would stall connections
                // below the application's default WebSocket cap (10,000).
                int webSockets = settings.integer("CHATSOCKET_MAX_CONNECTIONS", EngineConfig.DEFAULT_MAX_CONNECTIONS);
                return new EmbeddedTomcat(host, port, headerSize, Files.createTempDirectory("chatsocket-tomcat-"))
                        .maxConnections(webSockets + PLAIN_HTTP_CONNECTIONS)
                        .socketBufferBytes(settings.intSize("CHATSOCKET_SOCKET_BUFFER_SIZE",
                                EmbeddedTomcat.DEFAULT_SOCKET_BUFFER_BYTES));
            default:
                throw new IllegalArgumentException("CHATSOCKET_SERVER must be jetty or tomcat, not " + kind);
        }
    }

    private static LocalUsers readUsers(String file) {
        try {
            return LocalUsers.read(Path.of(file));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("CHATSOCKET_USERS_FILE=" + file + " is not valid: cannot read it (" + e + ")");
        }
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, Launcher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Stops the server from the shutdown hook, waiting at most {@code maxMillis}. */
    private static void stopBounded(EmbeddedServer server, long maxMillis) {
        Thread stopper = new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("chatsocket: error while stopping: " + e);
            }
        }, "chatsocket-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(maxMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            System.err.println("chatsocket: stop did not finish within " + maxMillis + " ms; exiting anyway");
        } else {
            System.out.println("chatsocket: stopped");
        }
    }
}
