package dev.chatsocket.metrics;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: the application's meters in the Prometheus text format, for a scraper. */
@WebServlet(name = "metrics", urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApplicationMetrics metrics = ApplicationMetrics.of(getServletContext()).orElse(null);
        if (metrics == null) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "metrics are not installed");
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
