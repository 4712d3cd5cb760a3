package dev.chatsocket.history;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much history each room keeps: messages younger than {@code maxAge}, at most the newest
 * {@code maxCount}, both when both are set; everything when neither is. Applied in the background
 * ({@link RetentionPass}), so a room may hold a little more for a while.
 */
public record Retention(Optional<Duration> maxAge, OptionalLong maxCount) {
    public static final Retention KEEP_EVERYTHING = new Retention(Optional.empty(), OptionalLong.empty());

    private static final Pattern AGE = Pattern.compile("(\\d+)([dhms])");
    private static final Pattern COUNT = Pattern.compile("\\d+");

    public Retention {
        maxAge.ifPresent(age -> {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("the age must be positive");
            }
        });
        if (maxCount.isPresent() && maxCount.getAsLong() < 1) {
            throw new IllegalArgumentException("the count must be at least 1");
        }
    }

    public boolean keepsEverything() {
        return maxAge.isEmpty() && maxCount.isEmpty();
    }

    /**
     * Reads {@code 30d}, {@code 100000} or both, comma-separated ({@code 30d,100000}): an age in
     * days, hours, minutes or seconds and a count of messages per room.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static Retention parse(String text) {
        Optional<Duration> age = Optional.empty();
        OptionalLong count = OptionalLong.empty();
        for (String part : text.split(",", -1)) {
            String item = part.trim().toLowerCase(Locale.ROOT);
            Matcher m = AGE.matcher(item);
            try {
                if (m.matches() && age.isEmpty()) {
                    long amount = Long.parseLong(m.group(1));
                    age = Optional.of(switch (m.group(2)) {
                        case "d" -> Duration.ofDays(amount);
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        default -> Duration.ofSeconds(amount);
                    });
                } else if (COUNT.matcher(item).matches() && count.isEmpty()) {
                    count = OptionalLong.of(Long.parseLong(item));
                } else {
                    throw new IllegalArgumentException(EXPECTED);
                }
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException(EXPECTED);
            }
        }
        try {
            return new Retention(age, count);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; " + EXPECTED);
        }
    }

    private static final String EXPECTED = "expected an age (30d, 12h, 90m, 3600s), a count of messages per room (100000), or both (30d,100000)";
}
