package dev.chatsocket.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The launcher's format for {@code java.util.logging}, where the application's {@code System.Logger}
 * lines go: one line per record, {@code <UTC time> <LEVEL> <logger> <message>}, then the stack
 * trace of a thrown exception if there is one.
 *
 * <p>Why not the JDK's {@code SimpleFormatter}: its default format prints the source class and
 * method of each record, which {@code java.util.logging} finds by walking the caller's stack when the
 * logging call did not name them (and {@code System.Logger} never does), and it formats the time
 * through {@code java.util.Formatter}. With the connection log's INFO line per connection, the two
 * took 15% (embedded Tomcat) to 26% (embedded Jetty, deeper stacks) of the server's CPU in
 * {@code bench/run.sh handshake} (JFR). The logger's name tells where a line comes from as well,
 * and the time is formatted once per second.
 */
public final class OneLineLogFormatter extends Formatter {
    /**
     * Embedded Tomcat's logging (JULI) puts the formatter this property names on the console
     * handlers when it starts, {@code SimpleFormatter} if none.
     */
    private static final String TOMCAT_CONSOLE_FORMATTER = "org.apache.juli.formatter";

    private static final DateTimeFormatter TO_THE_SECOND =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A second and its text; lines come in bursts, so most find theirs here. */
    private record FormattedSecond(long epochSecond, String text) {
    }

    private volatile FormattedSecond lastSecond = new FormattedSecond(Long.MIN_VALUE, "");

    /** Public for Tomcat, which makes its own (see {@link #installUnlessConfigured}). */
    public OneLineLogFormatter() {
    }

    /**
     * Puts this format on the root logger's console handlers, and has embedded Tomcat put it there
     * too, unless the JVM was given a logging configuration of its own
     * ({@code java.util.logging.config.file} or {@code .class}) or Tomcat a formatter, which then
     * decide.
     */
    static void installUnlessConfigured() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        if (System.getProperty(TOMCAT_CONSOLE_FORMATTER) == null) {
            System.setProperty(TOMCAT_CONSOLE_FORMATTER, OneLineLogFormatter.class.getName());
        }
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                handler.setFormatter(new OneLineLogFormatter());
            }
        }
    }

    @Override
    public String format(LogRecord record) {
        Instant at = record.getInstant();
        int millis = at.getNano() / 1_000_000;
        StringBuilder line = new StringBuilder(160)
                .append(second(at.getEpochSecond()))
                .append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10)).append("Z ")
                .append(record.getLevel().getName()).append(' ')
                .append(record.getLoggerName() == null ? "-" : record.getLoggerName()).append(' ')
                .append(formatMessage(record))
                .append(System.lineSeparator());
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    private String second(long epochSecond) {
        FormattedSecond cached = lastSecond;
        if (cached.epochSecond() != epochSecond) {
            cached = new FormattedSecond(epochSecond, TO_THE_SECOND.format(Instant.ofEpochSecond(epochSecond)));
            lastSecond = cached;
        }
        return cached.text();
    }
}
