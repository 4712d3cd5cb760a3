package dev.chatsocket.health;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How check results become the /health answer. */
class HealthReportTest {

    @Test
    void everyCheckFineIsReadyWith200() {
        HealthReport report = new HealthReport(List.of(Map.entry("shutdown", Optional.empty()),
                Map.entry("backend", Optional.empty())));
        assertTrue(report.ready());
        assertEquals(200, report.httpStatus());
        assertEquals("{\"status\":\"ready\",\"checks\":{\"shutdown\":\"ok\",\"backend\":\"ok\"}}", report.toJson());
    }

    @Test
    void noChecksAtAllIsReady() {
        assertEquals("{\"status\":\"ready\",\"checks\":{}}", new HealthReport(List.of()).toJson());
    }

    @Test
    void theFirstProblemIsTheStatusWith503AndEveryCheckIsListed() {
        HealthReport report = new HealthReport(List.of(Map.entry("shutdown", Optional.of("stopping")),
                Map.entry("backend", Optional.of("unreachable"))));
        assertFalse(report.ready());
        assertEquals(503, report.httpStatus());
        assertEquals("{\"status\":\"stopping\",\"checks\":{\"shutdown\":\"stopping\",\"backend\":\"unreachable\"}}",
                report.toJson());
    }
}
