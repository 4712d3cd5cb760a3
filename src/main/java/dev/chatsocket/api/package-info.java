/**
 * The HTTP API for the site's backend (issue 16, docs/api.md): JSON under {@code /api/v1},
 * authenticated by API keys.
 */
package dev.chatsocket.api;
