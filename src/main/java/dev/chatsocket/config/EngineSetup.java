package dev.chatsocket.config;

import dev.chatsocket.health.HealthChecks;
import dev.chatsocket.ws.WebSocketEngine;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.Optional;

/**
 * Hands the WebSocket engine its settings once, when the application starts and before its
 * servlets do (listeners come first, Servlet 6.0 §11.3.3), and tells {@code /health} when the
 * engine is stopping. A setting the engine cannot take fails here, and with it the deployment.
 */
@WebListener
public class EngineSetup implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        WebSocketEngine engine = WebSocketEngine.install(context, ApplicationConfig.of(context).engine());
        HealthChecks.of(context).add("shutdown", () -> engine.isStopping() ? Optional.of("stopping") : Optional.empty());
    }
}
