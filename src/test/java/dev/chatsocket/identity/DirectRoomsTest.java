package dev.chatsocket.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DirectRoomsTest {

    @Test
    void theRoomIsTheSameWhicheverSideOpensIt() {
        assertEquals(DirectRooms.roomFor("alice", "bob"), DirectRooms.roomFor("bob", "alice"));
        assertEquals(DirectRooms.roomFor("ü@example.org", "Zoë"), DirectRooms.roomFor("Zoë", "ü@example.org"));
    }

    @Test
    void theNameFitsTheRoomNameRuleWhateverTheUids() {
        String longest = "x".repeat(Names.MAX_UID_LENGTH);
        for (String room : Set.of(DirectRooms.roomFor(longest, longest + "y"), DirectRooms.roomFor("a", "b"),
                DirectRooms.roomFor("😀", "用户"))) {
            assertTrue(RoomPattern.ROOM_NAME.matcher(room).matches(), room);
            assertTrue(room.length() <= 64, room);
            assertTrue(DirectRooms.isDirectRoom(room));
        }
    }

    @Test
    void differentPairsGetDifferentRooms() {
        // The split between the uids counts: ("ab", "c") is not ("a", "bc").
        assertNotEquals(DirectRooms.roomFor("ab", "c"), DirectRooms.roomFor("a", "bc"));
        Set<String> rooms = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            rooms.add(DirectRooms.roomFor("alice", "user" + i));
        }
        assertEquals(200, rooms.size());
    }
}
