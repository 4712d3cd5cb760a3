package dev.chatsocket.chat.web;

import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.StoreUnavailableException;
import dev.chatsocket.chat.room.RoomNames;
import dev.chatsocket.identity.Identity;
import dev.chatsocket.identity.IdentityRefused;
import dev.chatsocket.identity.IdentityResolver;
import dev.chatsocket.identity.RoomAccess;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The chat page at the application's root: picks the room from {@code ?room=} (a name, or
 * {@code @uid} for direct messages), renders its recent history on the server through
 * {@code WEB-INF/jsp/chat.jsp}, and lets the page's script take over from the newest message it
 * shows.
 *
 * <p>The same rules as the WebSocket handshake decide who may see a room's history: the container's
 * user, {@code ?token=} or {@code ?session=} on the page URL, else a guest. A page for a room the
 * visitor may not join is rendered without any history, with 403 (or 401 when the credentials are
 * wrong or guests are off) and the reason, which the script shows; it may then retry once with the
 * session token it keeps. This is how the page learns why it may not join: a browser's WebSocket
 * API never shows the status of a refused handshake, so the page is refused first, by the same
 * rules, and the script asks the page URL again when a socket fails before its {@code welcome}.
 * Every 403 reads {@value RoomAccess#NOT_ALLOWED}, with the particular reason after it.
 */
@WebServlet(name = "chat-page", urlPatterns = "")
public class ChatPageServlet extends HttpServlet {
    @Inject
    RoomRegistry rooms;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String address = request.getParameter("room");
        if (address == null || address.isEmpty()) {
            address = RoomNames.LOBBY;
        } else if (!RoomAccess.isValidAddress(address)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "a room name is 1 to 64 letters, digits, '-' or '_' (or @ and a uid)");
            return;
        }
        request.setAttribute("room", address);
        response.setHeader("Cache-Control", "no-store");
        IdentityResolver.Credentials credentials = Handshakes.credentials(request);
        String room;
        try {
            Identity who = rooms.identities().resolve(credentials).identity();
            try {
                room = rooms.access().join(who, address, credentials.containerRole());
            } catch (IdentityRefused refused) {
                deny(request, response, HttpServletResponse.SC_FORBIDDEN, refused.reason());
                return;
            }
            Optional<String> banned = banNotice(room, who);
            if (banned.isPresent()) {
                deny(request, response, HttpServletResponse.SC_FORBIDDEN, banned.get());
                return;
            }
        } catch (IdentityRefused refused) {
            deny(request, response, HttpServletResponse.SC_UNAUTHORIZED, refused.reason());
            return;
        }
        List<ChatMessage> history = rooms.recent(room, rooms.settings().pageHistory());
        request.setAttribute("history", history);
        request.setAttribute("lastId", history.isEmpty() ? 0L : history.get(history.size() - 1).id());
        request.setAttribute("epoch", rooms.epoch(room).orElse(""));
        request.getRequestDispatcher("/WEB-INF/jsp/chat.jsp").forward(request, response);
    }

    /**
     * The notice of a ban that keeps {@code who} out of the room, as the socket's handshake gives
     * it (so the page learns why its socket was refused); a store that cannot be read is left to
     * the handshake, which refuses then.
     */
    private Optional<String> banNotice(String room, Identity who) {
        try {
            return rooms.ban(room, who.uid(), who.roles()).map(Sanction::notice);
        } catch (StoreUnavailableException e) {
            return Optional.empty();
        }
    }

    /** The page, with no history, the status and the reason (the script shows it). */
    private static void deny(HttpServletRequest request, HttpServletResponse response, int status, String reason)
            throws ServletException, IOException {
        response.setStatus(status);
        request.setAttribute("history", List.of());
        request.setAttribute("lastId", 0L);
        request.setAttribute("epoch", "");
        request.setAttribute("denied", status == HttpServletResponse.SC_FORBIDDEN ? forbidden(reason) : reason);
        request.setAttribute("deniedStatus", status);
        request.getRequestDispatcher("/WEB-INF/jsp/chat.jsp").forward(request, response);
    }

    /** "you are not allowed in this room", and why when the reason says more. */
    static String forbidden(String reason) {
        return reason.equals(RoomAccess.NOT_ALLOWED) ? reason : RoomAccess.NOT_ALLOWED + " (" + reason + ")";
    }
}
