package dev.chatsocket.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.chatsocket.identity.IdentitySettings;
import dev.chatsocket.identity.PeopleSettings;
import dev.chatsocket.identity.RoomAccessSettings;
import dev.chatsocket.identity.RoomPattern;
import dev.chatsocket.identity.SessionKey;
import dev.chatsocket.identity.SessionSettings;
import dev.chatsocket.identity.TokenKeys;
import dev.chatsocket.identity.TokenSettings;

/**
 * Reads the identity settings (issue 14) into {@link IdentitySettings}: the one place their
 * {@code CHATSOCKET_*} names appear. A value that does not parse, a key file that cannot be read
 * or does not hold a usable key, and a secret shorter than 256 bits stop the deployment with a
 * message naming the setting.
 *
 * <ul>
 *   <li>{@code CHATSOCKET_TOKEN_SECRET}: HS256 secret shared with the token issuer (at least 32 bytes)</li>
 *   <li>{@code CHATSOCKET_TOKEN_PUBLIC_KEY}: path of a PEM public key or certificate, or of a JWKS
 *   file, for RS256/ES256; not together with the secret</li>
 *   <li>{@code CHATSOCKET_TOKEN_ISSUER}, {@code CHATSOCKET_TOKEN_AUDIENCE}: required {@code iss} and
 *   {@code aud}, when set</li>
 *   <li>{@code CHATSOCKET_GUESTS}: guests allowed (default true)</li>
 *   <li>{@code CHATSOCKET_SESSION_TTL}: session token lifetime (default 24h)</li>
 *   <li>{@code CHATSOCKET_SESSION_SECRET}: the secret every node derives the session key from
 *   (at least 32 bytes); unset: a key file under the data directory</li>
 *   <li>{@code CHATSOCKET_DATA_DIR}: the data directory (default {@code ~/.chatsocket})</li>
 *   <li>{@code CHATSOCKET_PRIVATE_ROOMS}: comma-separated room names or {@code prefix*}</li>
 *   <li>{@code CHATSOCKET_GUEST_DIRECT_MESSAGES}: guests may use direct messages (default false)</li>
 *   <li>{@code CHATSOCKET_PRESENCE_GRACE} (5s), {@code CHATSOCKET_DEDUPE_WINDOW} (10m),
 *   {@code CHATSOCKET_DEDUPE_MAX_PER_USER} (1000), {@code CHATSOCKET_MAX_CONNECTIONS_PER_USER} (20),
 *   {@code CHATSOCKET_USER_RATE_MESSAGES} (10), {@code CHATSOCKET_USER_RATE_MESSAGE_BURST} (30),
 *   {@code CHATSOCKET_MAX_IDLE_USER_BUCKETS} (10000): see {@link PeopleSettings}</li>
 * </ul>
 */
public final class IdentityConfig {
    static final String TOKEN_SECRET = "CHATSOCKET_TOKEN_SECRET";
    static final String TOKEN_PUBLIC_KEY = "CHATSOCKET_TOKEN_PUBLIC_KEY";
    static final String TOKEN_ISSUER = "CHATSOCKET_TOKEN_ISSUER";
    static final String TOKEN_AUDIENCE = "CHATSOCKET_TOKEN_AUDIENCE";
    static final String GUESTS = "CHATSOCKET_GUESTS";
    static final String SESSION_TTL = "CHATSOCKET_SESSION_TTL";
    static final String SESSION_SECRET = "CHATSOCKET_SESSION_SECRET";
    static final String DATA_DIR = "CHATSOCKET_DATA_DIR";
    static final String PRIVATE_ROOMS = "CHATSOCKET_PRIVATE_ROOMS";
    static final String GUEST_DIRECT_MESSAGES = "CHATSOCKET_GUEST_DIRECT_MESSAGES";
    static final String PRESENCE_GRACE = "CHATSOCKET_PRESENCE_GRACE";
    static final String DEDUPE_WINDOW = "CHATSOCKET_DEDUPE_WINDOW";
    static final String DEDUPE_MAX_PER_USER = "CHATSOCKET_DEDUPE_MAX_PER_USER";
    static final String MAX_CONNECTIONS_PER_USER = "CHATSOCKET_MAX_CONNECTIONS_PER_USER";
    static final String USER_RATE_MESSAGES = "CHATSOCKET_USER_RATE_MESSAGES";
    static final String USER_RATE_MESSAGE_BURST = "CHATSOCKET_USER_RATE_MESSAGE_BURST";
    static final String MAX_IDLE_USER_BUCKETS = "CHATSOCKET_MAX_IDLE_USER_BUCKETS";

    private IdentityConfig() {
    }

