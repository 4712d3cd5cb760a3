package dev.chatsocket.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a setting comes from, and how sizes and durations are read. */
class SettingsTest {
    /** A name no real setting uses, so a developer's environment cannot interfere. */
    private static final String NAME = "CHATSOCKET_UNIT_TEST_SETTING";

    private final Map<String, String> env = new HashMap<>();
    private final Properties packaged = new Properties();
    private final Settings settings = new Settings(env, packaged);

    @AfterEach
    void clearSystemProperty() {
        System.clearProperty(NAME);
    }

    @Test
    void fallsBackToTheDefaultWhenNoSourceSetsIt() {
        assertNull(settings.raw(NAME));
        assertEquals("default", settings.string(NAME, "default"));
        assertEquals(7, settings.integer(NAME, 7));
        assertEquals(64, settings.size(NAME, 64));
        assertEquals(Duration.ofSeconds(3), settings.duration(NAME, Duration.ofSeconds(3)));
        assertTrue(settings.flag(NAME, true));
    }

    @Test
    void thePackagedFileOverridesTheDefault() {
        packaged.setProperty(NAME, "packaged");
        assertEquals("packaged", settings.string(NAME, "default"));
    }

    @Test
    void theEnvironmentOverridesThePackagedFile() {
        packaged.setProperty(NAME, "packaged");
        env.put(NAME, "env");
        assertEquals("env", settings.string(NAME, "default"));
    }

    @Test
    void aSystemPropertyOverridesEverything() {
        packaged.setProperty(NAME, "packaged");
        env.put(NAME, "env");
        System.setProperty(NAME, "property");
        assertEquals("property", settings.string(NAME, "default"));
    }

    @Test
    void trimsValues() {
        env.put(NAME, "  spaced  ");
        assertEquals("spaced", settings.raw(NAME));
    }

    /** A blank value counts as not set, so the next source down decides, not the default. */
    @Test
    void aBlankValueFallsThroughToTheNextSource() {
        packaged.setProperty(NAME, "packaged");
        env.put(NAME, "   ");
        assertEquals("packaged", settings.string(NAME, "default"));
        System.setProperty(NAME, "");
        assertEquals("packaged", settings.string(NAME, "default"));
        packaged.setProperty(NAME, " ");
        assertEquals("default", settings.string(NAME, "default"));
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            "65536, 65536", "0, 0", "64KiB, 65536", "64kib, 65536", "64 KiB, 65536", "16MiB, 16777216",
            "2GiB, 2147483648", "100B, 100", "1MIB, 1048576"})
    void readsSizes(String value, long bytes) {
        env.put(NAME, value);
        assertEquals(bytes, settings.size(NAME, -1));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"64KB", "64k", "1.5MiB", "-1", "MiB", "64 KiB extra", "0x10", "9223372036854775807KiB",
            "99999999999999999999"})
    void refusesAMalformedSizeNamingTheSetting(String value) {
        env.put(NAME, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.size(NAME, 1));
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
    }

    @Test
    void intSizeRefusesSizesThatDoNotFitAnArray() {
        env.put(NAME, "2GiB");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.intSize(NAME, 1));
        assertTrue(e.getMessage().contains(NAME));
        env.put(NAME, "16MiB");
        assertEquals(16 << 20, settings.intSize(NAME, 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "2h, PT2H", "1500, PT1.5S", "0, PT0S", "30 S, PT30S",
            "10MS, PT0.01S"})
    void readsDurations(String value, Duration expected) {
        env.put(NAME, value);
        assertEquals(expected, settings.duration(NAME, Duration.ZERO));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"5 minutes", "1.5s", "-5s", "5d", "s", "PT5S", "99999999999999999999", "9223372036854775807h"})
    void refusesAMalformedDurationNamingTheSetting(String value) {
        env.put(NAME, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.duration(NAME, Duration.ZERO));
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"true, true", "yes, true", "ON, true", "1, true", "false, false", "no, false", "Off, false", "0, false"})
    void readsFlags(String value, boolean expected) {
        env.put(NAME, value);
        assertEquals(expected, settings.flag(NAME, !expected));
    }

    @Test
    void refusesAMalformedFlagOrIntegerNamingTheSetting() {
        env.put(NAME, "maybe");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings.flag(NAME, true))
                .getMessage().contains(NAME));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings.integer(NAME, 1))
                .getMessage().contains(NAME));
        env.put(NAME, "8080");
        assertEquals(8080, settings.integer(NAME, 1));
    }

    @Test
    void fromEnvironmentReadsSystemPropertiesToo() {
        System.setProperty(NAME, "42");
        assertEquals(42, Settings.fromEnvironment(new Properties()).integer(NAME, 0));
        System.clearProperty(NAME);
        assertFalse(Settings.fromEnvironment(new Properties()).flag(NAME, false));
    }
}
