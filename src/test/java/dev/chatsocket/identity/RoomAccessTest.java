package dev.chatsocket.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

class RoomAccessTest {
    private static final Predicate<String> NO_ROLES = role -> false;
    private static final RoomAccess ACCESS = new RoomAccess(new RoomAccessSettings(
            List.of(RoomPattern.room("ops"), RoomPattern.room("team-*")), false));
    private static final Identity GUEST = new GuestIds(new SecureRandom()).next();
    private static final Identity ALICE = token("alice", Set.of(), RoomGrants.UNRESTRICTED);

    private static Identity token(String uid, Set<Role> roles, RoomGrants rooms) {
        return new Identity(uid, uid, true, roles, rooms, Identity.Source.TOKEN, Optional.empty());
    }

    private static String refusal(RoomAccess access, Identity who, String address, Predicate<String> roles) {
        return assertThrows(IdentityRefused.class, () -> access.join(who, address, roles)).reason();
    }

    @Test
    void publicRoomsAreOpenToEveryone() throws Exception {
        assertEquals("lobby", ACCESS.join(GUEST, "lobby", NO_ROLES));
        assertEquals("lobby", ACCESS.join(ALICE, "lobby", NO_ROLES));
    }

    @Test
    void aTokensRoomsClaimRestrictsItEvenInPublicRooms() throws Exception {
        Identity support = token("sam", Set.of(), RoomGrants.only(List.of("support-*", "lobby")));
        assertEquals("support-42", ACCESS.join(support, "support-42", NO_ROLES));
        assertEquals("lobby", ACCESS.join(support, "lobby", NO_ROLES));
        assertEquals("this token does not allow this room", refusal(ACCESS, support, "random", NO_ROLES));
        Identity none = token("nobody", Set.of(), RoomGrants.only(List.of()));
        assertEquals("this token does not allow this room", refusal(ACCESS, none, "lobby", NO_ROLES));
    }

    @Test
    void privateRoomsRefuseGuestsAndUngrantedUsers() {
        assertEquals(RoomAccess.NOT_ALLOWED, refusal(ACCESS, GUEST, "ops", NO_ROLES));
        assertEquals(RoomAccess.NOT_ALLOWED, refusal(ACCESS, GUEST, "team-red", NO_ROLES));
        // Verified, but a token without a rooms claim grants no private room.
        assertEquals(RoomAccess.NOT_ALLOWED, refusal(ACCESS, ALICE, "ops", NO_ROLES));
        Identity container = Identity.container("carol", Set.of());
        assertEquals(RoomAccess.NOT_ALLOWED, refusal(ACCESS, container, "ops", NO_ROLES));
    }

    @Test
    void privateRoomsAdmitTokenGrantsAdminsAndContainerRoomRoles() throws Exception {
        Identity granted = token("gina", Set.of(), RoomGrants.only(List.of("team-*")));
        assertEquals("team-red", ACCESS.join(granted, "team-red", NO_ROLES));
        assertEquals("this token does not allow this room", refusal(ACCESS, granted, "ops", NO_ROLES));

        assertEquals("ops", ACCESS.join(token("ada", Set.of(Role.ADMIN), RoomGrants.UNRESTRICTED), "ops", NO_ROLES));
        assertEquals("ops", ACCESS.join(Identity.container("root", Set.of(Role.ADMIN)), "ops", NO_ROLES));

        Identity carol = Identity.container("carol", Set.of());
        Predicate<String> opsRole = "chat-room-ops"::equals;
        assertEquals("ops", ACCESS.join(carol, "ops", opsRole));
        assertEquals(RoomAccess.NOT_ALLOWED, refusal(ACCESS, carol, "team-red", opsRole));
    }

    @Test
    void containerRoomRolesCountOnlyForTheContainersOwnUser() {
        // A session of carol's, without her login on this request: the predicate is not hers to ask.
        Identity fromSession = new Identity("carol", "carol", true, Set.of(), RoomGrants.UNRESTRICTED,
                Identity.Source.SESSION, Optional.empty());
        assertEquals(RoomAccess.NOT_ALLOWED, refusal(ACCESS, fromSession, "ops", role -> true));
    }

