package dev.chatsocket.health;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of the health checks: ready when every check is fine, otherwise not ready because
 * of the first check that is not. As JSON:
 * {@code {"status":"ready","checks":{"shutdown":"ok"}}} with 200, or
 * {@code {"status":"stopping","checks":{"shutdown":"stopping"}}} with 503 (the status is the
 * first problem found, so a load balancer's log says why).
 */
public record HealthReport(List<Map.Entry<String, Optional<String>>> results) {
    public static final String READY = "ready";
    private static final String OK = "ok";

    public HealthReport {
        results = List.copyOf(results);
    }

    public boolean ready() {
        return results.stream().allMatch(r -> r.getValue().isEmpty());
    }

    /** 200 when ready, 503 (Service Unavailable: try another instance) when not. */
    public int httpStatus() {
        return ready() ? 200 : 503;
    }

    public String status() {
        return results.stream()
                .map(Map.Entry::getValue)
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(READY);
    }

    public String toJson() {
        JsonObjectBuilder checks = Json.createObjectBuilder();
        results.forEach(r -> checks.add(r.getKey(), r.getValue().orElse(OK)));
        return Json.createObjectBuilder()
                .add("status", status())
                .add("checks", checks)
                .build()
                .toString();
    }
}
