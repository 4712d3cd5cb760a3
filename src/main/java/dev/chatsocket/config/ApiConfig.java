package dev.chatsocket.config;

import dev.chatsocket.api.ApiKeys;
import dev.chatsocket.api.ApiSettings;

/** Reads the HTTP API's settings (docs/api.md): its keys and each key's rate. */
final class ApiConfig {
    static final String KEYS = "CHATSOCKET_API_KEYS";

    private ApiConfig() {
    }

    /** @param maxBodyBytes the chat's largest message: an API body stands for one frame */
    static ApiSettings read(Settings settings, int maxBodyBytes) {
        String keys = settings.string(KEYS, "");
        ApiKeys parsed;
        try {
            parsed = keys.isBlank() ? ApiKeys.none() : ApiKeys.parse(keys);
        } catch (IllegalArgumentException e) {
            // The value itself is a secret: the message names the setting and the entry, never the key.
            throw new IllegalArgumentException(KEYS + " is not valid: " + e.getMessage(), e);
        }
        return new ApiSettings(parsed,
                settings.integer("CHATSOCKET_API_RATE", 50, 1),
                settings.integer("CHATSOCKET_API_BURST", 100, 1),
                maxBodyBytes);
    }
}
