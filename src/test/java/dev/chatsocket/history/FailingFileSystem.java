package dev.chatsocket.history;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * H2's files, behind a switch that makes every write and fsync fail as a full disk does
 * ({@code No space left on device}): URL prefix {@code failing:}. The tests run as root, which
 * ignores file permissions, so a read-only directory cannot be had honestly; this fails where the
 * disk would, under H2, and leaves everything above it (H2, the pool, the store) real.
 */
public final class FailingFileSystem extends FilePathWrapper {
    private static volatile boolean failing;

    static {
        FilePath.register(new FailingFileSystem());
    }

    /** Registers the prefix with H2 (once). */
    static void install() {
        // the static initializer did it
    }

    static void fail(boolean on) {
        failing = on;
    }

    @Override
    public String getScheme() {
        return "failing";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Channel(getBase().open(mode));
    }

    private static IOException full() {
        return new IOException("No space left on device");
    }

    private static final class Channel extends FileChannel {
        private final FileChannel base;

        Channel(FileChannel base) {
            this.base = base;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return base.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (failing) {
                throw full();
            }
            return base.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (failing) {
                throw full();
            }
            return base.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (failing) {
                throw full();
            }
            return base.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (failing) {
                throw full();
            }
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failing) {
                throw full();
            }
            base.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return base.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            if (failing) {
                throw full();
            }
            return base.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return base.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return base.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
