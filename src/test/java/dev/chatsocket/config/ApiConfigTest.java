package dev.chatsocket.config;

import dev.chatsocket.api.ApiSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP API's branch of the settings tree: off by default, keys parsed, refusals that name the setting. */
class ApiConfigTest {
    private static final String KEY = "0b8f3c1e9a7d4f62b5c8e1a3d7f90c24";

    private static ApiSettings read(Map<String, String> environment) {
        return ApiConfig.read(new Settings(environment, new Properties()), 65536);
    }

    private static String refusal(Map<String, String> environment) {
        return assertThrows(IllegalArgumentException.class, () -> read(environment)).getMessage();
    }

    @Test
    void offByDefaultWithFiftyASecondAndABurstOfAHundred() {
        ApiSettings settings = read(Map.of());
        assertTrue(settings.keys().isEmpty());
        assertEquals(50, settings.requestsPerSecond());
        assertEquals(100, settings.burst());
        assertEquals(65536, settings.maxBodyBytes());
    }

    @Test
    void keysAndRatesAreRead() {
        ApiSettings settings = read(Map.of("CHATSOCKET_API_KEYS", "site:" + KEY + ", bot-2:" + KEY.toUpperCase(),
                "CHATSOCKET_API_RATE", "5", "CHATSOCKET_API_BURST", "7"));
        assertFalse(settings.keys().isEmpty());
        assertEquals(Optional.of("site"), settings.keys().authenticate("Bearer " + KEY));
        assertEquals(Optional.of("bot-2"), settings.keys().authenticate("Bearer " + KEY.toUpperCase()));
        assertEquals(5, settings.requestsPerSecond());
        assertEquals(7, settings.burst());
    }

    @Test
    void aBadKeyListIsRefusedNamingTheSettingButNotTheKey() {
        String message = refusal(Map.of("CHATSOCKET_API_KEYS", "site:short-secret-key"));
        assertTrue(message.startsWith("CHATSOCKET_API_KEYS is not valid"), message);
        assertFalse(message.contains("short-secret-key"), "a key is a secret, even a bad one: " + message);
        assertTrue(refusal(Map.of("CHATSOCKET_API_KEYS", KEY)).startsWith("CHATSOCKET_API_KEYS"));
        assertTrue(refusal(Map.of("CHATSOCKET_API_KEYS", "a:" + KEY + ",a:" + KEY + "x")).contains("twice"));
    }

    @Test
    void ratesBelowOneAreRefusedByName() {
        assertTrue(refusal(Map.of("CHATSOCKET_API_RATE", "0")).startsWith("CHATSOCKET_API_RATE=0"));
        assertTrue(refusal(Map.of("CHATSOCKET_API_BURST", "0")).startsWith("CHATSOCKET_API_BURST=0"));
    }
}
