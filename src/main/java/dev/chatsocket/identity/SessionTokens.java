package dev.chatsocket.identity;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Session tokens: the server's own signed note of who a client is, so that a reload or a
 * reconnect is the same person ({@code ?session=}). Opaque to the client.
 *
 * <p>Format: {@code s1.<payload>.<mac>}, base64url without padding (RFC 4648 §5), where the
 * payload is a JSON object (uid, name, verified, roles, room grants, issued and expiry times in
 * epoch seconds, and the identity's own expiry when it has one) and the MAC is HMAC-SHA256
 * (RFC 2104) over {@code s1.<payload>} under the {@link SessionKey}.
 *
 * <p>Why not a JWT through nimbus: a session token is only ever read by the server that wrote
 * it, so there is no header to parse and no algorithm to pin at all: the format fixes both. A
 * JWT-shaped session could also be mistaken for, or replayed as, an access token if keys were
 * ever shared; the {@code s1.} prefix in the signed input keeps the two apart.
 *
 * <p>A session made from a token never outlives it: it expires at the token's {@code exp} if that
 * comes before the session lifetime, and the restored identity keeps that expiry, so the
 * connection is closed at the same moment as with the token itself.
 */
public final class SessionTokens {
    /** Characters in a session token: room for 100 room grants; the MAC is checked only below it. */
    public static final int MAX_TOKEN_LENGTH = 16_384;
    static final String VERSION = "s1";
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String INVALID = "session is not valid";

    private volatile SessionKey key;
    private final Duration ttl;
    private final Clock clock;

    public SessionTokens(SessionKey key, Duration ttl, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key sessions are signed and checked with from now on: the cluster's changed ({@link SharedSessionKey#check}). */
    public void useKey(SessionKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** A new session token for this identity, good for the session lifetime (or until the identity expires). */
    public String issue(Identity identity) {
        Instant now = clock.instant();
        Instant expiry = now.plus(ttl);
        if (identity.expiresAt().isPresent() && identity.expiresAt().get().isBefore(expiry)) {
            expiry = identity.expiresAt().get();
        }
        JsonArrayBuilder roles = JSON.createArrayBuilder();
        identity.roles().forEach(r -> roles.add(r.claim()));
        JsonObjectBuilder payload = JSON.createObjectBuilder()
                .add("uid", identity.uid())
                .add("name", identity.name())
                .add("verified", identity.verified())
                .add("roles", roles)
                .add("iat", now.getEpochSecond())
                .add("exp", expiry.getEpochSecond());
        if (identity.rooms().restricted()) {
            JsonArrayBuilder rooms = JSON.createArrayBuilder();
            identity.rooms().entries().forEach(rooms::add);
            payload.add("rooms", rooms);
        }
        identity.expiresAt().ifPresent(until -> payload.add("until", until.getEpochSecond()));
        String signed = VERSION + "." + ENCODER.encodeToString(
                payload.build().toString().getBytes(StandardCharsets.UTF_8));
        return signed + "." + ENCODER.encodeToString(mac(signed));
    }

    /**
     * The person a session token names, or {@link SessionCheck.Expired}; a token this server's
     * key did not sign as it stands is refused with "session is not valid".
     */
    public SessionCheck open(String token) throws IdentityRefused {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            throw new IdentityRefused(INVALID);
        }
        int macStart = token.lastIndexOf('.');
        if (!token.startsWith(VERSION + ".") || macStart <= VERSION.length()) {
            throw new IdentityRefused(INVALID);
        }
        String signed = token.substring(0, macStart);
        byte[] given;
        byte[] payload;
        try {
            given = DECODER.decode(token.substring(macStart + 1));
            payload = DECODER.decode(signed.substring(VERSION.length() + 1));
        } catch (IllegalArgumentException e) {
            throw new IdentityRefused(INVALID);
        }
        // Constant time (MessageDigest.isEqual), so that a forger learns nothing from timing.
        if (!MessageDigest.isEqual(mac(signed), given)) {
            throw new IdentityRefused(INVALID);
        }
        try {
            return check(read(payload));
        } catch (JsonException | ClassCastException | NullPointerException | IllegalArgumentException
                 | ArithmeticException e) {
            // Signed by us but not what this version writes: only a key shared with something else does that.
            throw new IdentityRefused(INVALID);
        }
    }

    private SessionCheck check(JsonObject payload) {
        if (!clock.instant().isBefore(Instant.ofEpochSecond(payload.getJsonNumber("exp").longValueExact()))) {
            return new SessionCheck.Expired();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (JsonString role : payload.getJsonArray("roles").getValuesAs(JsonString.class)) {
            roles.add(Role.fromClaim(role.getString()).orElseThrow(IllegalArgumentException::new));
        }
        RoomGrants rooms = RoomGrants.UNRESTRICTED;
        JsonValue grants = payload.get("rooms");
        if (grants != null) {
            List<String> entries = new ArrayList<>();
            for (JsonString entry : ((JsonArray) grants).getValuesAs(JsonString.class)) {
                entries.add(entry.getString());
            }
            rooms = RoomGrants.only(entries);
        }
        JsonValue until = payload.get("until");
        Optional<Instant> expiresAt = until == null ? Optional.empty()
                : Optional.of(Instant.ofEpochSecond(((JsonNumber) until).longValueExact()));
        return new SessionCheck.Restored(new Identity(payload.getString("uid"), payload.getString("name"),
                payload.getBoolean("verified"), roles, rooms, Identity.Source.SESSION, expiresAt));
    }

    private static JsonObject read(byte[] payload) {
        try (JsonReader reader = JSON.createReader(new StringReader(new String(payload, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    private byte[] mac(String signed) {
        Mac mac = key.newMac();
        return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    }
}
