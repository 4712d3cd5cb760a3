package dev.chatsocket.identity;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which room a person may join, decided before the upgrade (a refusal is a 403 with its one-line
 * reason). Pure: the container's answer to {@code isUserInRole} is handed in as a predicate.
 *
 * <p>A room is addressed by its name, or by {@code @uid} for the direct messages with that person.
 * <ul>
 *   <li><b>Public rooms</b> (the default): everyone, unless the person's token carries a
 *   {@code rooms} claim that does not match the room.</li>
 *   <li><b>Private rooms</b> (names or {@code prefix*} in the settings): only verified people,
 *   and only when granted: by their token's {@code rooms} claim naming it (a token without the
 *   claim is not a grant), by the {@link Role#ADMIN} role (from a token or the container's
 *   {@code chat-admin}), or by the container role {@value #CONTAINER_ROOM_ROLE_PREFIX}{@code <room>}
 *   (the role {@code chat-room-ops} grants the room {@code ops}; asked of the container at each
 *   handshake, so it is not carried in session tokens).</li>
 *   <li><b>Direct messages</b> ({@code @uid}): the room {@link DirectRooms#roomFor} of the two,
 *   which nobody can join by name. Not for guests, on either side, unless the settings allow it;
 *   a token's {@code rooms} claim must match {@code @uid} ({@code @*} matches everyone).</li>
 * </ul>
 */
public final class RoomAccess {
    /** Container roles {@code chat-room-<room>} grant one private room each. */
    public static final String CONTAINER_ROOM_ROLE_PREFIX = "chat-room-";
    /** The reason for a private room; the chat page leads every 403 with it. */
    public static final String NOT_ALLOWED = "you are not allowed in this room";

    private final RoomAccessSettings settings;

    public RoomAccess(RoomAccessSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Whether an address is a room name or {@code @} and a uid; anything else is a bad request (400), not a refusal. */
    public static boolean isValidAddress(String address) {
        if (address == null) {
            return false;
        }
        return address.startsWith(RoomPattern.DIRECT_MARK)
                ? Names.isValidUid(address.substring(RoomPattern.DIRECT_MARK.length()))
                : RoomPattern.ROOM_NAME.matcher(address).matches();
    }

    /**
     * The room to join for an address, when this person may.
     *
     * @param who           the person
     * @param address       a room name or {@code @uid} ({@link #isValidAddress})
     * @param containerRole the container's {@code isUserInRole} for this request; {@code role -> false}
     *                      when the identity is not the container's
     * @return the room's name: the address itself, or the direct-message room
     * @throws IdentityRefused when not allowed, with a one-line reason for a 403
     */
    public String join(Identity who, String address, Predicate<String> containerRole) throws IdentityRefused {
        if (!isValidAddress(address)) {
            throw new IllegalArgumentException("not a room name or @uid");
        }
        return address.startsWith(RoomPattern.DIRECT_MARK)
                ? direct(who, address)
                : named(who, address, containerRole);
    }

    private String named(Identity who, String room, Predicate<String> containerRole) throws IdentityRefused {
        if (DirectRooms.isDirectRoom(room)) {
            throw new IdentityRefused("direct messages are opened with @uid");
        }
        if (!who.rooms().allows(room)) {
            throw new IdentityRefused("this token does not allow this room");
        }
        if (isPrivate(room) && !(who.verified() && grantsPrivate(who, room, containerRole))) {
            throw new IdentityRefused(NOT_ALLOWED);
        }
        return room;
    }

    private boolean isPrivate(String room) {
        return settings.privateRooms().stream().anyMatch(p -> p.matches(room));
    }

    private static boolean grantsPrivate(Identity who, String room, Predicate<String> containerRole) {
        return who.hasRole(Role.ADMIN)
                || who.rooms().restricted() && who.rooms().allows(room)
                || who.source() == Identity.Source.CONTAINER && containerRole.test(CONTAINER_ROOM_ROLE_PREFIX + room);
    }

    private String direct(Identity who, String address) throws IdentityRefused {
        String other = address.substring(RoomPattern.DIRECT_MARK.length());
        if (!settings.guestDirectMessages() && (!who.verified() || GuestIds.isGuestUid(other))) {
            throw new IdentityRefused("guests may not open direct messages");
        }
        if (!who.rooms().allows(address)) {
            throw new IdentityRefused("this token does not allow this room");
        }
        return DirectRooms.roomFor(who.uid(), other);
    }
}