    public static IdentitySettings read(Settings settings) {
        PeopleSettings d = PeopleSettings.DEFAULTS;
        PeopleSettings people = new PeopleSettings(
                // Settings.duration takes no sign: zero (leave at once) is the least it returns.
                settings.duration(PRESENCE_GRACE, d.presenceGrace()),
                positive(settings, DEDUPE_WINDOW, d.dedupeWindow()),
                atLeastOne(settings, DEDUPE_MAX_PER_USER, d.dedupeMaxPerUser()),
                atLeastOne(settings, MAX_CONNECTIONS_PER_USER, d.maxConnectionsPerUser()),
                atLeastOne(settings, USER_RATE_MESSAGES, d.messagesPerSecond()),
                atLeastOne(settings, USER_RATE_MESSAGE_BURST, d.messageBurst()),
                atLeastOne(settings, MAX_IDLE_USER_BUCKETS, d.maxIdleBuckets()));
        return new IdentitySettings(tokens(settings), settings.flag(GUESTS, true), sessions(settings),
                new RoomAccessSettings(privateRooms(settings), settings.flag(GUEST_DIRECT_MESSAGES, false)),
                people);
    }

    /**
     * The data directory when none is set: {@code .chatsocket} in the home directory of the user
     * the server runs as. Not relative to the working directory, which for a stock Tomcat or
     * Jetty is wherever its start script ran (often {@code /}, not writable); the home directory
     * is the same for the launcher and for a WAR, and private to that user.
     */
    public static Path defaultDataDirectory() {
        return Path.of(System.getProperty("user.home"), ".chatsocket");
    }

    /** The data directory, for the history store too. */
    public static Path dataDirectory(Settings settings) {
        String raw = settings.raw(DATA_DIR);
        return raw == null ? defaultDataDirectory() : checked(DATA_DIR, raw, () -> Path.of(raw));
    }

    private static Optional<TokenSettings> tokens(Settings settings) {
        String secret = settings.raw(TOKEN_SECRET);
        String keyFile = settings.raw(TOKEN_PUBLIC_KEY);
        if (secret != null && keyFile != null) {
            throw new IllegalArgumentException(TOKEN_SECRET + " and " + TOKEN_PUBLIC_KEY
                    + " are both set: set one, so that tokens have one accepted algorithm family");
        }
        TokenKeys keys;
        if (secret != null) {
            // Not the value in the message: it is a secret.
            keys = checked(TOKEN_SECRET, "(hidden)", () -> TokenKeys.SharedSecret.of(secret));
        } else if (keyFile != null) {
            keys = checked(TOKEN_PUBLIC_KEY, keyFile, () -> readPublicKeys(keyFile));
        } else {
            if (settings.raw(TOKEN_ISSUER) != null || settings.raw(TOKEN_AUDIENCE) != null) {
                throw new IllegalArgumentException(TOKEN_ISSUER + " or " + TOKEN_AUDIENCE + " is set but no key is: set "
                        + TOKEN_SECRET + " or " + TOKEN_PUBLIC_KEY);
            }
            return Optional.empty();
        }
        return Optional.of(new TokenSettings(keys, Optional.ofNullable(settings.raw(TOKEN_ISSUER)),
                Optional.ofNullable(settings.raw(TOKEN_AUDIENCE))));
    }

    private static TokenKeys readPublicKeys(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException("cannot read the key file (" + e + ")");
        }
        return TokenKeys.PublicKeys.parse(text);
    }

    private static SessionSettings sessions(Settings settings) {
        Duration ttl = positive(settings, SESSION_TTL, Duration.ofHours(24));
        String secret = settings.raw(SESSION_SECRET);
        if (secret != null) {
            checked(SESSION_SECRET, "(hidden)", () -> SessionKey.fromSecret(secret));
        }
        return new SessionSettings(ttl, Optional.ofNullable(secret), dataDirectory(settings));
    }

    private static List<RoomPattern> privateRooms(Settings settings) {
        String raw = settings.raw(PRIVATE_ROOMS);
        if (raw == null) {
            return List.of();
        }
        return checked(PRIVATE_ROOMS, raw, () -> Arrays.stream(raw.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(RoomPattern::room).toList());
    }

    private static Duration positive(Settings settings, String name, Duration defaultValue) {
        Duration value = settings.duration(name, defaultValue);
        if (value.isZero()) {
            throw invalid(name, settings.raw(name), "expected more than zero");
        }
        return value;
    }

    private static int atLeastOne(Settings settings, String name, int defaultValue) {
        int value = settings.integer(name, defaultValue);
        if (value < 1) {
            throw invalid(name, settings.raw(name), "expected at least 1");
        }
        return value;
    }

    /** What {@code make} makes, or its complaint as one naming the setting (and its value, unless secret). */
    private static <T> T checked(String name, String shown, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw invalid(name, shown, e.getMessage());
        }
    }

    private static IllegalArgumentException invalid(String name, String value, String why) {
        return new IllegalArgumentException(name + "=" + value + " is not valid: " + why);
    }
}
