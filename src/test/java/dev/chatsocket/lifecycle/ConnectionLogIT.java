package dev.chatsocket.lifecycle;

import dev.chatsocket.testsupport.CapturedLogs;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The connection log on a real container, which runs in the test's JVM and logs through the same
 * java.util.logging: each connection's open and close lines, and a client's mistakes (a protocol
 * violation, a malformed handshake, bad chat input) logged below WARNING and without a stack
 * trace.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionLogIT {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar();
    }

    @ArquillianResource
    URL base;

    private CapturedLogs logs;

    @BeforeEach
    void capture() {
        logs = CapturedLogs.of("dev.chatsocket");
    }

    @AfterEach
    void noWarningsAndNoStackTraces() {
        try {
            logs.records().forEach(r -> {
                assertTrue(r.getLevel().intValue() < Level.WARNING.intValue(),
                        () -> "a client's mistake is not a server problem: " + r.getLevel() + " " + r.getMessage());
                assertEquals(null, r.getThrown(), () -> "no stack trace: " + r.getMessage());
            });
        } finally {
            logs.close();
        }
    }

    private URI uri() throws Exception {
        return base.toURI();
    }

    /** Waits for a log line; the close line is written once TCP is closed, just after the client sees it. */
    private String awaitLine(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : logs.messages()) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            Thread.sleep(10); // polling the server's log: bounded by PATIENCE
        }
        fail("no such log line in " + logs.messages());
        return null;
    }

    @Test
    void aNormalConnectionLogsItsOpenAndClose() throws Exception {
        String conn;
        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo")) {
            String open = awaitLine(l -> l.startsWith("event=open ") && l.contains(" endpoint=echo "));
            conn = open.split(" ")[1];
            ws.send(ClientFrames.text("hi"));
            assertEquals("hi", ws.readText());
            ws.send(ClientFrames.close(1000, "bye"));
            ws.readClose();
            ws.awaitEof(PATIENCE);
        }
        String close = awaitLine(l -> l.startsWith("event=close " + conn + " "));
        assertTrue(close.contains(" code=1000 closed_by=client reason=bye "), close);
        assertTrue(close.contains(" messages_in=1 messages_out=1"), close);
    }

    @Test
    void aProtocolViolationIsAQuietDebugLineAndACloseLine() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo")) {
            ws.send(ClientFrames.unmasked(true, 1, new byte[] {'x'}));
            assertEquals(1002, ws.readClose().closeCode());
        }
        String close = awaitLine(l -> l.startsWith("event=close ") && l.contains(" code=1002 "));
        assertTrue(close.contains(" closed_by=server reason=\"unmasked client frame\" "), close);
        assertTrue(logs.records().stream().anyMatch(r -> r.getLevel() == Level.FINE
                && r.getMessage().contains("protocol error")), "the violation at debug level");
    }

    @Test
    void invalidUtf8IsQuietToo() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(), "echo")) {
            ws.send(ClientFrames.frame(true, 0, 1, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
            assertEquals(1007, ws.readClose().closeCode());
        }
        awaitLine(l -> l.startsWith("event=close ") && l.contains(" code=1007 "));
    }

    @Test
    void aRefusedHandshakeIsADebugLine() throws Exception {
        Map<String, String> headers = RawWebSocket.browserHeaders(uri(), "not a key");
        assertEquals(400, RawWebSocket.exchange(uri(), "GET", "echo", headers).status());
        String refused = awaitLine(l -> l.startsWith("event=refused "));
        assertTrue(refused.contains(" endpoint=echo status=400 "), refused);
        assertTrue(logs.records().stream().filter(r -> r.getMessage().startsWith("event=refused"))
                .allMatch(r -> r.getLevel() == Level.FINE));
    }

    @Test
    void badChatInputIsAnsweredNotLogged() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(), "chat/log-room")) {
            ws.send(ClientFrames.text("this is not JSON"));
            String frame;
            do {
                frame = ws.readText(); // the welcome and the history come first
            } while (!frame.contains("\"type\":\"error\""));
            assertTrue(frame.contains("bad-json"), frame);
            ws.send(ClientFrames.close(1000, ""));
            ws.readClose();
        }
        awaitLine(l -> l.startsWith("event=close ") && l.contains(" endpoint=chat ") && l.contains(" code=1000 "));
    }
}
