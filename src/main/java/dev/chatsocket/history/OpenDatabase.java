package dev.chatsocket.history;

import javax.sql.DataSource;

/**
 * A database the store may use: its connections, its dialect, and how to let it go.
 *
 * @param description    where it is, for the log (never a password)
 * @param syncEachCommit whether a commit must be followed by {@code CHECKPOINT SYNC}: an embedded
 *                       H2 neither writes a commit to its file at once nor fsyncs it (PostgreSQL
 *                       fsyncs its WAL at commit by itself)
 * @param release        closes what the store opened (a pool); nothing for a container's DataSource
 */
record OpenDatabase(DataSource dataSource, Dialect dialect, String description, boolean syncEachCommit, AutoCloseable release) {
}
