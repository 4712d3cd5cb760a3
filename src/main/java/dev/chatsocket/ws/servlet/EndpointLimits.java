package dev.chatsocket.ws.servlet;

import dev.chatsocket.config.Settings;
import dev.chatsocket.ws.protocol.Limits;

import java.time.Duration;

/**
 * Reads an endpoint's {@link Limits} from settings. Sizes are per endpoint
 * ({@code CHATSOCKET_ECHO_MAX_MESSAGE_SIZE}, {@code CHATSOCKET_CHAT_MAX_MESSAGE_SIZE}, …);
 * the timers are shared by all endpoints.
 */
public final class EndpointLimits {
    private EndpointLimits() {
    }

    /**
     * @param endpoint          the upper-case endpoint name in the setting names, e.g. {@code ECHO}
     * @param maxMessageSize    the default message limit
     * @param maxOutboundBytes  the default cap on bytes queued for one client
     */
    public static Limits read(Settings settings, String endpoint, int maxMessageSize, long maxOutboundBytes) {
        String prefix = "CHATSOCKET_" + endpoint + "_";
        int message = settings.intSize(prefix + "MAX_MESSAGE_SIZE", maxMessageSize);
        int frame = settings.intSize(prefix + "MAX_FRAME_SIZE", message);
        long outbound = settings.size(prefix + "MAX_OUTBOUND_BYTES", Math.max(maxOutboundBytes, message + 14L));
        return new Limits(frame, message, outbound,
                settings.duration("CHATSOCKET_PING_INTERVAL", Duration.ofSeconds(20)),
                settings.duration("CHATSOCKET_IDLE_TIMEOUT", Duration.ofSeconds(60)),
                settings.duration("CHATSOCKET_CLOSE_TIMEOUT", Duration.ofSeconds(5)),
                settings.duration("CHATSOCKET_FRAME_TIMEOUT", Duration.ofSeconds(10)));
    }
}
