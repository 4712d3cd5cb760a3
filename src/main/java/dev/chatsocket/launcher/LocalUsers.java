package dev.chatsocket.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The launcher's local login (issue 14): the users of {@code CHATSOCKET_USERS_FILE}, checked by the
 * container's own BASIC authentication at {@value #LOGIN_PATH}, so that the application sees them
 * through {@code getUserPrincipal()} and {@code isUserInRole}.
 *
 * <p>The file has one user a line, {@code name:password:role1,role2} (the roles may be left out:
 * {@code name:password}); blank lines and lines starting with {@code #} are skipped. Passwords are
 * in plain text, so a password cannot hold {@code :}: this is for local use. The roles the chat
 * knows are {@code chat-moderator}, {@code chat-admin} and {@code chat-room-<room>} (a private room).
 *
 * @param users the users, in file order
 */
record LocalUsers(List<User> users) {
    /** The one path that asks for a login; everything else stays open to guests. */
    static final String LOGIN_PATH = "/login";
    /** The realm BASIC names in its challenge: browsers show it in their login prompt. */
    static final String REALM = "chatsocket";

    record User(String name, String password, List<String> roles) {
    }

    LocalUsers {
        users = List.copyOf(users);
    }

    static LocalUsers read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** @param source named in the messages of a line that does not parse */
    static LocalUsers parse(String text, String source) {
        List<User> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", -1);
            String where = source + " line " + (i + 1);
            if (fields.length < 2 || fields.length > 3 || fields[0].isBlank() || fields[1].isEmpty()) {
                throw new IllegalArgumentException(where + ": expected name:password:role1,role2");
            }
            if (!names.add(fields[0].strip())) {
                throw new IllegalArgumentException(where + ": " + fields[0].strip() + " is there twice");
            }
            List<String> roles = fields.length < 3 ? List.of()
                    : Arrays.stream(fields[2].split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList();
            users.add(new User(fields[0].strip(), fields[1], roles));
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(source + " has no users");
        }
        return new LocalUsers(users);
    }

    /** Never the passwords. */
    @Override
    public String toString() {
        return "LocalUsers" + users.stream().map(User::name).toList();
    }
}
