package dev.chatsocket.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one room two people share for direct messages, whoever opens it: {@value #PREFIX} and the
 * SHA-256 of the sorted pair of uids, base64url without padding (46 characters, inside the chat's
 * room-name rule of 1–64 of {@code [A-Za-z0-9_-]}). A hash rather than the uids themselves: two
 * uids of up to 128 characters do not fit in a room name, and a hash keeps them out of room lists
 * and logs. 256 bits leave no room for two pairs to share a room.
 *
 * <p>Names with the prefix are reserved: nobody joins one by name ({@link RoomAccess}), only by
 * {@code @uid}, so only the two people in it can reach it.
 */
public final class DirectRooms {
    public static final String PREFIX = "dm-";

    private DirectRooms() {
    }

    /** The same for (a, b) and (b, a). */
    public static String roomFor(String uid, String otherUid) {
        boolean ordered = uid.compareTo(otherUid) <= 0;
        String first = ordered ? uid : otherUid;
        String second = ordered ? otherUid : uid;
        // Length-prefixed, so that ("ab", "c") and ("a", "bc") hash differently.
        byte[] pair = (first.length() + ":" + first + second).getBytes(StandardCharsets.UTF_8);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(pair));
    }

    public static boolean isDirectRoom(String room) {
        return room.startsWith(PREFIX);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (the MessageDigest class's documentation).
            throw new IllegalStateException(e);
        }
    }
}
