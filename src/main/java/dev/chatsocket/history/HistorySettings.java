package dev.chatsocket.history;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the history store needs to know, checked: where the database is, how many connections it
 * may hold, how many appends may wait for a commit, how long history is kept and how long a
 * sender's ref is remembered.
 *
 * @param poolSize      connections to the database: one for the writer, the rest for reads
 * @param queueCapacity appends (and edits, deletes) waiting for the writer; when full, the next one
 *                      fails at once rather than waiting
 */
public record HistorySettings(Database database, int poolSize, int queueCapacity, Retention retention, DedupeWindow dedupe) {
    public HistorySettings {
        if (poolSize < 2) {
            throw new IllegalArgumentException("the pool needs at least 2 connections (the writer's and one to read), not " + poolSize);
        }
        Values.positive("the queue capacity", queueCapacity);
    }

    /** Where the history lives. */
    public sealed interface Database {
    }

    /**
     * An H2 file, {@code history.mv.db}, in {@code directory}, created when missing. The default:
     * nothing to install.
     */
    public record Embedded(Path directory) implements Database {
        public Embedded {
            if (directory.toString().contains(";")) {
                // H2 reads settings after a ';' in its URL.
                throw new IllegalArgumentException("the data directory's path must not contain ';'");
            }
        }
    }

    /** A database server by JDBC URL (PostgreSQL, or an H2 server); user and password may be in the URL instead. */
    public record Server(String url, Optional<String> user, Optional<String> password) implements Database {
        public Server {
            if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
                throw new IllegalArgumentException("expected a JDBC URL such as jdbc:postgresql://db.example:5432/chatsocket");
            }
        }

        @Override
        public String toString() {
            // Never the password, in a log line or an exception.
            return "Server[url=" + url.replaceAll("(?i)password=[^&;]*", "password=***") + ", user=" + user.orElse("") + "]";
        }
    }

    /**
     * The container's DataSource at {@code jndiName} (a {@code resource-ref} the operator binds in
     * Tomcat's context.xml or Jetty's jetty-env.xml); when nothing is bound there, the embedded
     * database in {@code fallback}, unless {@code fallback} is empty.
     */
    public record Container(String jndiName, Optional<Embedded> fallback) implements Database {
    }
}
