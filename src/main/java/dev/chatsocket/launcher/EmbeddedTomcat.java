package dev.chatsocket.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.chatsocket.ws.WebSocketEngine;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat (11.0 or 10.1: only API both have) serving WAR files, shared by the
 * {@link Launcher} and the Arquillian container adapter of the tests, like {@link EmbeddedJetty}.
 *
 * <p>A WAR is deployed with {@link Tomcat#addWebapp}, which sets up what a stock Tomcat's
 * conf/web.xml gives every application (default servlet, JSP servlet, welcome files). Nothing else
 * is needed: Weld, inside the WAR, detects Tomcat by itself (WELD-ENV-001100) and injects into
 * servlets, and Tomcat's upgraded connections need no adaptation (see {@code ContainerQuirks}).
 *
 * <p>Lifecycle as {@link EmbeddedJetty}: {@link #start()} binds the connector with no application
 * yet, {@link #deploy(Path, String)} adds and starts one, {@link #stop()} stops every application
 * while the connector is still open (so that each can send close 1001 to its clients) and then the
 * server.
 */
public final class EmbeddedTomcat implements EmbeddedServer {
    /**
     * Tomcat keeps a read and a write buffer of this size for every open connection, upgraded or
     * not, for as long as it is open: 8 KiB each by default, 16 KiB of the 19 KiB of heap an idle
     * chatsocket connection held on embedded Tomcat (bench/run.sh idle, heap histogram). Chat
     * frames are a few hundred bytes; a larger one is read and written in more calls.
     */
    public static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 << 10;

    private final String host;
    private final int requestedPort;
    private final int requestHeaderSize;
    private final Path baseDir;
    /** 0: Tomcat's own default (200). */
    private int maxThreads;
    /** 0: Tomcat's own default (8192 for NIO). */
    private int maxConnections;
    private int socketBufferBytes = DEFAULT_SOCKET_BUFFER_BYTES;
    private final List<Context> webapps = new CopyOnWriteArrayList<>();
    /** The local login, or null. */
    private LocalUsers users;

    private Tomcat tomcat;

    /**
     * @param host    address to bind, {@code null} or {@code 0.0.0.0} for every interface
     * @param port    port to bind, 0 for a free one
     * @param requestHeaderSize the largest request head (request line and headers) Tomcat reads;
     *                larger is answered 400 before any servlet sees it
     * @param baseDir Tomcat's scratch directory (expanded WARs, compiled JSPs)
     */
    public EmbeddedTomcat(String host, int port, int requestHeaderSize, Path baseDir) {
        this.host = host;
        this.requestedPort = port;
        this.requestHeaderSize = requestHeaderSize;
        this.baseDir = baseDir;
    }

    /** The size of the read and of the write buffer Tomcat keeps per connection (before {@link #start()}). */
    public synchronized EmbeddedTomcat socketBufferBytes(int bytes) {
        if (tomcat != null) {
            throw new IllegalStateException("already started");
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("a socket buffer needs at least one byte, not " + bytes);
        }
        this.socketBufferBytes = bytes;
        return this;
    }

    @Override
    public synchronized EmbeddedTomcat login(LocalUsers localUsers) {
        this.users = localUsers;
        return this;
    }

    @Override
    public synchronized EmbeddedTomcat maxThreads(int max) {
        if (tomcat != null) {
            throw new IllegalStateException("already started");
        }
        this.maxThreads = max;
        return this;
    }

    /**
     * Caps the TCP connections the connector holds (before {@link #start()}). Past Tomcat's cap a
     * new connection is not refused but left waiting in the accept backlog, so the launcher sets it
     * above the application's own WebSocket cap, whose refusal (503) is the one clients should see.
     */
    public synchronized EmbeddedTomcat maxConnections(int max) {
        if (tomcat != null) {
            throw new IllegalStateException("already started");
        }
        this.maxConnections = max;
        return this;
    }

    @Override
    public synchronized int start() throws Exception {
        if (tomcat != null) {
            throw new IllegalStateException("already started");
        }
        Tomcat t = new Tomcat();
        t.setBaseDir(baseDir.toString());
        Path appBase = Files.createDirectories(baseDir.resolve("webapps"));
        t.getHost().setAppBase(appBase.toString());
        t.getHost().setAutoDeploy(false);
        t.getHost().setDeployOnStartup(false);
        Connector c = t.getConnector();
        c.setPort(requestedPort);
        c.setProperty("maxHttpHeaderSize", Integer.toString(requestHeaderSize));
        if (maxThreads > 0) {
            c.setProperty("maxThreads", Integer.toString(maxThreads));
        }
        if (maxConnections > 0) {
            c.setProperty("maxConnections", Integer.toString(maxConnections));
        }
        c.setProperty("socket.appReadBufSize", Integer.toString(socketBufferBytes));
        c.setProperty("socket.appWriteBufSize", Integer.toString(socketBufferBytes));
        if (host != null && !host.isBlank()) {
            c.setProperty("address", host);
        }
        t.start();
        // Tomcat logs a failed bind and carries on; a launcher or a test must not.
        if (c.getState() != LifecycleState.STARTED) {
            t.stop();
            t.destroy();
            throw new IllegalStateException("Tomcat's connector did not start on " + host + ":" + requestedPort);
        }
        tomcat = t;
        return c.getLocalPort();
    }

    @Override
    public void serve(Path war, String contextPath) throws Exception {
        deploy(war, contextPath);
    }

    /**
     * Deploys a WAR file or an exploded WAR directory at {@code contextPath} ("/" for the root) and
     * starts it; throws if it fails to start (Tomcat would otherwise log the cause and answer 404).
     */
    public Context deploy(Path war, String contextPath) throws Exception {
        Objects.requireNonNull(war, "war");
        if (!Files.exists(war)) {
            throw new IllegalArgumentException("no WAR at " + war.toAbsolutePath()
                    + " (run `mvn package` first, or set CHATSOCKET_WAR)");
        }
        String normalized = ContextPaths.normalize(contextPath);
        // Tomcat names the root context "", not "/".
        Context ctx = tomcat.addWebapp(tomcat.getHost(), "/".equals(normalized) ? "" : normalized,
                war.toAbsolutePath().toString(), new ContainerJarsOnlyConfig(users));
        if (ctx.getState() != LifecycleState.STARTED) {
            tomcat.getHost().removeChild(ctx);
            throw new IllegalStateException("web application " + normalized
                    + " failed to start (state " + ctx.getState() + "), see the log above");
        }
        webapps.add(ctx);
        return ctx;
    }

    /**
     * Stops and removes a web application, as an undeploy does. The application's own shutdown
     * (close 1001 to every client, then a bounded wait) runs first, while Tomcat still routes
     * requests to it, so that new handshakes get its 503 and /health its "stopping"; a stock
     * Tomcat unmaps the application first and answers 404 instead.
     */
    public void undeploy(Context ctx) {
        if (!webapps.remove(ctx)) {
            return;
        }
        if (ctx.getServletContext().getAttribute(WebSocketEngine.SHUTDOWN_HOOK_ATTRIBUTE) instanceof Runnable shutdown) {
            shutdown.run();
        }
        tomcat.getHost().removeChild(ctx);
    }

    @Override
    public synchronized void stop() throws Exception {
        if (tomcat == null) {
            return;
        }
        try {
            for (Context ctx : List.copyOf(webapps)) {
                undeploy(ctx);
            }
            tomcat.stop();
            tomcat.destroy();
        } finally {
            tomcat = null;
        }
    }

    @Override
    public void join() throws InterruptedException {
        Tomcat t = tomcat;
        if (t != null) {
            // Embedded, the server has no shutdown port (-1): await() returns when the server stops.
            t.getServer().await();
        }
    }

    @Override
    public String description() {
        return "Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber();
    }

    /**
     * The local login ({@link LocalUsers}) with Tomcat's own security, set before the context
     * starts: one constraint, any authenticated user ({@code **}) at {@link LocalUsers#LOGIN_PATH},
     * BASIC, and a realm holding the users. Every other path stays open: with preemptive
     * authentication Tomcat still checks credentials a request brings there, and
     * {@code alwaysUseSession} keeps the user in the HTTP session after a login, so later requests
     * (the page, the WebSocket handshake) carrying the session cookie have the principal too.
     * Set here rather than in the WAR's web.xml, so that the WAR needs no realm wherever it runs.
     */
    static void enableLogin(Context ctx, LocalUsers users) {
        SecurityCollection loginPath = new SecurityCollection();
        loginPath.addPattern(LocalUsers.LOGIN_PATH);
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addCollection(loginPath);
        // addAuthRole("**") marks the constraint for any authenticated user but, unlike a named
        // role, does not mark it as having an auth-constraint at all; without this, Tomcat answers
        // 403 at once instead of asking for a login.
        constraint.setAuthConstraint(true);
        constraint.addAuthRole(SecurityConstraint.ROLE_ALL_AUTHENTICATED_USERS);
        ctx.addConstraint(constraint);
        LoginConfig basic = new LoginConfig();
        basic.setAuthMethod("BASIC");
        basic.setRealmName(LocalUsers.REALM);
        ctx.setLoginConfig(basic);
        // Present before ContextConfig looks, so it adds no authenticator of its own.
        BasicAuthenticator authenticator = new BasicAuthenticator();
        authenticator.setAlwaysUseSession(true);
        ctx.getPipeline().addValve(authenticator);
        ctx.setPreemptiveAuthentication(true);
        ctx.setRealm(new LocalRealm(users));
    }

    /** The users of {@link LocalUsers}, with plain-text passwords (RealmBase's default comparison). */
    private static final class LocalRealm extends RealmBase {
        private final Map<String, LocalUsers.User> users;

        LocalRealm(LocalUsers users) {
            this.users = users.users().stream().collect(Collectors.toMap(LocalUsers.User::name, Function.identity()));
        }

        @Override
        protected String getPassword(String username) {
            LocalUsers.User user = users.get(username);
            return user == null ? null : user.password();
        }

        @Override
        protected Principal getPrincipal(String username) {
            LocalUsers.User user = users.get(username);
            return user == null ? null : new GenericPrincipal(username, user.roles());
        }
    }

    /**
     * Tomcat's usual {@link ContextConfig}, except that, like a stock Tomcat whose class path holds only
     * Tomcat's own jars, it does not scan the JVM's class path for TLDs, web fragments and SCIs: the
     * launcher's and the tests' class paths also hold the application's classes, which would be found
     * twice. WEB-INF/lib and WEB-INF/classes are still scanned.
     */
    private static final class ContainerJarsOnlyConfig extends ContextConfig {
        /** The local login, or null. */
        private final LocalUsers users;

        ContainerJarsOnlyConfig(LocalUsers users) {
            this.users = users;
        }

        @Override
        public void lifecycleEvent(LifecycleEvent event) {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                Context ctx = (Context) event.getLifecycle();
                if (users != null) {
                    enableLogin(ctx, users);
                }
                if (ctx.getJarScanner() instanceof StandardJarScanner scanner) {
                    scanner.setScanClassPath(false);
                } else if (ctx.getJarScanner() == null) {
                    StandardJarScanner scanner = new StandardJarScanner();
                    scanner.setScanClassPath(false);
                    ctx.setJarScanner(scanner);
                }
            }
            super.lifecycleEvent(event);
        }
    }
}
