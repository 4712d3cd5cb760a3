package dev.chatsocket.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * HS256 tokens for the container and browser tests, the issuer's side, as bin/mint-token makes
 * them (RFC 7515 compact form, HMAC-SHA256 over {@code header.payload}). Made with the JDK's HMAC
 * and Jackson rather than with the identity unit tests' {@code TestTokens}: nimbus-jose-jwt is the
 * WAR's own library and is kept off the container tests' class path.
 */
public final class Hs256Tokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String secret;

    /** @param secret the {@code CHATSOCKET_TOKEN_SECRET} the deployment under test is given */
    public Hs256Tokens(String secret) {
        this.secret = secret;
    }

    /** Claims with {@code sub} and {@code exp} {@code seconds} from now; add the rest to the node. */
    public static ObjectNode claims(String sub, long seconds) {
        return JSON.createObjectNode().put("sub", sub).put("exp", Instant.now().getEpochSecond() + seconds);
    }

    public String sign(ObjectNode claims) {
        String signed = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims.toString());
        return signed + "." + B64.encodeToString(hmac(signed));
    }

    private static String b64(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
