package dev.outpost.domain;

/**
 * The one rule for text the database keeps: no control characters (C0, DEL, C1) and no lone
 * surrogates. They reach us decoded from URLs ({@code /a%00b}, {@code utm_source=x%0D%0Ay}),
 * which are otherwise real page views, so they are removed rather than the view refused.
 * PostgreSQL refuses NUL in text, which once stopped the writer for everyone; CR and LF split
 * log lines and exported rows; a lone surrogate has no UTF-8 form.
 */
public final class StoredText {
    private StoredText() {}

    /** The text without control characters or lone surrogates; the same instance when it has none. */
    public static String clean(String s) {
        if (s == null) return null;
        for (int i = 0; i < s.length(); i++) {
            if (unstorable(s, i)) return strip(s, i);
        }
        return s;
    }

    private static String strip(String s, int from) {
        StringBuilder sb = new StringBuilder(s.length()).append(s, 0, from);
        for (int i = from; i < s.length(); i++) {
            if (!unstorable(s, i)) sb.append(s.charAt(i));
        }
        return sb.toString();
    }

    private static boolean unstorable(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) return true;
        if (Character.isHighSurrogate(c)) return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        if (Character.isLowSurrogate(c)) return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        return false;
    }
}
