package dev.chatsocket.chat.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of strings packed into one by the scripts ({@code pack} in {@link RedisScripts}): each
 * item as {@code <length in UTF-8 bytes>:<bytes>}, one after the other. Any text fits, separators
 * included, and Lua needs no JSON library to write or read it.
 */
final class Packed {
    private Packed() {
    }

    static String pack(List<String> items) {
        StringBuilder packed = new StringBuilder();
        for (String item : items) {
            packed.append(item.getBytes(StandardCharsets.UTF_8).length).append(':').append(item);
        }
        return packed.toString();
    }

    /** @throws IllegalArgumentException when {@code packed} is not a packed list */
    static List<String> unpack(String packed) {
        byte[] bytes = packed.getBytes(StandardCharsets.UTF_8);
        List<String> items = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            int colon = i;
            long length = 0;
            while (colon < bytes.length && bytes[colon] >= '0' && bytes[colon] <= '9' && length <= bytes.length) {
                length = length * 10 + (bytes[colon] - '0');
                colon++;
            }
            if (colon == i || colon >= bytes.length || bytes[colon] != ':' || colon + 1 + length > bytes.length) {
                throw new IllegalArgumentException("not a packed list at byte " + i);
            }
            items.add(new String(bytes, colon + 1, (int) length, StandardCharsets.UTF_8));
            i = colon + 1 + (int) length;
        }
        return items;
    }
}