    @Test
    void aDirectMessageIsOneRoomForBothWhoeverOpensIt() throws Exception {
        Identity bob = token("bob", Set.of(), RoomGrants.UNRESTRICTED);
        String fromAlice = ACCESS.join(ALICE, "@bob", NO_ROLES);
        String fromBob = ACCESS.join(bob, "@alice", NO_ROLES);
        assertEquals(fromAlice, fromBob);
        assertEquals(DirectRooms.roomFor("alice", "bob"), fromAlice);
    }

    @Test
    void nobodyJoinsADirectRoomByName() {
        String room = DirectRooms.roomFor("alice", "bob");
        assertEquals("direct messages are opened with @uid", refusal(ACCESS, ALICE, room, NO_ROLES));
        assertEquals("direct messages are opened with @uid",
                refusal(ACCESS, token("ada", Set.of(Role.ADMIN), RoomGrants.UNRESTRICTED), room, NO_ROLES));
    }

    @Test
    void guestsHaveNoDirectMessagesUnlessTheSettingAllows() throws Exception {
        assertEquals("guests may not open direct messages", refusal(ACCESS, GUEST, "@alice", NO_ROLES));
        assertEquals("guests may not open direct messages", refusal(ACCESS, ALICE, "@" + GUEST.uid(), NO_ROLES));

        RoomAccess allowing = new RoomAccess(new RoomAccessSettings(List.of(), true));
        assertEquals(DirectRooms.roomFor(GUEST.uid(), "alice"), allowing.join(GUEST, "@alice", NO_ROLES));
        assertEquals(DirectRooms.roomFor(GUEST.uid(), "alice"), allowing.join(ALICE, "@" + GUEST.uid(), NO_ROLES));
    }

    @Test
    void aTokensRoomsClaimCoversDirectMessagesByUid() throws Exception {
        Identity onlyLobby = token("lou", Set.of(), RoomGrants.only(List.of("lobby")));
        assertEquals("this token does not allow this room", refusal(ACCESS, onlyLobby, "@bob", NO_ROLES));
        Identity anyone = token("ann", Set.of(), RoomGrants.only(List.of("@*")));
        assertEquals(DirectRooms.roomFor("ann", "bob"), ACCESS.join(anyone, "@bob", NO_ROLES));
        Identity onlyBob = token("ola", Set.of(), RoomGrants.only(List.of("@bob")));
        assertEquals(DirectRooms.roomFor("ola", "bob"), ACCESS.join(onlyBob, "@bob", NO_ROLES));
        assertEquals("this token does not allow this room", refusal(ACCESS, onlyBob, "@carol", NO_ROLES));
    }

    @Test
    void addressesAreRoomNamesOrAtUid() {
        assertTrue(RoomAccess.isValidAddress("lobby"));
        assertTrue(RoomAccess.isValidAddress("@someone@example.org"));
        assertFalse(RoomAccess.isValidAddress("@"));
        assertFalse(RoomAccess.isValidAddress("@two words"));
        assertFalse(RoomAccess.isValidAddress("no spaces"));
        assertFalse(RoomAccess.isValidAddress("x".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> ACCESS.join(ALICE, "bad room", NO_ROLES));
    }

    @Test
    void privateRoomPatternsAreRoomNamesOrPrefixes() {
        assertTrue(RoomPattern.room("*").matches("anything"));
        assertThrows(IllegalArgumentException.class, () -> RoomPattern.room("a b"));
        assertThrows(IllegalArgumentException.class, () -> RoomPattern.room("@bob"));
        assertThrows(IllegalArgumentException.class, () -> RoomPattern.room(""));
        assertThrows(IllegalArgumentException.class, () -> RoomPattern.room("x".repeat(64) + "*"));
    }
}
