package dev.chatsocket.ws;

import dev.chatsocket.ws.handshake.OriginPolicy;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/**
 * The WebSocket engine of one web application: the settings its endpoints share and the
 * connections they have open. The application installs it once, from a
 * {@code ServletContextListener} (listeners start before servlets, Servlet 6.0 §11.3.3), and
 * every {@link WebSocketServlet} of the application finds it when it starts; the engine learns
 * nothing else of the application.
 *
 * <p>When the application stops, the engine takes no new connection and closes the open ones
 * with 1001 ({@link OpenConnections}); {@link #isStopping} says so to whoever asks, such as a
 * health check. A launcher that stops the application finds the same shutdown as a
 * {@link Runnable} under the context attribute {@value #SHUTDOWN_HOOK_ATTRIBUTE} (a JDK type, so
 * the launcher needs none of the application's classes) and may run it first, while the container
 * still routes requests here: new handshakes then get the application's own 503.
 */
public final class WebSocketEngine {
    /** Context attribute holding the engine's shutdown as a {@link Runnable}, for launchers. */
    public static final String SHUTDOWN_HOOK_ATTRIBUTE = "dev.chatsocket.shutdown";
    private static final String ATTRIBUTE = WebSocketEngine.class.getName();

    private final EngineSettings settings;
    private final OriginPolicy originPolicy;
    private final OpenConnections connections;

    private WebSocketEngine(EngineSettings settings) {
        this.settings = settings;
        this.originPolicy = settings.origins().policy();
        this.connections = new OpenConnections(
                new ConnectionSlots(settings.maxConnections(), settings.maxConnectionsPerAddress()),
                settings.shutdownGrace());
    }

    /** Creates the application's engine; call once, before any of its WebSocket servlets starts. */
    public static WebSocketEngine install(ServletContext context, EngineSettings settings) {
        WebSocketEngine engine = new WebSocketEngine(settings);
        context.setAttribute(ATTRIBUTE, engine);
        context.setAttribute(SHUTDOWN_HOOK_ATTRIBUTE, (Runnable) engine.connections::shutDown);
        return engine;
    }

    /** The engine the application installed. */
    static WebSocketEngine of(ServletContext context) throws ServletException {
        if (context.getAttribute(ATTRIBUTE) instanceof WebSocketEngine engine) {
            return engine;
        }
        throw new ServletException("no WebSocket engine for this application: a ServletContextListener installs one"
                + " with WebSocketEngine.install before the WebSocket servlets start");
    }

    /** Whether the application is stopping: its endpoints take no new connection. */
    public boolean isStopping() {
        return connections.isStopping();
    }

    EngineSettings settings() {
        return settings;
    }

    OriginPolicy originPolicy() {
        return originPolicy;
    }

    OpenConnections connections() {
        return connections;
    }
}
