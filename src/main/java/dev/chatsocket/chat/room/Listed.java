package dev.chatsocket.chat.room;

/** A member as the room lists it to others: who, under which nick. */
public record Listed(String uid, String nick) {
}
