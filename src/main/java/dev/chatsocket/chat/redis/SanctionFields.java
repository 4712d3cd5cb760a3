package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.moderation.Sanction;

import java.util.Optional;

/**
 * A ban or a mute as a field of a room's {@code sanctions} hash ({@link RedisKeys#sanctions()}):
 * field {@code "<kind> <uid>"}, value {@code "<until ms>\n<1|0 by an admin>\n<by>\n<reason>"}.
 * A uid has no white space and neither it nor a reason a line break ({@code identity.Names},
 * the protocol's reason rule), so both separators are unambiguous. The until comes first, so
 * that the moderation script reads it with one match.
 */
final class SanctionFields {
    private SanctionFields() {
    }

    static String field(Sanction.Kind kind, String uid) {
        return kind.wire() + " " + uid;
    }

    static String value(Sanction sanction) {
        return sanction.untilMillis() + "\n" + (sanction.byAdmin() ? "1" : "0") + "\n" + sanction.by() + "\n"
                + sanction.reason();
    }

    /** The sanction a field holds; empty for a field this server does not write. */
    static Optional<Sanction> read(String field, String value) {
        int space = field.indexOf(' ');
        String[] parts = value.split("\n", 4);
        if (space < 0 || parts.length != 4) {
            return Optional.empty();
        }
        String kind = field.substring(0, space);
        try {
            return Optional.of(new Sanction(kind.equals(Sanction.Kind.BAN.wire()) ? Sanction.Kind.BAN : Sanction.Kind.MUTE,
                    field.substring(space + 1), Long.parseLong(parts[0]), parts[3], parts[2], "1".equals(parts[1])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
