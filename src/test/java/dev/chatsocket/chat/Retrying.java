package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a well-behaved client does while its server's store is away: join again until it gets a
 * welcome, and resend a message with the same ref until it is acknowledged. Each loop is bounded
 * by a deadline and waits a little between attempts (a client's backoff, not a timing assertion).
 */
final class Retrying {
    private static final Duration PAUSE = Duration.ofMillis(200);

    private Retrying() {
    }

    /** Joins {@code path} on {@code base}, again and again while the server refuses with {@code unavailable}. */
    static ChatClient join(URI base, String path, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return ChatClient.join(base, path);
            } catch (AssertionFailedError | IOException refused) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not join " + path + " within " + within, refused);
                }
                Thread.sleep(PAUSE.toMillis());
            }
        }
    }

    /**
     * Sends {@code text} with {@code ref} until it is acknowledged and returns the ack's id; an
     * {@code error} for that ref means "not stored, send again". Every other frame read meanwhile
     * is added to {@code others}, in order.
     */
    static long postUntilAcked(ChatClient client, String text, String ref, List<JsonNode> others, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            client.say(text, ref);
            while (true) {
                JsonNode frame = client.next();
                String type = frame.path("type").asText();
                if (type.equals("ack") && ref.equals(frame.path("ref").asText())) {
                    return frame.get("id").asLong();
                }
                if (type.equals("error") && ref.equals(frame.path("ref").asText())) {
                    if (!frame.get("code").asText().equals("unavailable")) {
                        throw new AssertionError("refused for another reason: " + frame);
                    }
                    break;
                }
                others.add(frame);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ack for " + ref + " within " + within);
            }
            Thread.sleep(PAUSE.toMillis());
        }
    }
}
