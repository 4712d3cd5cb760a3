package dev.chatsocket.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens the database that the settings name: an H2 file, a server by URL (both pooled by
 * HikariCP), or the container's DataSource. The only place that knows about drivers and pools.
 */
final class DataSources {
    private static final Logger LOG = Logger.getLogger(DataSources.class.getName());
    /** The file name in the data directory; H2 adds {@code .mv.db}. */
    static final String H2_FILE = "history";
    /** How long a commit waits for a connection before it fails (a stopped PostgreSQL): short, so that acks fail fast. */
    private static final long CONNECTION_TIMEOUT_MS = 3_000;

    private DataSources() {
    }

    static OpenDatabase open(HistorySettings.Database database, int poolSize) {
        if (database instanceof HistorySettings.Embedded embedded) {
            return embedded(embedded.directory(), poolSize);
        }
        if (database instanceof HistorySettings.Server server) {
            return server(server, poolSize);
        }
        HistorySettings.Container container = (HistorySettings.Container) database;
        DataSource bound = lookup(container.jndiName());
        if (bound != null) {
            return new OpenDatabase(bound, dialect(bound), "the container's DataSource " + container.jndiName(), false, () -> {
            });
        }
        HistorySettings.Embedded fallback = container.fallback().orElseThrow(() -> new IllegalStateException(
                "no DataSource is bound at " + container.jndiName() + " (declare it in the container: Tomcat's context.xml, Jetty's jetty-env.xml)"));
        LOG.info(() -> "history store: no DataSource is bound at " + container.jndiName() + ", so the embedded database is used");
        return embedded(fallback.directory(), poolSize);
    }

    /**
     * H2 in a file. {@code DB_CLOSE_ON_EXIT=FALSE}: H2 would otherwise register a JVM shutdown hook
     * holding the web application's class loader; the store closes the database itself, when the
     * pool closes its last connection. H2 does not write a commit to its file at once (its
     * background writer does, within {@code WRITE_DELAY}, 500 ms) and never fsyncs by itself: every
     * writer of the store follows its commit with {@code CHECKPOINT SYNC} (written and fsynced
     * before the acks). {@code WRITE_DELAY=0} instead would write at each commit too, but it also
     * stops H2's background writer, whose housekeeping (rewriting sparse chunks) then runs inside
     * commits: measured, it cut the stored messages a second two to five times and put p99 at 0.7 s.
     * The DataSource is H2's own rather than a driver looked up through DriverManager.
     */
    private static OpenDatabase embedded(Path directory, int poolSize) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
        Path file = directory.toAbsolutePath().resolve(H2_FILE);
        return embedded("jdbc:h2:file:" + file, poolSize, "H2 file " + file + ".mv.db");
    }

    /** H2 at {@code url} (a file, or a file behind one of H2's file-system prefixes), with the settings above. */
    static OpenDatabase embedded(String url, int poolSize, String description) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url + ";DB_CLOSE_ON_EXIT=FALSE");
        h2.setUser("chatsocket");
        HikariConfig config = poolConfig(poolSize);
        config.setDataSource(h2);
        // A write that fails under H2 (a full disk) closes the database, and every session with it;
        // the pool must drop those connections, so that the next one opens the database again.
        EvictClosedH2Sessions evictions = new EvictClosedH2Sessions();
        config.setExceptionOverride(evictions);
        OpenDatabase database = pooled(config, description, true);
        evictions.pool = (HikariDataSource) database.dataSource();
        return database;
    }

    private static OpenDatabase server(HistorySettings.Server server, int poolSize) {
        HikariConfig config = poolConfig(poolSize);
        config.setJdbcUrl(server.url());
        // Named, so that Hikari instantiates it rather than asking DriverManager for it.
        config.setDriverClassName(server.url().startsWith("jdbc:h2:") ? "org.h2.Driver" : "org.postgresql.Driver");
        server.user().ifPresent(config::setUsername);
        server.password().ifPresent(config::setPassword);
        return pooled(config, server.toString(), false);
    }

    private static HikariConfig poolConfig(int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("chatsocket-history");
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        return config;
    }

    private static OpenDatabase pooled(HikariConfig config, String description, boolean syncEachCommit) {
        HikariDataSource pool = new HikariDataSource(config);
        try {
            return new OpenDatabase(pool, dialect(pool), description, syncEachCommit, () -> {
                pool.close();
                deregisterOwnDrivers();
            });
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static Dialect dialect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return Dialect.of(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the history database: " + e.getMessage(), e);
        }
    }

    /** Whether a DataSource is bound at {@code jndiName}. */
    static boolean isBound(String jndiName) {
        return lookup(jndiName) != null;
    }

    private static DataSource lookup(String jndiName) {
        try {
            Object bound = new InitialContext().lookup(jndiName);
            if (bound instanceof DataSource dataSource) {
                return dataSource;
            }
            throw new IllegalStateException(jndiName + " is bound to a " + bound.getClass().getName() + ", not a DataSource");
        } catch (NamingException notBound) {
            // No JNDI at all (the launcher, a test) or nothing bound at that name.
            return null;
        }
    }

    /**
     * The drivers loaded from the web application's own libraries register themselves with
     * DriverManager, which would then hold the application's class loader after an undeploy
     * (Tomcat warns and clears them itself). The store never asks DriverManager for a driver.
     */
    private static void deregisterOwnDrivers() {
        ClassLoader own = DataSources.class.getClassLoader();
        if (own == ClassLoader.getSystemClassLoader()) {
            return; // one flat class path (a test, a benchmark): nothing to unload, and others may use them
        }
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == own) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.log(Level.FINE, "cannot deregister " + driver, e);
                }
            }
        }
    }

    /**
     * Drops every connection once the H2 database closed under one of them (general error, H2's
     * panic; closed; closing) or was opened read-only (H2 opens a file it cannot write read-only,
     * for instance when the pool refilled itself while the disk refused writes). One H2 database
     * stays open, in that state, while any session holds it, so the pool's other connections are
     * evicted too (idle ones now, busy ones when returned): the next connection then opens the
     * file again, writable once the disk is.
     */
    private static final class EvictClosedH2Sessions implements SQLExceptionOverride {
        private static final Set<Integer> CLOSED = Set.of(ErrorCode.GENERAL_ERROR_1, ErrorCode.DATABASE_IS_CLOSED,
                ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.DATABASE_IS_READ_ONLY);
        private volatile HikariDataSource pool;

        @java.lang.Override
        public Override adjudicate(SQLException e) {
            if (!CLOSED.contains(e.getErrorCode())) {
                return Override.CONTINUE_EVICT;
            }
            HikariDataSource evicting = pool;
            if (evicting != null && evicting.getHikariPoolMXBean() != null) {
                evicting.getHikariPoolMXBean().softEvictConnections();
            }
            return Override.MUST_EVICT;
        }
    }
}
