package dev.chatsocket.config;

import dev.chatsocket.ws.DeflateSettings;
import dev.chatsocket.ws.EngineSettings;
import dev.chatsocket.ws.Limits;
import dev.chatsocket.ws.OriginSettings;

import java.time.Duration;
import java.util.Arrays;

/**
 * The WebSocket engine's settings: the one class that knows their {@code CHATSOCKET_*} names and
 * defaults, and turns them into the engine's records ({@link EngineSettings} for the whole
 * application, {@link Limits} for each endpoint). A value the engine cannot take is refused here,
 * with a message naming the setting, so that it stops the deployment rather than run with
 * something nobody asked for; the records check the same bounds again for callers that build them
 * in code.
 */
public final class EngineConfig {
    /**
     * WebSocket connections open at once, all endpoints, unless {@code CHATSOCKET_MAX_CONNECTIONS}
     * says otherwise; public for launchers, which size their connectors above it.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    private static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 100;
    /** What Jetty and Tomcat allow for a whole request head by default. */
    private static final long DEFAULT_MAX_HEADER_BYTES = 8 << 10;
    private static final String WINDOW_BITS = "CHATSOCKET_DEFLATE_SERVER_MAX_WINDOW_BITS";
    private static final String NO_CONTEXT_TAKEOVER = "CHATSOCKET_DEFLATE_NO_CONTEXT_TAKEOVER";

    private EngineConfig() {
    }

    /** What every WebSocket endpoint of the application shares. */
    public static EngineSettings read(Settings settings) {
        return new EngineSettings(
                atLeastOne(settings, "CHATSOCKET_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS),
                atLeastOne(settings, "CHATSOCKET_MAX_CONNECTIONS_PER_ADDRESS", DEFAULT_MAX_CONNECTIONS_PER_ADDRESS),
                settings.duration("CHATSOCKET_SHUTDOWN_GRACE", Duration.ofSeconds(5)),
                check(settings, "CHATSOCKET_MAX_HANDSHAKE_HEADER_BYTES",
                        settings.size("CHATSOCKET_MAX_HANDSHAKE_HEADER_BYTES", DEFAULT_MAX_HEADER_BYTES), 1, Long.MAX_VALUE),
                origins(settings),
                deflate(settings));
    }

    /**
     * One endpoint's limits. Sizes are per endpoint ({@code CHATSOCKET_ECHO_MAX_MESSAGE_SIZE},
     * {@code CHATSOCKET_CHAT_MAX_FRAME_SIZE}, …); the timers are shared by all endpoints.
     *
     * @param endpoint         the upper-case endpoint name in the setting names, e.g. {@code ECHO}
     * @param maxMessageSize   the default message limit
     * @param maxOutboundBytes the default cap on bytes queued for one client
     */
    public static Limits limits(Settings settings, String endpoint, int maxMessageSize, long maxOutboundBytes) {
        String prefix = "CHATSOCKET_" + endpoint + "_";
        int message = (int) check(settings, prefix + "MAX_MESSAGE_SIZE",
                settings.intSize(prefix + "MAX_MESSAGE_SIZE", maxMessageSize), 1, Limits.MAX_SIZE);
        int frame = (int) check(settings, prefix + "MAX_FRAME_SIZE",
                settings.intSize(prefix + "MAX_FRAME_SIZE", message), Limits.MIN_FRAME_PAYLOAD, Limits.MAX_SIZE);
        long wholeMessage = message + (long) Limits.MAX_FRAME_HEADER;
        long outbound = check(settings, prefix + "MAX_OUTBOUND_BYTES",
                settings.size(prefix + "MAX_OUTBOUND_BYTES", Math.max(maxOutboundBytes, wholeMessage)),
                wholeMessage, Long.MAX_VALUE);
        return new Limits(frame, message, outbound,
                positive(settings, "CHATSOCKET_PING_INTERVAL", Duration.ofSeconds(20)),
                positive(settings, "CHATSOCKET_IDLE_TIMEOUT", Duration.ofSeconds(60)),
                positive(settings, "CHATSOCKET_CLOSE_TIMEOUT", Duration.ofSeconds(5)),
                positive(settings, "CHATSOCKET_FRAME_TIMEOUT", Duration.ofSeconds(10)));
    }

    private static OriginSettings origins(Settings settings) {
        String name = "CHATSOCKET_ALLOWED_ORIGINS";
        String allowed = settings.string(name, "");
        boolean allowMissing = settings.flag("CHATSOCKET_ALLOW_MISSING_ORIGIN", true);
        boolean trustForwarded = settings.flag("CHATSOCKET_TRUST_FORWARDED_HEADERS", false);
        try {
            return new OriginSettings(Arrays.asList(allowed.split(",")), allowMissing, trustForwarded);
        } catch (IllegalArgumentException e) {
            throw invalid(name, allowed, e.getMessage());
        }
    }

    private static DeflateSettings deflate(Settings settings) {
        boolean noContextTakeover = settings.flag(NO_CONTEXT_TAKEOVER, true);
        int windowBits = (int) check(settings, WINDOW_BITS,
                settings.integer(WINDOW_BITS, DeflateSettings.MAX_WINDOW_BITS),
                DeflateSettings.MIN_WINDOW_BITS, DeflateSettings.MAX_WINDOW_BITS);
        if (windowBits < DeflateSettings.MAX_WINDOW_BITS && !noContextTakeover) {
            // See PerMessageDeflateNegotiator: a window under 15 bits is kept only without context takeover.
            throw invalid(WINDOW_BITS, settings.raw(WINDOW_BITS),
                    "below 15 only with " + NO_CONTEXT_TAKEOVER + "=true");
        }
        return new DeflateSettings(
                settings.flag("CHATSOCKET_DEFLATE", true),
                noContextTakeover,
                windowBits,
                settings.intSize("CHATSOCKET_DEFLATE_MIN_SIZE", 64),
                (int) check(settings, "CHATSOCKET_DEFLATE_POOL_SIZE",
                        settings.integer("CHATSOCKET_DEFLATE_POOL_SIZE", 16), 0, Integer.MAX_VALUE));
    }

    private static int atLeastOne(Settings settings, String name, int defaultValue) {
        return (int) check(settings, name, settings.integer(name, defaultValue), 1, Integer.MAX_VALUE);
    }

    private static Duration positive(Settings settings, String name, Duration defaultValue) {
        Duration value = settings.duration(name, defaultValue);
        if (value.isZero() || value.isNegative()) {
            throw invalid(name, settings.raw(name), "expected a duration above zero");
        }
        return value;
    }

    /** {@code value}, read from {@code name}, when it is from {@code min} to {@code max}. */
    private static long check(Settings settings, String name, long value, long min, long max) {
        if (value < min || value > max) {
            String range = max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
            // A value below its bound may be a default that follows another setting (the frame
            // size follows the message size): name the setting and say what it came to.
            String raw = settings.raw(name);
            throw invalid(name, raw != null ? raw : String.valueOf(value), "expected " + range);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String name, String value, String why) {
        return new IllegalArgumentException(name + "=" + value + " is not valid: " + why);
    }
}
