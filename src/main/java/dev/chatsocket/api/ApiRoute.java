package dev.chatsocket.api;

import dev.chatsocket.chat.room.RoomNames;

import java.util.Set;

/**
 * Which endpoint of the HTTP API a request is for (docs/api.md), from its method and the path
 * under {@code /api/v1}. Pure: the servlet answers what this finds.
 *
 * @param endpoint  the endpoint
 * @param room      the room in the path
 * @param messageId the message in the path; 0 when the path has none
 */
public record ApiRoute(Endpoint endpoint, String room, long messageId) {

    public enum Endpoint {
        POST_MESSAGE, LIST_MESSAGES, DELETE_MESSAGE, LIST_MEMBERS, KICK, BAN, UNBAN, MUTE, UNMUTE
    }

    /** A path that names nothing, or a method the path does not take. */
    public static final class NoRoute extends Exception {
        private final int status;
        private final Set<String> allowed;

        NoRoute(int status, String reason, Set<String> allowed) {
            super(reason, null, false, false);
            this.status = status;
            this.allowed = allowed;
        }

        /** 404, 405, or 400 for a malformed room name or message id. */
        public int status() {
            return status;
        }

        /** The methods the path takes, for a 405's {@code Allow} header. */
        public Set<String> allowed() {
            return allowed;
        }
    }

    /** @param path the servlet's path info, e.g. {@code /rooms/lobby/messages/12} */
    public static ApiRoute of(String method, String path) throws NoRoute {
        String[] parts = path == null ? new String[0] : path.split("/", -1);
        // "", "rooms", room, what [, id]
        if (parts.length < 4 || parts.length > 5 || !parts[0].isEmpty() || !parts[1].equals("rooms")) {
            throw new NoRoute(404, "no such endpoint", Set.of());
        }
        String room = parts[2];
        String what = parts[3];
        if (parts.length == 5) {
            if (!what.equals("messages")) {
                throw new NoRoute(404, "no such endpoint", Set.of());
            }
            return new ApiRoute(only(method, "DELETE", Endpoint.DELETE_MESSAGE), checked(room), id(parts[4]));
        }
        Endpoint endpoint = switch (what) {
            case "messages" -> switch (method) {
                case "POST" -> Endpoint.POST_MESSAGE;
                case "GET", "HEAD" -> Endpoint.LIST_MESSAGES;
                default -> throw new NoRoute(405, "this path takes GET or POST", Set.of("GET", "HEAD", "POST"));
            };
            case "members" -> only(method, "GET", Endpoint.LIST_MEMBERS);
            case "kick" -> only(method, "POST", Endpoint.KICK);
            case "ban" -> only(method, "POST", Endpoint.BAN);
            case "unban" -> only(method, "POST", Endpoint.UNBAN);
            case "mute" -> only(method, "POST", Endpoint.MUTE);
            case "unmute" -> only(method, "POST", Endpoint.UNMUTE);
            default -> throw new NoRoute(404, "no such endpoint", Set.of());
        };
        return new ApiRoute(endpoint, checked(room), 0);
    }

    /** HEAD goes with GET, as HTTP has it (RFC 9110 §9.3.2). */
    private static Endpoint only(String method, String wanted, Endpoint endpoint) throws NoRoute {
        if (method.equals(wanted) || (wanted.equals("GET") && method.equals("HEAD"))) {
            return endpoint;
        }
        Set<String> allowed = wanted.equals("GET") ? Set.of("GET", "HEAD") : Set.of(wanted);
        throw new NoRoute(405, "this path takes " + wanted, allowed);
    }

    private static String checked(String room) throws NoRoute {
        if (!RoomNames.isValid(room)) {
            throw new NoRoute(400, "a room name is 1 to 64 letters, digits, '-' or '_'", Set.of());
        }
        return room;
    }

    private static long id(String raw) throws NoRoute {
        try {
            long id = Long.parseLong(raw);
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new NoRoute(400, "a message id is a whole number of 1 or more", Set.of());
    }
}
