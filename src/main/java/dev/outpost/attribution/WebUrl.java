package dev.outpost.attribution;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An absolute http(s) URL split into the parts post detection and referrer matching need.
 *
 * <p>Hand-written rather than {@link java.net.URI} because URLs pasted from browsers and apps routinely carry
 * characters URI rejects (non-ASCII slugs, '|' and '^' in query strings) while still being perfectly usable.
 * What it does insist on is what makes a URL an http(s) URL at all: the scheme, "//", a plausible host and no
 * whitespace.
 *
 * @param host     lower case, trailing dots removed; IPv6 literals keep their brackets
 * @param segments the non-empty path segments, percent-decoded ("/a//b/" gives [a, b])
 * @param query    first value of each query parameter, names and values percent-decoded, in order
 * @param fragment the part after '#', raw; null when there is none
 */
record WebUrl(String host, List<String> segments, Map<String, String> query, String fragment) {

    private static final int MAX_SHOWN = 120;

    /** Parses {@code raw}; throws IllegalArgumentException("url: ...") saying what is wrong. */
    static WebUrl parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("url: missing");
        }
        String s = raw.strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw bad("contains whitespace or control characters", s);
            }
        }
        int colon = s.indexOf(':');
        String scheme = colon < 0 ? "" : s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad("not an http(s) URL", s);
        }
        if (!s.startsWith("//", colon + 1)) {
            throw bad("expected '//' after the scheme", s);
        }
        int start = colon + 3;
        int end = start;
        while (end < s.length() && "/?#".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        String host = host(s.substring(start, end));
        if (host == null) {
            throw bad("no valid host", s);
        }
        String rest = s.substring(end);
        String fragment = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
        }
        String queryString = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            queryString = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        return new WebUrl(host, segments(rest), query(queryString), fragment);
    }

    /** Like {@link #parse} but null instead of an exception: for referrers, which are untrusted input. */
    static WebUrl tryParse(String raw) {
        try {
            return parse(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The host without a leading "www.". */
    String bareHost() {
        return Referrer.stripWww(host);
    }

    /** The path rebuilt from its segments, lower case, with slashes on both ends: "/r/x/comments/abc/". */
    String slashedPath() {
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments).toLowerCase(Locale.ROOT) + "/";
    }

    String segment(int i) {
        return i < segments.size() ? segments.get(i) : null;
    }

    /** The non-empty segments of a path, percent-decoded. */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                out.add(decode(part, false));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, String> query(String queryString) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            out.putIfAbsent(name, value);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Host of "[userinfo@]host[:port]", lower case; null when it is not a plausible host. */
    private static String host(String authority) {
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 2) {
                return null;
            }
            host = authority.substring(0, close + 1).toLowerCase(Locale.ROOT);
            port = authority.substring(close + 1);
            for (int i = 1; i < host.length() - 1; i++) {
                char c = host.charAt(i);
                if (!(isDigit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) {
                    return null;
                }
            }
        } else {
            int colon = authority.indexOf(':');
            host = (colon < 0 ? authority : authority.substring(0, colon)).toLowerCase(Locale.ROOT);
            port = colon < 0 ? "" : authority.substring(colon);
            while (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (!Referrer.isHostName(host, false)) {
                return null;
            }
        }
        if (!port.isEmpty()) {
            if (port.charAt(0) != ':' || port.length() > 6) {
                return null;
            }
            for (int i = 1; i < port.length(); i++) {
                if (!isDigit(port.charAt(i))) {
                    return null;
                }
            }
        }
        return host;
    }

    /**
     * Percent-decodes as UTF-8. Lenient on purpose: a stray '%' (as in "100%-free") is kept as it is instead of
     * failing, because the rest of such a URL is still meaningful.
     */
    static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi;
            int lo;
            if (c == '%' && i + 2 < s.length() && (hi = hex(s.charAt(i + 1))) >= 0
                    && (lo = hex(s.charAt(i + 2))) >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (isDigit(c)) {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException bad(String what, String url) {
        String shown = url.length() > MAX_SHOWN ? url.substring(0, MAX_SHOWN) + "..." : url;
        return new IllegalArgumentException("url: " + what + ": " + shown);
    }
}
