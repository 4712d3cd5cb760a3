package dev.chatsocket.api;

/**
 * A request the API refuses, with its HTTP status and the one line that says why: answered as
 * {@code {"error":…,"reason":…}} (docs/api.md, "Answers"). A client's mistake, not a failure:
 * it carries no stack trace and is never logged as an error.
 */
public final class ApiProblem extends Exception {
    private final int status;

    public ApiProblem(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }

    /** The {@code error} word of the answer: the status, spelled out. */
    public String error() {
        return errorOf(status);
    }

    /** The {@code error} word for a status (docs/api.md's table). */
    public static String errorOf(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 409 -> "conflict";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "rate-limited";
            case 500 -> "internal-error";
            case 501 -> "not-implemented";
            case 503 -> "unavailable";
            default -> "error";
        };
    }
}
