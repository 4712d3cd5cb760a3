package dev.chatsocket.chat.redis;

/**
 * How this node's archiver is doing (cluster mode with a database archive).
 *
 * @param backlog  entries in the room streams that the archive group has not acknowledged yet, as
 *                 of each room's last mark: the archive's lag in entries, across all nodes
 * @param archived entries this node inserted into the archive since it started (repeats not counted)
 * @param failing  whether the last attempt failed (the database or Redis unreachable): retrying
 */
public record ArchiveStatus(long backlog, long archived, boolean failing) {
}
