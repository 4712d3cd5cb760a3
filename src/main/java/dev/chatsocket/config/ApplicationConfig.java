package dev.chatsocket.config;

import dev.chatsocket.api.ApiSettings;
import dev.chatsocket.chat.ChatSettings;
import dev.chatsocket.chat.redis.ArchiveSettings;
import dev.chatsocket.identity.IdentitySettings;
import dev.chatsocket.ws.EngineSettings;
import dev.chatsocket.ws.Limits;
import jakarta.servlet.ServletContext;

import java.util.Optional;

/**
 * The application's settings tree: every {@code CHATSOCKET_*} setting the WAR knows is read here,
 * once per deployment, into typed and validated records that are handed down; no class below this
 * root knows a setting's name. A value that does not parse or is out of range stops the deployment
 * with a message naming the setting.
 *
 * @param engine     what every WebSocket endpoint shares (see {@link EngineConfig})
 * @param echoLimits the echo endpoint's limits
 * @param chat       the chat: its endpoint, rooms, messages, rates and backend
 * @param identity   who is connecting and which rooms they may join (see {@link IdentityConfig})
 * @param archive    with rooms in Redis: the shared database archive and how nodes fill it (see
 *                   {@link ArchiveConfig}); empty without Redis
 * @param api        the HTTP API for the site's backend (see {@link ApiConfig})
 */
public record ApplicationConfig(EngineSettings engine, Limits echoLimits, ChatSettings chat,
                                IdentitySettings identity, Optional<ArchiveSettings> archive, ApiSettings api) {
    private static final String ATTRIBUTE = ApplicationConfig.class.getName();

    /** A chat message is at most a few thousand characters of JSON. */
    private static final int CHAT_MAX_MESSAGE = 64 << 10;
    /** About a thousand typical chat frames may wait for a slow client. */
    private static final long CHAT_MAX_OUTBOUND = 1 << 20;
    private static final int ECHO_MAX_MESSAGE = 16 << 20;
    /** Two whole echoes may wait: the one being written and the next. */
    private static final long ECHO_MAX_OUTBOUND = 2L * ECHO_MAX_MESSAGE + 64;

    /** The settings of the application in {@code context}, read on the first call and kept. */
    public static ApplicationConfig of(ServletContext context) {
        synchronized (context) {
            ApplicationConfig config = (ApplicationConfig) context.getAttribute(ATTRIBUTE);
            if (config == null) {
                config = read(ContextSettings.load(context));
                context.setAttribute(ATTRIBUTE, config);
            }
            return config;
        }
    }

    static ApplicationConfig read(Settings settings) {
        ChatSettings chat = ChatConfig.read(settings, EngineConfig.limits(settings, "CHAT", CHAT_MAX_MESSAGE, CHAT_MAX_OUTBOUND));
        return new ApplicationConfig(
                EngineConfig.read(settings),
                EngineConfig.limits(settings, "ECHO", ECHO_MAX_MESSAGE, ECHO_MAX_OUTBOUND),
                chat,
                IdentityConfig.read(settings),
                ArchiveConfig.read(settings, chat.redis().isPresent()),
                ApiConfig.read(settings, chat.endpoint().maxMessageSize()));
    }
}
