package dev.chatsocket.echo;

import dev.chatsocket.config.ApplicationConfig;
import dev.chatsocket.config.Settings;
import dev.chatsocket.ws.OutboundMessage;
import dev.chatsocket.ws.WebSocketEndpoint;
import dev.chatsocket.ws.WebSocketSession;
import dev.chatsocket.ws.codec.Message;
import dev.chatsocket.ws.protocol.Limits;
import dev.chatsocket.ws.servlet.WebSocketServlet;
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
            session.send(OutboundMessage.of(message.type(), message.data()));
        }
    };

    @Override
    protected Limits limits(Settings settings) {
        return ApplicationConfig.of(getServletContext()).echoLimits();
    }

    @Override
    protected WebSocketEndpoint createEndpoint(HttpServletRequest request) {
        return ECHO;
    }
}
