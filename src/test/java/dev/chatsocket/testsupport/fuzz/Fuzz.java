package dev.chatsocket.testsupport.fuzz;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * How many inputs a fuzz test tries and from which seed, read from system properties so that the
 * same tests run briefly in every build and long behind the {@code fuzz} Maven profile:
 * {@code chatsocket.fuzz.tries} (per test) and {@code chatsocket.fuzz.seed} (a number, or
 * {@code random} for a new one each run), which the pom fills from {@code fuzz.tries} and
 * {@code fuzz.seed}. Every failure names the seed of its own try, so that
 * {@code mvn test -Dtest=TheTest -Dfuzz.seed=S -Dfuzz.tries=1} replays exactly that input.
 */
public final class Fuzz {
    private static final long DEFAULT_SEED = 0x6368_6174_736f_636bL; // "chatsock"
    private static final int DEFAULT_TRIES = 300;

    private Fuzz() {
    }

    public static int tries() {
        return Integer.getInteger("chatsocket.fuzz.tries", DEFAULT_TRIES);
    }

    public static long seed() {
        String seed = System.getProperty("chatsocket.fuzz.seed", "");
        if (seed.isBlank()) {
            return DEFAULT_SEED;
        }
        return seed.equals("random") ? System.nanoTime() : Long.parseLong(seed);
    }

    /** One try of a fuzz test: its input comes only from the random it is given. */
    @FunctionalInterface
    public interface Try {
        void run(SplittableRandom random) throws Exception;
    }

    /** Runs {@link #tries()} tries, try {@code i} from seed {@code seed() + i}. */
    public static void run(Try test) {
        long base = seed();
        int tries = tries();
        System.out.printf("fuzz: %d tries from seed %d%n", tries, base);
        for (int i = 0; i < tries; i++) {
            long seed = base + i;
            try {
                test.run(new SplittableRandom(seed));
            } catch (Throwable failure) {
                throw new AssertionError("fuzz try failed; replay with mvn test -Dfuzz.seed=" + seed
                        + " -Dfuzz.tries=1 (outside Maven: -Dchatsocket.fuzz.seed, -Dchatsocket.fuzz.tries): "
                        + failure, failure);
            }
        }
    }

    /** The first bytes of an input in hex, for a failure message. */
    public static String hex(byte[] data) {
        int shown = Math.min(data.length, 256);
        return HexFormat.of().formatHex(data, 0, shown) + (shown < data.length ? "... (" + data.length + " bytes)" : "");
    }
}
