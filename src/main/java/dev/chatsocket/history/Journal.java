package dev.chatsocket.history;

import org.h2.store.fs.FilePath;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * The embedded store's write-ahead journal: a file beside H2's, to which the writer appends what
 * each group commit stores and fsyncs it before the group's acks. H2 writes a commit to its own
 * file later, from its background writer, and fsyncs it only at a checkpoint; an append and an
 * fsync here costs a fraction of what a {@code CHECKPOINT SYNC} per group did (a B-tree chunk
 * serialised, written and fsynced). After each checkpoint the journal is emptied; what it holds
 * at a start is replayed into the database, idempotently on {@code (room, id)}.
 *
 * <p>Opened through H2's file system layer, under the database URL's own prefix, so that it lives
 * and fails where the database file does. Not thread-safe: the writer thread alone uses it.
 */
final class Journal implements AutoCloseable {
    /** H2 adds {@code .mv.db} to the database's name; the journal is the same name with this. */
    static final String SUFFIX = ".journal";

    private final String name;
    private final FileChannel file;
    /** Where the next record goes: the end of the last whole record written and fsynced. */
    private long end;
    /** Whether bytes past {@link #end} may be on disk (a write that failed part-way): cut before the next write. */
    private boolean tornTail;

    private Journal(String name, FileChannel file, long end) {
        this.name = name;
        this.file = file;
        this.end = end;
        this.tornTail = true; // whatever follows the whole records of an earlier run is cut off
    }

    /**
     * Opens (creating it when missing) the journal of the H2 database named {@code database} in H2's
     * file system syntax ({@code file:/data/history}, or behind another of H2's prefixes).
     */
    static Journal open(String database) throws IOException {
        String name = database + SUFFIX;
        FileChannel file = FilePath.get(name).open("rw");
        try {
            return new Journal(name, file, JournalCodec.decode(readAll(file, file.size())).validBytes());
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The entries of every whole record, oldest first: what the database may lack after a crash. */
    List<Archived> entries() throws IOException {
        return JournalCodec.decode(readAll(file, end)).entries();
    }

    /** The bytes the journal holds: what a replay would read. */
    long size() {
        return end;
    }

    /**
     * Appends {@code entries} as one record and fsyncs it. When the write or the fsync fails, the
     * record is cut off again (now, or before the next append if the disk refuses that too), so a
     * record that was not acked is never followed by one that was.
     */
    void append(List<Archived> entries) throws IOException {
        cutTornTail();
        ByteBuffer record = JournalCodec.encode(entries);
        tornTail = true;
        file.position(end);
        while (record.hasRemaining()) {
            file.write(record);
        }
        file.force(false);
        end = file.position();
        tornTail = false;
    }

    /**
     * Cuts the last record off again: its group's commit failed after it was written, so the
     * ids in it are handed out again and it must not be replayed.
     */
    void dropLast(long before) throws IOException {
        end = before;
        tornTail = true;
        cutTornTail();
    }

    /** Empties the journal: call once the database has fsynced everything the journal holds. */
    void clear() throws IOException {
        end = 0;
        tornTail = true;
        cutTornTail();
    }

    private void cutTornTail() throws IOException {
        if (tornTail) {
            file.truncate(end);
            file.force(true);
            tornTail = false;
        }
    }

    private static ByteBuffer readAll(FileChannel file, long bytes) throws IOException {
        if (bytes > Integer.MAX_VALUE) {
            throw new IOException("a journal of " + bytes + " bytes is larger than this store ever writes");
        }
        ByteBuffer all = ByteBuffer.allocate((int) bytes);
        while (all.hasRemaining()) {
            if (file.read(all, all.position()) < 0) {
                break;
            }
        }
        return all.flip();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
