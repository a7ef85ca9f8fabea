package dev.outpost.site;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One way to spell a host, so "https://WWW.Example.com:443/blog" and "example.com" meet:
 * lower case, no scheme, path or port, no leading "www.", international names in punycode.
 */
public final class Domains {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Domains() {}

    /** Normalises a host or URL-ish string; returns null when nothing host-like is left. */
    public static String normalise(String raw) {
        if (raw == null) return null;
        if (isPlainHost(raw)) return raw; // the common case on the beacon path: nothing to change
        String s = raw.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) s = s.substring(scheme + 3);
        int end = firstOf(s, "/?#");
        if (end >= 0) s = s.substring(0, end);
        int at = s.lastIndexOf('@');
        if (at >= 0) s = s.substring(at + 1);
        if (s.startsWith("[")) return null; // IPv6 literals are no site's domain
        int colon = s.indexOf(':');
        if (colon >= 0) s = s.substring(0, colon);
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        if (s.startsWith("www.")) s = s.substring(4);
        if (s.isEmpty()) return null;
        try {
            s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return s;
    }

    private static boolean isPlainHost(String s) {
        if (s.isEmpty() || s.startsWith("www.") || s.endsWith(".")) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
        }
        return true;
    }

    /** True for a normalised name made of valid DNS labels (IPv4 literals and "localhost" included). */
    public static boolean isValid(String host) {
        if (host == null || host.length() > 253) return false;
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) return false;
        }
        return true;
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return -1;
    }
}
