package dev.chatsocket.health;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Tells load balancers and scripts whether to send traffic here: 200 {@code {"status":"ready",…}}
 * when every {@link HealthChecks health check} passes, 503 with the reason (for example
 * {@code {"status":"stopping",…}} during a shutdown) when one does not.
 */
@WebServlet(name = "health", urlPatterns = "/health")
public class HealthServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthReport report = HealthChecks.of(getServletContext()).run();
        response.setStatus(report.httpStatus());
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(report.toJson() + "\n");
    }
}
