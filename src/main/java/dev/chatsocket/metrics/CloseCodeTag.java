package dev.chatsocket.metrics;

/**
 * The {@code code} tag of the close-frame counters. A client chooses the code it sends, and
 * 3000–4999 alone would be two thousand series; so the codes of RFC 6455 §7.4.1 and the IANA
 * registry's 1012–1014 count under their number, and every other code under {@code other}.
 */
final class CloseCodeTag {
    static final String OTHER = "other";

    private CloseCodeTag() {
    }

    static String of(int code) {
        boolean registered = (code >= 1000 && code <= 1003) || (code >= 1005 && code <= 1014);
        return registered ? Integer.toString(code) : OTHER;
    }
}
