package dev.chatsocket.api;

import dev.chatsocket.chat.room.OlderPage;

/**
 * The query of {@code GET /api/v1/rooms/{room}/messages}: {@code before} a message id (default:
 * after the newest) and {@code limit} 1 to {@link OlderPage#MAX_LIMIT} (default
 * {@link OlderPage#DEFAULT_LIMIT}), the bounds of the protocol's {@code older} (docs/protocol.md). Pure.
 */
public record PageQuery(long before, int limit) {
    /** "After the newest": no id reaches it. */
    public static final long NEWEST = Long.MAX_VALUE;

    /** @param before the raw parameter, {@code null} when absent; likewise {@code limit} */
    public static PageQuery of(String before, String limit) throws ApiProblem {
        long cursor = before == null ? NEWEST
                : number(before, 1, Long.MAX_VALUE, "\"before\" must be a message id (a whole number of at least 1)");
        int size = limit == null ? OlderPage.DEFAULT_LIMIT
                : (int) number(limit, 1, OlderPage.MAX_LIMIT, "\"limit\" must be a whole number from 1 to " + OlderPage.MAX_LIMIT);
        return new PageQuery(cursor, size);
    }

    /** Digits only: no sign, no spaces, no exponent, nothing Long.parseLong would forgive. */
    private static long number(String raw, long min, long max, String reason) throws ApiProblem {
        if (raw.isEmpty() || raw.length() > 19 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ApiProblem(400, reason);
        }
        try {
            long value = Long.parseLong(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // beyond a long: answered below
        }
        throw new ApiProblem(400, reason);
    }
}
