package dev.chatsocket.ws.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/**
 * The one place where containers' differences at upgrade are handled, each with why.
 */
final class ContainerQuirks {
    private ContainerQuirks() {
    }

    static WebSocketUpgradeHandler upgrade(HttpServletRequest request) throws IOException {
        try {
            return request.upgrade(WebSocketUpgradeHandler.class);
        } catch (ServletException e) {
            throw new IOException("the container refused the upgrade", e);
        }
    }
}
