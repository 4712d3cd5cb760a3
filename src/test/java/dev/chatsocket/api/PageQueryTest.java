package dev.chatsocket.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageQueryTest {

    @Test
    void defaultsAreTheNewestFiftyAndBoundsAreTaken() throws ApiProblem {
        assertEquals(new PageQuery(PageQuery.NEWEST, 50), PageQuery.of(null, null));
        assertEquals(new PageQuery(1, 1), PageQuery.of("1", "1"));
        assertEquals(new PageQuery(Long.MAX_VALUE, 100), PageQuery.of(Long.toString(Long.MAX_VALUE), "100"));
        assertEquals(new PageQuery(42, 50), PageQuery.of("42", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "+5", " 5", "5 ", "1e3", "0x10", "abc", "9223372036854775808", "99999999999999999999"})
    void aBadBeforeIs400NamingIt(String before) {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> PageQuery.of(before, null));
        assertEquals(400, problem.status());
        assertEquals("bad-request", problem.error());
        assertTrue(problem.reason().contains("\"before\""), problem.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "101", "-1", "1.5", "ten"})
    void aBadLimitIs400NamingIt(String limit) {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> PageQuery.of(null, limit));
        assertEquals(400, problem.status());
        assertTrue(problem.reason().contains("\"limit\""), problem.reason());
    }

    @Test
    void everyStatusHasItsErrorWord() {
        assertEquals("unauthorized", ApiProblem.errorOf(401));
        assertEquals("forbidden", ApiProblem.errorOf(403));
        assertEquals("conflict", ApiProblem.errorOf(409));
        assertEquals("not-found", ApiProblem.errorOf(404));
        assertEquals("method-not-allowed", ApiProblem.errorOf(405));
        assertEquals("too-large", ApiProblem.errorOf(413));
        assertEquals("unsupported-media-type", ApiProblem.errorOf(415));
        assertEquals("rate-limited", ApiProblem.errorOf(429));
        assertEquals("internal-error", ApiProblem.errorOf(500));
        assertEquals("not-implemented", ApiProblem.errorOf(501));
        assertEquals("unavailable", ApiProblem.errorOf(503));
    }
}
