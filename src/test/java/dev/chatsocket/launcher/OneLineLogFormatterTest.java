package dev.chatsocket.launcher;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's log line: time, level, logger, message; a stack trace only when one was logged. */
class OneLineLogFormatterTest {
    private static final String NL = System.lineSeparator();
    private final OneLineLogFormatter formatter = new OneLineLogFormatter();

    /** A record that fails the test if the formatter asks where it was logged from (a stack walk). */
    private static LogRecord record(Level level, String message, Instant at) {
        LogRecord record = new LogRecord(level, message) {
            @Override
            public String getSourceClassName() {
                throw new AssertionError("the formatter must not infer the caller");
            }

            @Override
            public String getSourceMethodName() {
                throw new AssertionError("the formatter must not infer the caller");
            }
        };
        record.setInstant(at);
        record.setLoggerName("dev.chatsocket.connections");
        return record;
    }

    @Test
    void oneLineWithUtcTimeToTheMillisecondLevelAndLogger() {
        LogRecord record = record(Level.INFO, "event=close conn=ws-1 code=1000", Instant.parse("2026-12-03T06:24:32.007Z"));
        assertEquals("2026-12-03T06:24:32.007Z INFO dev.chatsocket.connections event=close conn=ws-1 code=1000" + NL,
                formatter.format(record));
    }

    @Test
    void eachRecordGetsItsOwnSecondAndMillisecond() {
        assertEquals("2026-12-03T06:24:32.999Z FINE dev.chatsocket.connections a" + NL,
                formatter.format(record(Level.FINE, "a", Instant.parse("2026-12-03T06:24:32.999Z"))));
        assertEquals("2026-12-03T06:24:33.000Z FINE dev.chatsocket.connections b" + NL,
                formatter.format(record(Level.FINE, "b", Instant.parse("2026-12-03T06:24:33Z"))));
        assertEquals("2026-12-03T06:24:32.120Z FINE dev.chatsocket.connections c" + NL,
                formatter.format(record(Level.FINE, "c", Instant.parse("2026-12-03T06:24:32.120Z"))),
                "a record from an earlier second (another thread's) is not given the cached one");
    }

    @Test
    void parametersAreFilledIn() {
        LogRecord record = record(Level.WARNING, "{0}: could not start the connection", Instant.EPOCH);
        record.setParameters(new Object[] {"ws-7"});
        assertEquals("1970-01-01T00:00:00.000Z WARNING dev.chatsocket.connections ws-7: could not start the connection" + NL,
                formatter.format(record));
    }

    @Test
    void aThrownExceptionFollowsWithItsStackTrace() {
        LogRecord record = record(Level.SEVERE, "failed", Instant.EPOCH);
        record.setThrown(new IllegalStateException("boom"));
        String text = formatter.format(record);
        assertTrue(text.startsWith("1970-01-01T00:00:00.000Z SEVERE dev.chatsocket.connections failed" + NL
                + "java.lang.IllegalStateException: boom" + NL), text);
        assertTrue(text.contains("at dev.chatsocket.launcher.OneLineLogFormatterTest"), text);
    }
}
