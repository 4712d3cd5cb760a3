package dev.chatsocket.identity;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The keys signed tokens are checked with, and so the algorithms they may use: the accepted
 * algorithms follow from the configured key, never from a token's header (RFC 8725 §3.1). A
 * shared secret accepts HS256 only; public keys accept RS256 (RSA keys) and ES256 (P-256 keys)
 * only. Because a public key never accepts HS256, a token "signed" with HMAC using the public
 * key's bytes as the secret (the algorithm-confusion attack, RFC 8725 §2.1) is refused.
 */
public sealed interface TokenKeys {

    /** The algorithms a token's {@code alg} must be one of. */
    Set<Algorithm> algorithms();

    /** The JWS algorithms chatsocket can accept at all (RFC 7518 §3.1). */
    enum Algorithm {
        HS256(JWSAlgorithm.HS256), RS256(JWSAlgorithm.RS256), ES256(JWSAlgorithm.ES256);

        private final JWSAlgorithm jws;

        Algorithm(JWSAlgorithm jws) {
            this.jws = jws;
        }

        JWSAlgorithm jws() {
            return jws;
        }
    }

    /**
     * HS256 with a secret shared with the token issuer: at least 256 bits, the size of the hash
     * (RFC 7518 §3.2: "A key of the same size as the hash output ... or larger MUST be used").
     */
    record SharedSecret(byte[] secret) implements TokenKeys {
        public static final int MIN_BYTES = 32;

        public SharedSecret {
            if (secret.length < MIN_BYTES) {
                throw new IllegalArgumentException("an HS256 secret needs at least 256 bits (32 bytes), this one has "
                        + secret.length * 8 + "; make one with: openssl rand -base64 32");
            }
            secret = secret.clone();
        }

        /** The secret as written in a setting: its UTF-8 bytes, as {@code openssl dgst -hmac} uses them. */
        public static SharedSecret of(String secret) {
            return new SharedSecret(secret.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public Set<Algorithm> algorithms() {
            return EnumSet.of(Algorithm.HS256);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SharedSecret s && Arrays.equals(secret, s.secret);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(secret);
        }

        /** Never the secret itself: settings end up in logs. */
        @Override
        public String toString() {
            return "SharedSecret[" + secret.length + " bytes]";
        }
    }

    /**
     * Public keys: RSA (at least 2048 bits, RFC 7518 §3.3) for RS256, EC on P-256 for ES256
     * (RFC 7518 §3.4). A token whose header names a {@code kid} is checked with that key only.
     */
    record PublicKeys(JWKSet keys) implements TokenKeys {
        public static final int MIN_RSA_BITS = 2048;
        private static final Pattern PEM = Pattern.compile(
                "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

        public PublicKeys {
            if (keys.getKeys().isEmpty()) {
                throw new IllegalArgumentException("no RSA or P-256 public key for signatures");
            }
            for (JWK key : keys.getKeys()) {
                if (key.isPrivate() || !(key instanceof RSAKey || key instanceof ECKey)) {
                    throw new IllegalArgumentException("only RSA and EC public keys verify tokens");
                }
            }
        }

        @Override
        public Set<Algorithm> algorithms() {
            Set<Algorithm> algorithms = EnumSet.noneOf(Algorithm.class);
            for (JWK key : keys.getKeys()) {
                algorithms.add(key instanceof RSAKey ? Algorithm.RS256 : Algorithm.ES256);
            }
            return algorithms;
        }

        /**
         * Keys from the text of a key file: a JWKS document (RFC 7517 §5, starts with {@code {})
         * or PEM blocks of {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) or {@code CERTIFICATE}.
         * Private parts in a JWKS are dropped, and so are symmetric keys (an {@code oct} key would
         * accept HMAC), keys for encryption and keys of other types and curves; a file that
         * leaves nothing is refused, as is a PEM file with anything but public keys.
         */
        public static PublicKeys parse(String text) {
            String trimmed = text.strip();
            List<JWK> keys = trimmed.startsWith("{") ? fromJwks(trimmed) : fromPem(trimmed);
            return new PublicKeys(new JWKSet(keys));
        }

        private static List<JWK> fromJwks(String json) {
            JWKSet set;
            try {
                set = JWKSet.parse(json);
            } catch (ParseException e) {
                throw new IllegalArgumentException("not a JWK set: " + e.getMessage());
            }
            List<JWK> usable = new ArrayList<>();
            // toPublicJWKSet drops private parts and keys with nothing public (oct).
            for (JWK key : set.toPublicJWKSet().getKeys()) {
                if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                    continue;
                }
                if (key instanceof RSAKey rsa) {
                    usable.add(checkedRsa(rsa));
                } else if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                    usable.add(ec);
                }
            }
            return usable;
        }

        private static List<JWK> fromPem(String pem) {
            List<JWK> keys = new ArrayList<>();
            Matcher block = PEM.matcher(pem);
            while (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(2));
                keys.add(switch (block.group(1)) {
                    case "PUBLIC KEY" -> toJwk(publicKey(der));
                    case "CERTIFICATE" -> toJwk(certificateKey(der));
                    case "RSA PUBLIC KEY" -> throw new IllegalArgumentException("a PKCS#1 RSA key; convert it with:"
                            + " openssl rsa -RSAPublicKey_in -in key.pem -pubout");
                    default -> throw new IllegalArgumentException("a PEM " + block.group(1).toLowerCase(java.util.Locale.ROOT)
                            + ", not a public key; give only the public key (openssl pkey -in key.pem -pubout)");
                });
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("neither a JWK set nor a PEM public key");
            }
            return keys;
        }

        private static PublicKey publicKey(byte[] der) {
            for (String type : List.of("RSA", "EC")) {
                try {
                    return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
                } catch (GeneralSecurityException e) {
                    // not this type: try the next
                }
            }
            throw new IllegalArgumentException("a PEM public key that is neither RSA nor EC");
        }

        private static PublicKey certificateKey(byte[] der) {
            try {
                return CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("a PEM certificate that does not parse: " + e.getMessage());
            }
        }

        private static JWK toJwk(PublicKey key) {
            if (key instanceof RSAPublicKey rsa) {
                return checkedRsa(new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).build());
            }
            if (key instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                return new ECKey.Builder(Curve.P_256, ec).keyUse(KeyUse.SIGNATURE).build();
            }
            throw new IllegalArgumentException("a " + key.getAlgorithm()
                    + " key that is neither RSA nor EC on P-256 (the curve of ES256)");
        }

        private static RSAKey checkedRsa(RSAKey key) {
            if (key.size() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("an RSA key of " + key.size() + " bits; RS256 needs at least "
                        + MIN_RSA_BITS);
            }
            return key;
        }
    }
}
