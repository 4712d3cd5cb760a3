package dev.chatsocket.browser;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A second, non-browser chat client for the browser tests: the JDK's WebSocket client speaking the
 * chat protocol with hand-written JSON (the test class path has no JSON library; the frames checked
 * here are simple enough to match as text).
 */
final class JdkChatClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final WebSocket socket;
    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    /** Every frame taken from the queue so far, in order. */
    private final List<String> seen = new ArrayList<>();

    private JdkChatClient(URI uri) {
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(uri, listener)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    /** Joins {@code room} of the application at {@code base} (http://host:port/context/). */
    static JdkChatClient join(URL base, String room) {
        URI http = URI.create(base.toString());
        URI ws = URI.create("ws://" + http.getRawAuthority() + http.getRawPath() + "chat/" + room);
        JdkChatClient client = new JdkChatClient(ws);
        client.await("welcome", f -> f.contains("\"type\":\"welcome\""));
        client.await("history", f -> f.contains("\"type\":\"history\""));
        return client;
    }

    void say(String text, String ref) {
        socket.sendText("{\"type\":\"message\",\"text\":" + quote(text) + ",\"ref\":" + quote(ref) + "}", true).join();
    }

    /**
     * Returns the first frame received so far that matches, or waits for one. Frames are never
     * consumed: other clients' frames interleave with ours in any order.
     */
    String await(String what, Predicate<String> match) {
        for (String frame : seen) {
            if (match.test(frame)) {
                return frame;
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
                if (frame == null) {
                    throw new AssertionError("no " + what + " within " + TIMEOUT + "; frames so far: " + seen);
                }
                seen.add(frame);
                if (match.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    /** JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        socket.abort();
    }
}
