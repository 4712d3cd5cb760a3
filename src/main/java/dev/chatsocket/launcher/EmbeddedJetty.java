package dev.chatsocket.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.chatsocket.ws.servlet.WebSocketServlet;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.servlet.DecoratingListener;
import org.eclipse.jetty.ee10.webapp.JspConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty 12.1 (ee10) serving WAR files, shared by the {@link Launcher} and the Arquillian
 * container adapter of the tests, so that both set a web application up the same way.
 *
 * <p>Lifecycle: {@link #start()} binds the connector (port 0 picks a free port) with no web
 * application yet; {@link #deploy(Path, String)} adds a WAR (file or exploded directory) at a context
 * path and starts it; {@link #undeploy(WebAppContext)} stops and removes it; {@link #stop()} stops
 * every web application while the connector is still open (so that an application can still send
 * its close frames to connected clients) and then stops the server, within the stop timeout.
 *
 * <p>Everything the WAR needs from the server side is here and nowhere else:
 * <ul>
 *   <li>annotations and {@code ServletContainerInitializer}s (jetty-ee10-annotations): Weld's servlet
 *       integration and Jasper register through SCIs;</li>
 *   <li>JSP (jetty-ee10-apache-jsp);</li>
 *   <li>Jetty's CDI "decorating" mode, see {@link #enableCdiDecoration(WebAppContext)};</li>
 *   <li>the HTTP/1.1 connection factory that lets browsers' handshakes through
 *   {@code HttpServletRequest.upgrade} ({@link UpgradeAwareHttpConnectionFactory}).</li>
 * </ul>
 * The server class path must hold no CDI API and none of the WAR's own libraries (Weld, Parsson,
 * JSTL): Jetty loads every {@code jakarta.*} class parent-first, so a second CDI API on the server
 * side would shadow the one in WEB-INF/lib and break Weld.
 */
public final class EmbeddedJetty implements EmbeddedServer, AutoCloseable {

    /** Context attribute through which Weld detects Jetty's CDI decorating mode. */
    static final String CDI_MODE_ATTRIBUTE = "org.eclipse.jetty.cdi";
    /** The mode Weld looks for; it then puts its decorator under {@link #CDI_DECORATOR_ATTRIBUTE}. */
    static final String CDI_MODE_DECORATING = "CdiDecoratingListener";
    /** Context attribute watched by a {@link DecoratingListener}: Weld's decorator for injection. */
    static final String CDI_DECORATOR_ATTRIBUTE = "org.eclipse.jetty.cdi.decorator";

    private final String host;
    private final int requestedPort;
    private final long stopTimeoutMillis;
    private final int requestHeaderSize;
    /** 0: Jetty's own default (200). */
    private int maxThreads;
    private final List<WebAppContext> webapps = new CopyOnWriteArrayList<>();

    private Server server;
    private ServerConnector connector;
    private ContextHandlerCollection contexts;
    private StoppingContexts stoppingContexts;

    /**
     * @param host              address to bind, {@code null} or {@code 0.0.0.0} for every interface
     * @param port              port to bind, 0 for a free one
     * @param stopTimeoutMillis bound on the graceful part of {@link #stop()}
     * @param requestHeaderSize the largest request head (request line and headers) Jetty reads;
     *                          larger is answered 431 before any servlet sees it
     */
    public EmbeddedJetty(String host, int port, long stopTimeoutMillis, int requestHeaderSize) {
        this.host = host;
        this.requestedPort = port;
        this.stopTimeoutMillis = stopTimeoutMillis;
        this.requestHeaderSize = requestHeaderSize;
    }

    @Override
    public synchronized EmbeddedJetty maxThreads(int max) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        this.maxThreads = max;
        return this;
    }

    /** Starts the server with no web application; returns the port actually bound. */
    @Override
    public synchronized int start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("chatsocket-jetty");
        if (maxThreads > 0) {
            threads.setMaxThreads(maxThreads);
        }
        Server s = new Server(threads);
        s.setStopTimeout(stopTimeoutMillis);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(requestHeaderSize);
        // Browsers' handshakes need the upgrade-aware factory on Jetty 12.1: see its Javadoc.
        ServerConnector c = new ServerConnector(s, new UpgradeAwareHttpConnectionFactory(http));
        if (host != null && !host.isBlank() && !"0.0.0.0".equals(host)) {
            c.setHost(host);
        }
        c.setPort(requestedPort);
        s.addConnector(c);

        ContextHandlerCollection ctxs = new ContextHandlerCollection();
        StoppingContexts gate = new StoppingContexts(ctxs);
        s.setHandler(gate);

        s.start();
        this.server = s;
        this.connector = c;
        this.contexts = ctxs;
        this.stoppingContexts = gate;
        return c.getLocalPort();
    }

    /** The port actually bound (after {@link #start()}). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void serve(Path war, String contextPath) throws Exception {
        deploy(war, contextPath);
    }

    @Override
    public void join() throws InterruptedException {
        Server s = server;
        if (s != null) {
            s.join();
        }
    }

    @Override
    public String description() {
        return "Jetty " + Jetty.VERSION;
    }

    /**
     * Deploys a WAR file or an exploded WAR directory at {@code contextPath} ("/" for the root) and
     * starts it. Throws if the web application fails to start (Jetty would otherwise keep serving
     * 503 for it and only log the cause).
     */
    public WebAppContext deploy(Path war, String contextPath) throws Exception {
        Objects.requireNonNull(war, "war");
        if (!Files.exists(war)) {
            throw new IllegalArgumentException("no WAR at " + war.toAbsolutePath()
                    + " (build it first: mvn -DskipTests package)");
        }
        WebAppContext webapp = newWebApp(war, contextPath);
        webapps.add(webapp);
        contexts.addHandler(webapp);
        try {
            if (!webapp.isStarted()) {
                webapp.start();
            }
            Throwable failure = webapp.getUnavailableException();
            if (failure != null) {
                throw new IllegalStateException("web application " + contextPath + " failed to start", failure);
            }
        } catch (Exception | Error e) {
            undeploy(webapp);
            throw e;
        }
        return webapp;
    }

    /**
     * Stops a web application deployed by {@link #deploy(Path, String)} and removes it. New
     * requests for it get 503 from the moment the stop begins ({@link StoppingContexts}).
     */
    public void undeploy(WebAppContext webapp) throws Exception {
        if (webapp == null || !webapps.remove(webapp)) {
            return;
        }
        String contextPath = webapp.getContextPath();
        try {
            // The application says goodbye to its WebSocket clients while it still gets requests,
            // so that new handshakes hear its own 503 and /health its "stopping".
            if (webapp.getServletContext().getAttribute(WebSocketServlet.SHUTDOWN_HOOK_ATTRIBUTE)
                    instanceof Runnable shutdown) {
                shutdown.run();
            }
            stoppingContexts.stopping(contextPath);
            webapp.stop();
        } finally {
            contexts.removeHandler(webapp);
            webapp.destroy();
            stoppingContexts.stopped(contextPath);
        }
    }

    /**
     * Stops every web application first, while the connector still accepts writes on open
     * connections (an application closing its WebSockets with 1001 can still reach the clients),
     * then the server, whose graceful part is bounded by the stop timeout.
     */
    @Override
    public synchronized void stop() throws Exception {
        if (server == null) {
            return;
        }
        Exception failure = null;
        for (WebAppContext webapp : List.copyOf(webapps)) {
            try {
                undeploy(webapp);
            } catch (Exception e) {
                failure = e;
            }
        }
        try {
            server.stop();
        } finally {
            server = null;
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** Builds (does not start) the web application for a WAR file or exploded directory. */
    static WebAppContext newWebApp(Path war, String contextPath) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(ContextPaths.normalize(contextPath));
        webapp.setWar(war.toAbsolutePath().toString());
        webapp.setThrowUnavailableOnStartupException(true);
        // Annotations/SCIs (Weld's EnhancedListener, Jasper's initializer) and JSP. Both are found on the
        // class path and enabled by default when present; adding them makes a missing jar fail loudly here.
        webapp.addConfiguration(new AnnotationConfiguration(), new JspConfiguration());
        // Parse TLDs shipped in container jars too (the JSTL jar lives in WEB-INF/lib and is scanned anyway).
        webapp.setAttribute("org.eclipse.jetty.server.webapp.ContainerIncludeJarPattern",
                ".*/jakarta\\.servlet\\.jsp\\.jstl-[^/]*\\.jar$|.*/jakarta\\.servlet-api-[^/]*\\.jar$");
        enableCdiDecoration(webapp);
        return webapp;
    }

    /**
     * Jetty's CDI "decorating" mode, done by hand because jetty-ee10-cdi is not published for 12.1
     * (on a stock Jetty distribution the {@code ee10-cdi-decorate} module does the same).
     *
     * <p>Weld's servlet integration looks at the context attribute {@value #CDI_MODE_ATTRIBUTE}; when it
     * says {@value #CDI_MODE_DECORATING}, Weld publishes its injector under
     * {@value #CDI_DECORATOR_ATTRIBUTE}, and the {@link DecoratingListener} hands it to Jetty's object
     * factory, which then injects into every servlet, filter and listener Jetty creates. Without it
     * Weld logs WELD-ENV-001001 and {@code @Inject} fields in servlets stay null.
     */
    static void enableCdiDecoration(WebAppContext webapp) {
        webapp.setAttribute(CDI_MODE_ATTRIBUTE, CDI_MODE_DECORATING);
        webapp.addEventListener(new DecoratingListener(webapp, CDI_DECORATOR_ATTRIBUTE));
    }
}
