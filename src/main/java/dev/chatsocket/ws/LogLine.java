package dev.chatsocket.ws;

/**
 * One log line of {@code key=value} fields, for logs that machines read as well as people. Values
 * that are not plain tokens are quoted and escaped, so that a path or close reason chosen by a
 * client can neither break the line nor forge another field, and each is cut to a bounded length.
 * Public for the chat's own events (a moderation's line), which follow the same form.
 */
public final class LogLine {
    static final int MAX_VALUE_LENGTH = 200;

    private final StringBuilder line = new StringBuilder(160);

    private LogLine() {
    }

    public static LogLine event(String event) {
        return new LogLine().with("event", event);
    }

    public LogLine with(String key, Object value) {
        line.append(line.isEmpty() ? "" : " ").append(key).append('=');
        String text = String.valueOf(value);
        if (text.length() > MAX_VALUE_LENGTH) {
            text = text.substring(0, MAX_VALUE_LENGTH) + "...";
        }
        if (isPlainToken(text)) {
            line.append(text);
        } else {
            appendQuoted(text);
        }
        return this;
    }

    @Override
    public String toString() {
        return line.toString();
    }

    private static boolean isPlainToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ".-_:/[]@%+".indexOf(c) >= 0;
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    private void appendQuoted(String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || Character.isISOControl(c)
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
