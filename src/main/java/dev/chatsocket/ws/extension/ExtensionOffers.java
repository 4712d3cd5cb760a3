package dev.chatsocket.ws.extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Sec-WebSocket-Extensions} header of a client's handshake split into offers (RFC 6455
 * §9.1, RFC 7692 §5): {@code extension *( "," extension )}, each {@code token *( ";" param )}, each
 * param {@code token [ "=" ( token | quoted-string ) ]}. A quoted value must still be a token once
 * unquoted (§9.1). An element that breaks this grammar is kept as a malformed offer, so that the
 * negotiation can skip it and still look at the offers after it.
 */
final class ExtensionOffers {
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    /** One parameter; {@code value} is {@code null} when the parameter came without one. */
    public record Param(String name, String value) {
    }

    /** One offered extension; {@code malformed} when it broke the grammar (then {@code params} is empty). */
    public record Offer(String name, List<Param> params, boolean malformed) {
    }

    private ExtensionOffers() {
    }

    /** Every offer in every value of the header, in the client's order of preference. */
    public static List<Offer> parse(List<String> headerValues) {
        List<Offer> offers = new ArrayList<>();
        for (String value : headerValues) {
            for (String element : splitOutsideQuotes(value, ',')) {
                if (!element.isBlank()) {
                    offers.add(parseOffer(element.trim()));
                }
            }
        }
        return offers;
    }

    private static Offer parseOffer(String element) {
        List<String> parts = splitOutsideQuotes(element, ';');
        String name = parts.get(0).trim().toLowerCase(Locale.ROOT);
        if (!isToken(name)) {
            return new Offer(name, List.of(), true);
        }
        List<Param> params = new ArrayList<>();
        for (String part : parts.subList(1, parts.size())) {
            Param param = parseParam(part.trim());
            if (param == null) {
                return new Offer(name, List.of(), true);
            }
            params.add(param);
        }
        return new Offer(name, List.copyOf(params), false);
    }

    /** A parameter, or {@code null} when it is not {@code token [ "=" ( token | quoted-string ) ]}. */
    private static Param parseParam(String part) {
        int eq = part.indexOf('=');
        String name = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        if (!isToken(name)) {
            return null;
        }
        if (eq < 0) {
            return new Param(name, null);
        }
        String value = part.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = unquote(value.substring(1, value.length() - 1));
        }
        return value != null && isToken(value) ? new Param(name, value) : null;
    }

    /** The content of a quoted-string with its backslash escapes undone; {@code null} if broken. */
    private static String unquote(String content) {
        StringBuilder out = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '\\') {
                if (++i == content.length()) {
                    return null;
                }
                c = content.charAt(i);
            } else if (c == '"') {
                return null;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Splits on {@code separator} where it is not inside a quoted-string. */
    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** RFC 9110 §5.6.2: {@code token = 1*tchar}. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TCHAR_SYMBOLS.indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }
}
