package dev.chatsocket.history;

import javax.sql.DataSource;
import java.util.Optional;

/**
 * A database the store may use: its connections, its dialect, and how to let it go.
 *
 * @param description    where it is, for the log (never a password)
 * @param syncEachCommit whether a commit outside the writer's groups (an epoch, a sanction, retention)
 *                       must be followed by {@code CHECKPOINT SYNC}: an embedded H2 neither writes a
 *                       commit to its file at once nor fsyncs it (PostgreSQL fsyncs its WAL at commit
 *                       by itself); the writer's groups go through the journal instead
 * @param journal        for an embedded H2, its name in H2's file system syntax ({@code file:/data/history}),
 *                       beside which the writer keeps its {@link Journal}; empty for a server
 * @param release        closes what the store opened (a pool); nothing for a container's DataSource
 */
record OpenDatabase(DataSource dataSource, Dialect dialect, String description, boolean syncEachCommit,
                    Optional<String> journal, AutoCloseable release) {
}
