package dev.chatsocket.metrics;

import dev.chatsocket.ws.EndpointEvents;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Creates the application's metrics before its servlets start (listeners run first, Servlet 6.0
 * §11.3.3) and makes them the observer of every WebSocket endpoint; closes them at undeploy.
 */
@WebListener
public class MetricsListener implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ApplicationMetrics metrics = ApplicationMetrics.install(event.getServletContext());
        EndpointEvents.install(event.getServletContext(), metrics::endpoint);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ApplicationMetrics.of(event.getServletContext()).ifPresent(ApplicationMetrics::close);
    }
}
