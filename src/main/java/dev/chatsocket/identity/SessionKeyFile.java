package dev.chatsocket.identity;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A single node's session key, kept in {@value #FILE_NAME} under the data directory so that
 * sessions survive a restart: made on the first start (256 random bits, readable by the owner
 * only), read on every later one.
 *
 * <p>Like ssh with a private key, a key file that others may read or write is refused rather
 * than used: whoever reads it can mint sessions for anyone. On file systems without POSIX
 * permissions (Windows) the file takes the directory's access rules.
 *
 * <p>Two processes starting on one directory at once end up with the same key: the file is
 * written under a temporary name and linked into place, which fails for the second one, who
 * then reads the first one's.
 */
public final class SessionKeyFile implements SessionKeySource {
    public static final String FILE_NAME = "session.key";
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path directory;
    private final SecureRandom random;

    public SessionKeyFile(Path directory, SecureRandom random) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    @Override
    public SessionKey load() throws IOException {
        Path file = file();
        if (!Files.exists(file)) {
            create(file);
        }
        return read(file);
    }

    private void create(Path file) throws IOException {
        boolean posix = Files.getFileStore(existingAncestor(directory)).supportsFileAttributeView("posix");
        if (!Files.isDirectory(directory)) {
            // The data directory is private too: it holds this key and the history.
            Files.createDirectories(directory, posix ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY)} : new FileAttribute<?>[0]);
        }
        byte[] key = new byte[SessionKey.BYTES];
        random.nextBytes(key);
        Path temporary = posix
                ? Files.createTempFile(directory, FILE_NAME, ".new", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.createTempFile(directory, FILE_NAME, ".new");
        try {
            Files.write(temporary, key, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException e) {
            // Another process made it first: use that one.
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static SessionKey read(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.retainAll(OTHERS);
            if (!permissions.isEmpty()) {
                throw new IOException("the session key " + file + " is open to others (" + permissions
                        + "): chmod 600 it, or delete it to have a new one made (every session ends)");
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != SessionKey.BYTES) {
            throw new IOException(file + " is not a session key: " + bytes.length + " bytes, not " + SessionKey.BYTES);
        }
        return SessionKey.of(bytes);
    }

    private static Path existingAncestor(Path path) {
        Path p = path.toAbsolutePath();
        while (!Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }
}
