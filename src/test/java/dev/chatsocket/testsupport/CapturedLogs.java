package dev.chatsocket.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures the java.util.logging records of a logger and its children, at every level, for as
 * long as it is open; System.Logger writes to java.util.logging when nothing else is installed.
 * Restores the logger's level when closed.
 */
public final class CapturedLogs extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private CapturedLogs(Logger logger) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Starts capturing {@code loggerName} and everything under it. */
    public static CapturedLogs of(String loggerName) {
        return new CapturedLogs(Logger.getLogger(loggerName));
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The formatted messages of the records, in order. */
    public List<String> messages() {
        return records.stream().map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
