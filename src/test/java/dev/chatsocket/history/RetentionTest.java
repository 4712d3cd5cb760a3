package dev.chatsocket.history;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How CHATSOCKET_RETENTION's value reads. */
class RetentionTest {
    @Test
    void anAgeACountOrBoth() {
        assertEquals(new Retention(Optional.of(Duration.ofDays(30)), OptionalLong.empty()), Retention.parse("30d"));
        assertEquals(new Retention(Optional.empty(), OptionalLong.of(100_000)), Retention.parse("100000"));
        assertEquals(new Retention(Optional.of(Duration.ofHours(12)), OptionalLong.of(5)), Retention.parse("5, 12h"));
        assertEquals(Duration.ofMinutes(90), Retention.parse("90m").maxAge().orElseThrow());
        assertEquals(Duration.ofSeconds(3600), Retention.parse("3600S").maxAge().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "xyz", "30d,", "30d,40d", "1,2", "0", "0d", "-5", "30 d", "1w", "99999999999999999999"})
    void anythingElseIsRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> Retention.parse(value));
    }
}
