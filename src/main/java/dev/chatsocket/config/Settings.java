package dev.chatsocket.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * chatsocket's settings. Every setting has one name, {@code CHATSOCKET_SOMETHING}, looked up in
 * this order: a JVM system property of that name, an environment variable, the file
 * {@code WEB-INF/chatsocket.properties} in the WAR, then the built-in default. So an operator's
 * environment overrides what a WAR was packaged with.
 *
 * <p>Sizes are bytes, optionally with KiB, MiB or GiB; durations are milliseconds, or a number
 * with ms, s, m or h. A value that does not parse stops the deployment with a message naming the
 * setting, rather than running with something nobody asked for.
 */
public final class Settings {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(|ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> environment;
    private final Properties packaged;

    public Settings(Map<String, String> environment, Properties packaged) {
        this.environment = environment;
        this.packaged = packaged;
    }

    /** Settings from the system properties and environment of this JVM and a packaged file. */
    public static Settings fromEnvironment(Properties packaged) {
        return new Settings(System.getenv(), packaged);
    }

    /**
     * The raw value, trimmed, or {@code null} when no source sets it. A blank value counts as not
     * set, so the next source down decides (an empty {@code CHATSOCKET_X=} in the environment does
     * not hide the packaged value).
     */
    public String raw(String name) {
        String value = nonBlank(System.getProperty(name));
        if (value == null) {
            value = nonBlank(environment.get(name));
        }
        if (value == null) {
            value = nonBlank(packaged.getProperty(name));
        }
        return value;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public String string(String name, String defaultValue) {
        String value = raw(name);
        return value == null ? defaultValue : value;
    }

    public boolean flag(String name, boolean defaultValue) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(name, value, "true or false");
        };
    }

    public int integer(String name, int defaultValue) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(name, value, "a whole number");
        }
    }

    /** A whole number of at least {@code min}. */
    public int integer(String name, int defaultValue, int min) {
        int value = integer(name, defaultValue);
        if (value < min) {
            throw invalid(name, raw(name), "a whole number of at least " + min);
        }
        return value;
    }

    /** A size in bytes; at most {@link Long#MAX_VALUE}. */
    public long size(String name, long defaultValue) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw invalid(name, value, "a size such as 65536, 64KiB or 16MiB");
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            default -> 1;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(name, value, "a smaller size");
        }
    }

    /** A size that must fit in an int, as array lengths do. */
    public int intSize(String name, int defaultValue) {
        long size = size(name, defaultValue);
        if (size > Integer.MAX_VALUE) {
            throw invalid(name, raw(name), "a size below 2GiB");
        }
        return (int) size;
    }

    public Duration duration(String name, Duration defaultValue) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw invalid(name, value, "a duration such as 500ms, 30s or 5m");
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMillis(amount);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(name, value, "a shorter duration");
        }
    }

    /** A duration of at least {@code min}. */
    public Duration duration(String name, Duration defaultValue, Duration min) {
        Duration value = duration(name, defaultValue);
        if (value.compareTo(min) < 0) {
            throw invalid(name, raw(name), "a duration of at least " + min.toMillis() + "ms");
        }
        return value;
    }

    private static IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException(name + "=" + value + " is not valid: expected " + expected);
    }
}
