package dev.chatsocket.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Embedded Tomcat's connection cap, which the launcher sets above the application's WebSocket
 * cap: a connection past it is not refused but waits, unserved, until another one ends. That is
 * why the cap must not sit below the application's, whose refusal is a clear 503.
 */
class EmbeddedTomcatConnectionCapTest {
    private static final byte[] REQUEST = "GET /nothing-here HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path baseDir;
    private EmbeddedTomcat tomcat;

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
        }
    }

    @Test
    void aConnectionPastTheCapWaitsUntilOneEnds() throws Exception {
        tomcat = new EmbeddedTomcat("127.0.0.1", 0, 8192, baseDir).maxConnections(1);
        int port = tomcat.start();
        try (Socket holder = connect(port); Socket waiting = connect(port)) {
            holder.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)); // half a head
            waiting.getOutputStream().write(REQUEST);
            // A negative observation needs some time to pass; half a second is ample for a local 404.
            waiting.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, () -> waiting.getInputStream().read(),
                    "the second connection is past the cap of 1 and must not be served yet");

            holder.close();
            waiting.setSoTimeout(10_000);
            String answer = readAll(waiting.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 404"), "served once the first connection ended: " + answer);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
