package dev.chatsocket.ws;

import jakarta.servlet.ServletContext;

import java.util.function.Function;

/**
 * Where a web application says who observes its WebSocket endpoints: a listener that starts
 * before the servlets {@link #install installs} a function from endpoint name (the servlet's
 * name, {@code chat} or {@code echo}) to observer; each {@link WebSocketServlet} asks for its own
 * when it starts. Without one, nobody is told anything. The engine stays ignorant of what the
 * observer is (metrics, here) and of CDI.
 */
public final class EndpointEvents {
    private static final String ATTRIBUTE = EndpointEvents.class.getName();

    private EndpointEvents() {
    }

    public static void install(ServletContext context, Function<String, ConnectionEvents> observers) {
        context.setAttribute(ATTRIBUTE, observers);
    }

    @SuppressWarnings("unchecked")
    static ConnectionEvents of(ServletContext context, String endpoint) {
        Object observers = context.getAttribute(ATTRIBUTE);
        return observers instanceof Function<?, ?> f
                ? ((Function<String, ConnectionEvents>) f).apply(endpoint)
                : ConnectionEvents.NONE;
    }
}
