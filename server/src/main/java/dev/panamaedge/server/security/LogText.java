package dev.panamaedge.server.security;

/**
 * Client-supplied text (model names, header values, paths) made safe for a log line: control characters,
 * CR and LF above all, are written as escapes, so a client cannot forge a line of its own, and the text is
 * cut at {@value #MAX_CHARS} characters.
 */
public final class LogText {
    static final int MAX_CHARS = 200;

    private LogText() {
    }

    /** {@code text} with every control character (C0, DEL, C1, line and paragraph separators) escaped. */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = null;
        int n = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            if (control && b == null) {
                b = new StringBuilder(n + 16).append(text, 0, i);
            }
            if (b != null) {
                switch (c) {
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (control) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
        }
        String out = b == null ? text.substring(0, n) : b.toString();
        return text.length() > MAX_CHARS ? out + "…(" + text.length() + " chars)" : out;
    }

    /** {@link #escape} in single quotes, as the server's messages quote names. */
    public static String quote(String text) {
        return "'" + escape(text) + "'";
    }
}
