package dev.chatsocket.config;

import dev.chatsocket.history.DedupeWindow;
import dev.chatsocket.history.HistorySettings;
import dev.chatsocket.history.Retention;
import dev.chatsocket.identity.PeopleSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The history store's settings ({@link HistorySettings}), read from chatsocket's settings:
 * <ul>
 *   <li>{@code CHATSOCKET_DATABASE_URL}: a PostgreSQL JDBC URL; with {@code CHATSOCKET_DATABASE_USER}
 *       and {@code CHATSOCKET_DATABASE_PASSWORD} unless the URL carries them. Wins over the rest.</li>
 *   <li>{@code CHATSOCKET_DATABASE_JNDI}: the JNDI name of a container DataSource that must be
 *       bound. Unset, {@value #DEFAULT_JNDI} is used when something is bound there, and the embedded
 *       database otherwise.</li>
 *   <li>{@code CHATSOCKET_DATA_DIR}: where the embedded database lives, file {@code history.mv.db};
 *       default {@code ${user.home}/.chatsocket}, one directory for all of chatsocket's files.</li>
 *   <li>{@code CHATSOCKET_DATABASE_POOL_SIZE}: connections, default 8 (at least 2).</li>
 *   <li>{@code CHATSOCKET_STORE_QUEUE}: appends waiting for a commit before the next is refused, default 10,000.</li>
 *   <li>{@code CHATSOCKET_RETENTION}: {@code 30d}, {@code 100000} (messages per room) or
 *       {@code 30d,100000}; default: keep everything.</li>
 *   <li>{@code CHATSOCKET_DEDUPE_WINDOW} (default 10m) and {@code CHATSOCKET_DEDUPE_MAX_PER_USER}
 *       (the sender's last messages in the room, default 1000): how long a sender's ref is
 *       remembered; the same two settings as the memory and Redis backends' (read in
 *       {@link IdentityConfig} too).</li>
 * </ul>
 */
public final class HistoryConfig {
    public static final String DATABASE_URL = "CHATSOCKET_DATABASE_URL";
    public static final String DATABASE_USER = "CHATSOCKET_DATABASE_USER";
    public static final String DATABASE_PASSWORD = "CHATSOCKET_DATABASE_PASSWORD";
    public static final String DATABASE_JNDI = "CHATSOCKET_DATABASE_JNDI";
    public static final String DATABASE_POOL_SIZE = "CHATSOCKET_DATABASE_POOL_SIZE";
    public static final String DATA_DIR = "CHATSOCKET_DATA_DIR";
    public static final String STORE_QUEUE = "CHATSOCKET_STORE_QUEUE";
    public static final String RETENTION = "CHATSOCKET_RETENTION";
    public static final String STORE = "CHATSOCKET_STORE";

    /** Where the Jakarta EE way puts an application's DataSource: a resource-ref of the component's environment. */
    public static final String DEFAULT_JNDI = "java:comp/env/jdbc/chatsocket";

    private HistoryConfig() {
    }

    /**
     * Where rooms keep their history when Redis is not set: {@code CHATSOCKET_STORE=database} (the
     * default: the history store these settings describe) or {@code memory} (this node's memory
     * only, nothing kept over a restart: for tests and benchmarks).
     *
     * @return the store's settings, or empty for {@code memory}
     */
    public static Optional<HistorySettings> store(Settings settings) {
        String store = settings.string(STORE, "database");
        return switch (store) {
            case "database" -> Optional.of(read(settings));
            case "memory" -> Optional.empty();
            default -> throw new IllegalArgumentException(STORE + "=" + store + " is not valid: expected database or memory");
        };
    }

    /** @throws IllegalArgumentException naming the first setting whose value is not valid */
    public static HistorySettings read(Settings settings) {
        HistorySettings.Database database = database(settings);
        int poolSize = atLeast(settings, DATABASE_POOL_SIZE, 8, 2);
        int queue = atLeast(settings, STORE_QUEUE, 10_000, 1);
        Retention retention = settings.raw(RETENTION) == null ? Retention.KEEP_EVERYTHING
                : valid(settings, RETENTION, () -> Retention.parse(settings.raw(RETENTION)));
        PeopleSettings people = PeopleSettings.DEFAULTS;
        Duration dedupeAge = settings.duration(IdentityConfig.DEDUPE_WINDOW, people.dedupeWindow());
        int dedupeCount = atLeast(settings, IdentityConfig.DEDUPE_MAX_PER_USER, people.dedupeMaxPerUser(), 1);
        DedupeWindow dedupe = valid(settings, IdentityConfig.DEDUPE_WINDOW, () -> new DedupeWindow(dedupeAge, dedupeCount));
        return new HistorySettings(database, poolSize, queue, retention, dedupe);
    }

    private static HistorySettings.Database database(Settings settings) {
        String url = settings.raw(DATABASE_URL);
        if (url != null) {
            return valid(settings, DATABASE_URL, () -> new HistorySettings.Server(url,
                    Optional.ofNullable(settings.raw(DATABASE_USER)), Optional.ofNullable(settings.raw(DATABASE_PASSWORD))));
        }
        String jndi = settings.raw(DATABASE_JNDI);
        if (jndi != null) {
            return new HistorySettings.Container(jndi, Optional.empty());
        }
        HistorySettings.Embedded embedded = valid(settings, DATA_DIR, () -> new HistorySettings.Embedded(
                Path.of(settings.string(DATA_DIR, Path.of(System.getProperty("user.home"), ".chatsocket").toString())).toAbsolutePath()));
        return new HistorySettings.Container(DEFAULT_JNDI, Optional.of(embedded));
    }

    private static int atLeast(Settings settings, String name, int defaultValue, int minimum) {
        int value = settings.integer(name, defaultValue);
        if (value < minimum) {
            throw new IllegalArgumentException(name + "=" + value + " is not valid: expected at least " + minimum);
        }
        return value;
    }

    private static <T> T valid(Settings settings, String name, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) { // a bad path's InvalidPathException is one
            if (e.getMessage() != null && e.getMessage().startsWith("CHATSOCKET_")) {
                throw e; // names its setting already
            }
            throw new IllegalArgumentException(name + "=" + settings.raw(name) + " is not valid: " + e.getMessage(), e);
        }
    }
}
