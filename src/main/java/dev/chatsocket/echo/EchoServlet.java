package dev.chatsocket.echo;

import dev.chatsocket.config.ApplicationConfig;
import dev.chatsocket.ws.OutboundMessage;
import dev.chatsocket.ws.WebSocketEndpoint;
import dev.chatsocket.ws.WebSocketServlet;
import dev.chatsocket.ws.WebSocketSession;
import dev.chatsocket.ws.Message;
import dev.chatsocket.ws.Limits;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The article's first server, done right: every message comes back as it came, text as text and
 * binary as binary, whatever the framing it arrived in. Text is relayed as the validated UTF-8
 * bytes, without a round trip through {@code String}.
 */
@WebServlet(name = "echo", urlPatterns = "/echo", loadOnStartup = 1)
public class EchoServlet extends WebSocketServlet {
    private static final WebSocketEndpoint ECHO = new WebSocketEndpoint() {
        @Override
        public void onMessage(WebSocketSession session, Message message) {
            session.send(OutboundMessage.of(message));
        }
    };

    @Override
    protected Limits limits() {
        return ApplicationConfig.of(getServletContext()).echoLimits();
    }

    @Override
    protected WebSocketEndpoint createEndpoint(HttpServletRequest request) {
        return ECHO;
    }
}
