package dev.chatsocket.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys the site's backend presents to the HTTP API ({@code Authorization: Bearer <key>}), each
 * under a name that becomes the author of what it posts. Keys are compared through their SHA-256
 * digests with {@link MessageDigest#isEqual}, which takes the same time whatever the input: a
 * caller cannot find a key byte by byte by timing the answers, nor learn a key's length.
 */
public final class ApiKeys {
    /** 128 bits written as hex or base64 is at least this long; shorter keys are guessable. */
    public static final int MIN_KEY_LENGTH = 24;
    private static final String BEARER = "Bearer ";

    private record Key(String name, byte[] digest) {
    }

    private final List<Key> keys;

    private ApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    public static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    /**
     * Reads {@code name:key,name2:key2}. Names are 1 to 32 letters, digits, {@code -} or {@code _};
     * keys at least {@value #MIN_KEY_LENGTH} characters without {@code ,}; no name twice.
     *
     * @throws IllegalArgumentException saying which entry is wrong, without the key itself
     */
    public static ApiKeys parse(String setting) {
        List<Key> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : setting.split(",", -1)) {
            String trimmed = entry.strip();
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("an API key is written name:key; an entry has no ':'");
            }
            String name = trimmed.substring(0, colon);
            String key = trimmed.substring(colon + 1);
            if (!name.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("an API key's name is 1 to 32 letters, digits, '-' or '_'");
            }
            if (key.length() < MIN_KEY_LENGTH || key.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("the API key named " + name + " must be at least "
                        + MIN_KEY_LENGTH + " characters with no spaces");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("the API key name " + name + " is given twice");
            }
            keys.add(new Key(name, digest(key)));
        }
        return new ApiKeys(keys);
    }

    /**
     * The uid an API key's name posts and moderates as: {@code bot:<name>}, which no guest id
     * ({@code guest-…}) can be, so a key never speaks as a person and its refs never mix with one's.
     */
    public static String authorUid(String name) {
        return "bot:" + name;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * The name of the key an {@code Authorization} header presents; empty when the header is
     * missing, not a bearer credential, or no key matches. Every key is compared, matched or not.
     */
    public Optional<String> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        byte[] presented = digest(authorization.substring(BEARER.length()).strip());
        String match = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.digest(), presented) && match == null) {
                match = key.name();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
