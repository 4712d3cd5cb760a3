package dev.chatsocket.chat.probe;

import dev.chatsocket.chat.room.ChatMessage;
import dev.chatsocket.chat.web.RoomRegistry;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Added to the real WAR by {@code RoomRegistryIT}: what the injected room registry holds, seen
 * from inside the deployment, as {@code key=value} lines; {@code ?room=NAME} adds that room's
 * members, epoch and recent history ({@code message=id<TAB>uid<TAB>nick<TAB>text}, oldest first).
 */
@WebServlet("/__probe/rooms")
public class RoomRegistryProbeServlet extends HttpServlet {

    @Inject
    RoomRegistry rooms;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        PrintWriter out = resp.getWriter();
        if (rooms == null) {
            out.print("injected=false\n");
            return;
        }
        out.print("injected=true\n");
        out.print("roomCount=" + rooms.roomCount() + "\n");
        out.print("memberCount=" + rooms.memberCount() + "\n");
        String room = req.getParameter("room");
        if (room != null) {
            out.print("roomMembers=" + rooms.memberCount(room) + "\n");
            out.print("epoch=" + rooms.epoch(room).orElse("") + "\n");
            int n = Integer.parseInt(req.getParameter("n") == null ? "1000" : req.getParameter("n"));
            for (ChatMessage m : rooms.recent(room, n)) {
                out.print("message=" + m.id() + "\t" + m.uid() + "\t" + m.nick() + "\t" + m.text() + "\n");
            }
        }
    }
}
