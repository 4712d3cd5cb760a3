package dev.chatsocket.chat.moderation;

import dev.chatsocket.chat.moderation.MessageChanges.Target;
import dev.chatsocket.chat.moderation.MessageChanges.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageChangesTest {
    private static final long POSTED = 1_000_000L;
    private final MessageChanges changes = new MessageChanges(Duration.ofMinutes(15));
    private final Target alices = new Target("alice", POSTED, false);

    @Test
    void theAuthorEditsWithinTheWindowToItsLastMillisecond() {
        assertEquals(Verdict.ALLOWED, changes.edit(alices, "alice", POSTED + Duration.ofMinutes(15).toMillis()));
        assertEquals(Verdict.TOO_LATE, changes.edit(alices, "alice", POSTED + Duration.ofMinutes(15).toMillis() + 1));
    }

    @Test
    void nobodyEditsSomeoneElsesMessageNotEvenAModerator() {
        assertEquals(Verdict.FORBIDDEN, changes.edit(alices, "bob", POSTED));
    }

    @Test
    void aMissingOrDeletedMessageIsNotFoundForEditAndDelete() {
        Target deleted = new Target("alice", POSTED, true);
        assertEquals(Verdict.NOT_FOUND, changes.edit(null, "alice", POSTED));
        assertEquals(Verdict.NOT_FOUND, changes.edit(deleted, "alice", POSTED));
        assertEquals(Verdict.NOT_FOUND, changes.delete(null, "alice", true));
        assertEquals(Verdict.NOT_FOUND, changes.delete(deleted, "alice", true));
    }

    @Test
    void theAuthorDeletesAtAnyTimeAModeratorAnyMessageOthersNone() {
        assertEquals(Verdict.ALLOWED, changes.delete(alices, "alice", false));
        assertEquals(Verdict.ALLOWED, changes.delete(alices, "mod", true));
        assertEquals(Verdict.FORBIDDEN, changes.delete(alices, "bob", false));
    }

    @Test
    void verdictsCarryTheProtocolsErrorCodes() {
        assertNull(Verdict.ALLOWED.errorCode());
        assertEquals("forbidden", Verdict.FORBIDDEN.errorCode());
        assertEquals("not-found", Verdict.NOT_FOUND.errorCode());
        assertEquals("too-late", Verdict.TOO_LATE.errorCode());
    }

    @Test
    void theWindowMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new MessageChanges(Duration.ZERO));
    }
}
