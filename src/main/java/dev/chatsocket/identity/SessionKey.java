package dev.chatsocket.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key session tokens are signed with: 256 bits for HMAC-SHA256 (RFC 2104; a key as long as
 * the hash output, RFC 4868 §2.1.1). Every node of a cluster must hold the same one
 * ({@link SessionKeySource}).
 */
public final class SessionKey {
    public static final int BYTES = 32;
    static final String MAC_ALGORITHM = "HmacSHA256";
    /**
     * Derivation label: a secret set for sessions is never used as the key itself, so that the
     * same string given as the token secret too signs nothing the token verifier would accept.
     */
    private static final byte[] DERIVATION_LABEL = "chatsocket session key v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    private SessionKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, MAC_ALGORITHM);
    }

    /** A key of exactly {@value #BYTES} bytes, such as a key file holds. */
    public static SessionKey of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a session key is " + BYTES + " bytes, not " + bytes.length);
        }
        return new SessionKey(bytes.clone());
    }

    /**
     * The key for a secret given as a setting, shared by every node: HMAC-SHA256 of a fixed
     * label under the secret's UTF-8 bytes (an HKDF-Extract-like step, RFC 5869 §2.2), so that
     * any string of 256 bits or more gives a uniform key.
     */
    public static SessionKey fromSecret(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < BYTES) {
            throw new IllegalArgumentException("a session secret needs at least 256 bits (32 bytes), this one has "
                    + bytes.length * 8 + "; make one with: openssl rand -base64 32");
        }
        Mac mac = mac(new SecretKeySpec(bytes, MAC_ALGORITHM));
        return new SessionKey(mac.doFinal(DERIVATION_LABEL));
    }

    /** The key's bytes (a copy), for a store that keeps it. */
    byte[] bytes() {
        return key.getEncoded();
    }

    /** Whether {@code other} is the same key, compared in constant time. */
    boolean sameAs(SessionKey other) {
        return MessageDigest.isEqual(bytes(), other.bytes());
    }

    /** A fresh MAC under this key: {@link Mac} is not thread-safe, so one per use. */
    Mac newMac() {
        return mac(key);
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java platform must provide HmacSHA256 (the Mac class's documentation).
            throw new IllegalStateException(e);
        }
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "SessionKey[256 bits]";
    }
}
