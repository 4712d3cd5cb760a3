package dev.chatsocket.chat.web;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.room.RoomNames;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * The chat page at the application's root: picks the room from {@code ?room=}, renders its recent
 * history on the server through {@code WEB-INF/jsp/chat.jsp}, and lets the page's script take
 * over from the newest message it shows.
 */
@WebServlet(name = "chat-page", urlPatterns = "")
public class ChatPageServlet extends HttpServlet {
    @Inject
    RoomRegistry rooms;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String room = request.getParameter("room");
        if (room == null || room.isEmpty()) {
            room = RoomNames.LOBBY;
        } else if (!RoomNames.isValid(room)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "a room name is 1 to 64 letters, digits, '-' or '_'");
            return;
        }
        List<ChatMessage> history = rooms.recent(room, rooms.settings().pageHistory());
        request.setAttribute("room", room);
        request.setAttribute("history", history);
        request.setAttribute("lastId", history.isEmpty() ? 0L : history.get(history.size() - 1).id());
        request.setAttribute("epoch", rooms.epoch(room).orElse(""));
        response.setHeader("Cache-Control", "no-store");
        request.getRequestDispatcher("/WEB-INF/jsp/chat.jsp").forward(request, response);
    }
}
