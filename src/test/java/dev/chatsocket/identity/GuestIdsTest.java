package dev.chatsocket.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class GuestIdsTest {

    @Test
    void aGuestIsAnUnverifiedServerMadeUidWith128RandomBits() {
        Identity guest = new GuestIds(new SecureRandom()).next();
        assertTrue(guest.uid().matches("guest-[A-Za-z0-9_-]{22}"), guest.uid());
        assertFalse(guest.verified());
        assertEquals(Identity.Source.GUEST, guest.source());
        assertTrue(guest.uid().startsWith(guest.name()));
        assertTrue(Names.isValidName(guest.name()));
    }

    @Test
    void guestUidsDoNotRepeat() {
        GuestIds ids = new GuestIds(new SecureRandom());
        Set<String> uids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            uids.add(ids.next().uid());
        }
        assertEquals(1000, uids.size());
    }

    @Test
    void theGuestUidSpaceIsTheServersAlone() {
        assertThrows(IllegalArgumentException.class, () -> Identity.container(GuestIds.PREFIX + "x", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> Identity.guest("alice", "alice"));
        assertThrows(IllegalArgumentException.class, () -> new Identity(GuestIds.PREFIX + "x", "x", false,
                Set.of(Role.ADMIN), RoomGrants.UNRESTRICTED, Identity.Source.SESSION, Optional.empty()));
    }
}
