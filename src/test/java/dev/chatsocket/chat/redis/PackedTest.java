package dev.chatsocket.chat.redis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The scripts' packed lists: lengths in UTF-8 bytes, as Lua counts them. */
class PackedTest {

    @Test
    void anyTextPacksAndUnpacksSeparatorsAndEmptyItemsIncluded() {
        List<String> items = List.of("7-0", "", "a:b", "3:x", "h\u00e9llo \uD83D\uDE00", "\n");
        assertEquals("3:7-00:3:a:b3:3:x", Packed.pack(items.subList(0, 4)));
        assertEquals("11:h\u00e9llo \uD83D\uDE00", Packed.pack(List.of("h\u00e9llo \uD83D\uDE00")), "bytes, not chars");
        assertEquals(items, Packed.unpack(Packed.pack(items)));
        assertEquals(List.of(), Packed.unpack(""));
    }

    @Test
    void whatIsNotAPackedListIsRefused() {
        for (String bad : List.of("x", "3:ab", ":a", "2", "99999999999999999999:a")) {
            assertThrows(IllegalArgumentException.class, () -> Packed.unpack(bad), bad);
        }
    }
}
