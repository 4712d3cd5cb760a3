package dev.chatsocket.chat.room;

/**
 * A person as the room lists them to others: who, under which nick, and whether the uid was
 * established by the container's login or a signed token ({@code verified}) rather than made for a guest.
 */
public record Listed(String uid, String nick, boolean verified) {
}
