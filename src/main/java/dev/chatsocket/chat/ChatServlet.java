package dev.chatsocket.chat;

import dev.chatsocket.config.ContextSettings;
import dev.chatsocket.config.EngineConfig;
import dev.chatsocket.config.Settings;
import dev.chatsocket.metrics.ApplicationMetrics;
import dev.chatsocket.ws.WebSocketEndpoint;
import dev.chatsocket.ws.Limits;
import dev.chatsocket.ws.UpgradeRefused;
import dev.chatsocket.ws.WebSocketServlet;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The chat's WebSocket endpoint: {@code /chat} joins the lobby, {@code /chat/{room}} any room.
 * {@code ?since=N&epoch=E} resumes after message N of history epoch E. The room registry comes
 * from CDI; each connection gets its own {@link ChatEndpoint}.
 */
@WebServlet(name = "chat", urlPatterns = {"/chat", "/chat/*"}, loadOnStartup = 1)
public class ChatServlet extends WebSocketServlet {
    /** A chat message is at most a few thousand characters of JSON. */
    private static final int MAX_MESSAGE = 64 << 10;
    /** About a thousand typical chat frames may wait for a slow client. */
    private static final long MAX_OUTBOUND = 1 << 20;

    @Inject
    RoomRegistry rooms;

    private ChatRateLimits rateLimits;

    @Override
    public void init() throws ServletException {
        super.init();
        ApplicationMetrics.of(getServletContext()).ifPresent(metrics -> {
            metrics.gauge("chatsocket.rooms", "Chat rooms that exist now", rooms::roomCount);
            metrics.gauge("chatsocket.room.members", "Members across all chat rooms", rooms::memberCount);
        });
    }

    @Override
    protected Limits limits() {
        Settings settings = ContextSettings.load(getServletContext());
        Limits limits = EngineConfig.limits(settings, "CHAT", MAX_MESSAGE, MAX_OUTBOUND);
        rateLimits = ChatRateLimits.from(settings, limits.maxMessageSize());
        return limits;
    }

    @Override
    protected WebSocketEndpoint createEndpoint(HttpServletRequest request) throws UpgradeRefused {
        String room = roomOf(request.getPathInfo());
        if (!rooms.hasRoomFor(room)) {
            throw new UpgradeRefused(503, "the room is full or too many rooms are open; try again later");
        }
        return new ChatEndpoint(rooms, room, resumeOf(request), new FloodGuard(rateLimits, System::nanoTime));
    }

    private static String roomOf(String pathInfo) throws UpgradeRefused {
        if (pathInfo == null || pathInfo.equals("/")) {
            return RoomNames.LOBBY;
        }
        String name = pathInfo.substring(1);
        if (!RoomNames.isValid(name)) {
            throw new UpgradeRefused(400, "a room name is 1 to 64 letters, digits, '-' or '_'");
        }
        return name;
    }

    private static Resume resumeOf(HttpServletRequest request) throws UpgradeRefused {
        String since = request.getParameter("since");
        String epoch = request.getParameter("epoch");
        if (since == null || since.isEmpty()) {
            return new Resume(0, epoch);
        }
        try {
            long id = Long.parseLong(since);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return new Resume(id, epoch == null || epoch.isEmpty() ? null : epoch);
        } catch (NumberFormatException e) {
            throw new UpgradeRefused(400, "since must be a message id (a whole number of 0 or more)");
        }
    }
}
