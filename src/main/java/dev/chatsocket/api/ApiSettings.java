package dev.chatsocket.api;

/**
 * The HTTP API's settings (docs/api.md; README "Configuration").
 *
 * @param keys              who may call it; none: the API is off and every path under
 *                          {@code /api/v1} answers 404
 * @param requestsPerSecond how many requests a second each key may keep up
 * @param burst             how many requests a key may send at once after a quiet spell
 * @param maxBodyBytes      the largest request body taken (413 above it): the chat's largest
 *                          message, since a body stands for one frame
 */
public record ApiSettings(ApiKeys keys, int requestsPerSecond, int burst, int maxBodyBytes) {
    public ApiSettings {
        if (requestsPerSecond < 1 || burst < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("the API's rate, burst and body size are at least 1");
        }
    }
}
