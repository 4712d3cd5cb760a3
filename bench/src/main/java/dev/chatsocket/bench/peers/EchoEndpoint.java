package dev.chatsocket.bench.peers;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The peers' {@code /echo}: every message back as it came, the way the Jakarta WebSocket tutorials
 * write it (the blocking basic remote from the message callback, one message in flight per
 * connection, which is all a ping-pong client ever has).
 */
@ServerEndpoint("/echo")
public final class EchoEndpoint {

    @OnMessage
    public void onText(Session session, String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    @OnMessage
    public void onBinary(Session session, ByteBuffer data) throws IOException {
        session.getBasicRemote().sendBinary(data);
    }
}
