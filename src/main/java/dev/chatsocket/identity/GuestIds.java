package dev.chatsocket.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Uids for guests, made by the server: {@value #PREFIX} and 128 random bits (22 base64url
 * characters), so that nobody can guess another guest's uid and take over its session or direct
 * messages. Tokens and container users cannot have a uid with this prefix ({@link Identity}).
 */
public final class GuestIds {
    public static final String PREFIX = "guest-";
    private static final int RANDOM_BYTES = 16;
    /** Characters of the uid's random part shown in a guest's first display name. */
    private static final int NAME_CHARS = 6;

    private final SecureRandom random;

    public GuestIds(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new guest, named {@code guest-} and the start of its uid's random part until it picks a nick. */
    public Identity next() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String uid = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return Identity.guest(uid, uid.substring(0, PREFIX.length() + NAME_CHARS));
    }

    public static boolean isGuestUid(String uid) {
        return uid.startsWith(PREFIX);
    }
}
