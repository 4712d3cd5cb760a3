package dev.chatsocket.chat.web;

import dev.chatsocket.identity.RoomAccess;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /login}: where the container asks for a login when one is set up (the launcher's
 * {@code CHATSOCKET_USERS_FILE}, or a constraint on this path in a stock container; docs/identity.md),
 * and from where the person, now known to the container, goes back to the chat page
 * ({@code ?room=} kept when it names a room). The servlet itself checks nothing: the container's
 * constraint does, before it runs.
 */
@WebServlet(name = "login", urlPatterns = "/login")
public class LoginServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        String room = request.getParameter("room");
        String page = request.getContextPath() + "/";
        if (room != null && RoomAccess.isValidAddress(room)) {
            page += "?room=" + URLEncoder.encode(room, StandardCharsets.UTF_8);
        }
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", page);
    }
}
