package dev.outpost.attribution;

import java.util.Locale;
import java.util.Set;

/**
 * The usable part of a raw referrer: its lower-case host, or for {@code android-app://} referrers the app's
 * package name.
 *
 * <p>Parsing never throws. Browsers only ever send an absolute http(s) URL or nothing, and Android sends
 * {@code android-app://package/}; so a value from which no plausible host can be read (garbage, "null",
 * relative paths, {@code about:blank}, {@code file:}, {@code chrome-extension:} ...) is treated as <em>no
 * referrer</em> rather than as a referral named after the raw string: such values come from broken or forged
 * beacons, and turning them into sources would let anyone write arbitrary text into the reports.
 * A value without scheme is still tried as "host[/path]" ({@code t.co/abc}) when it looks like a domain.
 */
record Referrer(String host, boolean app) {

    private static final int MAX_HOST = 253;

    /** The host without a leading "www.", which is how sources and self-referrals are compared. */
    String bareHost() {
        return stripWww(host);
    }

    boolean isSite(Set<String> siteHosts) {
        return !app && !siteHosts.isEmpty() && (siteHosts.contains(bareHost()) || siteHosts.contains(host));
    }

    static String stripWww(String host) {
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    /** Null when absent or unusable (see class comment). */
    static Referrer parse(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        int start;
        boolean app = false;
        boolean schemeless = false;
        int sep = s.indexOf("://");
        if (sep > 0 && isScheme(s, sep)) {
            String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
            switch (scheme) {
                case "http", "https" -> { }
                case "android-app" -> app = true;
                default -> {
                    return null; // file:, chrome-extension:, about: ... never a traffic source
                }
            }
            start = sep + 3;
        } else if (s.startsWith("//")) {
            start = 2; // protocol-relative
        } else if (Character.isLetterOrDigit(s.charAt(0))) {
            start = 0;
            schemeless = true;
        } else {
            return null; // "/path", "?q", "#x" ...
        }
        int end = start;
        while (end < s.length() && "/?#\\".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        String host = hostOf(s.substring(start, end), schemeless);
        return host == null ? null : new Referrer(host, app);
    }

    /** Host of "[userinfo@]host[:port]"; null when it is not a plausible host. */
    private static String hostOf(String authority, boolean schemeless) {
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            if (schemeless) {
                return null; // "mailto:a@b.c" and friends
            }
            authority = authority.substring(at + 1);
        }
        String host;
        String port;
        if (authority.startsWith("[")) { // IPv6 literal, kept with its brackets
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = authority.substring(0, close + 1).toLowerCase(Locale.ROOT);
            port = authority.substring(close + 1);
            if (!port.isEmpty() && port.charAt(0) != ':') {
                return null;
            }
            if (!isIpv6(host)) {
                return null;
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? "" : authority.substring(colon);
            host = host.toLowerCase(Locale.ROOT);
            while (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1); // "www.google.com." is a valid FQDN
            }
            if (!isHostName(host, schemeless)) {
                return null;
            }
        }
        for (int i = 1; i < port.length(); i++) {
            if (!isAsciiDigit(port.charAt(i))) {
                return null; // "about:blank", "javascript:void(0)"
            }
        }
        return host;
    }

    private static boolean isScheme(String s, int sep) {
        if (!Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < sep; i++) {
            char c = s.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))) {
                return false; // e.g. "t.co/x?u=https://..." has a '/' before the "://": no scheme
            }
        }
        return true;
    }

    /** Letters (any script), digits, '-', '_', dot-separated non-empty labels. */
    static boolean isHostName(String host, boolean needsDomain) {
        if (host.isEmpty() || host.length() > MAX_HOST) {
            return false;
        }
        char prev = '.';
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (prev == '.') {
                    return false;
                }
            } else if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                return false;
            }
            prev = c;
        }
        if (needsDomain) {
            // Without a scheme only accept something shaped like a domain: a dot and a TLD starting with a letter.
            int lastDot = host.lastIndexOf('.');
            return lastDot > 0 && Character.isLetter(host.charAt(lastDot + 1));
        }
        return true;
    }

    private static boolean isIpv6(String bracketed) {
        if (bracketed.length() < 4) {
            return false;
        }
        for (int i = 1; i < bracketed.length() - 1; i++) {
            char c = bracketed.charAt(i);
            if (!(isAsciiDigit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** True for IPv4 and IPv6 literals, which have no parent domains worth looking up. */
    static boolean isIpLiteral(String host) {
        if (host.startsWith("[")) {
            return true;
        }
        int lastDot = host.lastIndexOf('.');
        return lastDot >= 0 && lastDot + 1 < host.length() && isAsciiDigit(host.charAt(lastDot + 1));
    }
}
