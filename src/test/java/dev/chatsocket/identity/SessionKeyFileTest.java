package dev.chatsocket.identity;

import static dev.chatsocket.identity.TestTokens.CLOCK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single node's key file: made once, private, and the same after a restart. */
class SessionKeyFileTest {
    @TempDir
    Path dataDir;

    @Test
    void theKeyFileIsMadeOwnerOnlyWith256RandomBits() throws Exception {
        Path dir = dataDir.resolve("not-yet-there");
        SessionKeyFile source = new SessionKeyFile(dir, new SecureRandom());
        source.load();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(source.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(SessionKey.BYTES, Files.size(source.file()));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void theSameKeyAfterARestart() throws Exception {
        SessionKeyFile first = new SessionKeyFile(dataDir, new SecureRandom());
        String session = new SessionTokens(first.load(), Duration.ofHours(1), CLOCK)
                .issue(Identity.guest(GuestIds.PREFIX + "abc", "guest-abc"));
        byte[] written = Files.readAllBytes(first.file());

        // A new process: another source on the same directory, with its own randomness.
        SessionKeyFile afterRestart = new SessionKeyFile(dataDir, new SecureRandom());
        SessionCheck check = new SessionTokens(afterRestart.load(), Duration.ofHours(1), CLOCK).open(session);
        assertEquals(GuestIds.PREFIX + "abc", assertInstanceOf(SessionCheck.Restored.class, check).identity().uid());
        assertArrayEquals(written, Files.readAllBytes(afterRestart.file()));
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        SessionKeyFile source = new SessionKeyFile(dataDir, new SecureRandom());
        source.load();
        Files.setPosixFilePermissions(source.file(), PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, source::load);
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void aFileOfTheWrongSizeIsNotAKey() throws Exception {
        Path file = dataDir.resolve(SessionKeyFile.FILE_NAME);
        Files.write(file, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, () -> new SessionKeyFile(dataDir, new SecureRandom()).load());
        assertTrue(e.getMessage().contains("not a session key"), e.getMessage());
    }
}
