package dev.outpost.attribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of known sources (social networks, search engines, AI assistants, mail providers) read from
 * {@code sources.txt} next to this class, with the lookups the classifier needs. Immutable once built, so one
 * instance is shared by all threads. The file format is described in the file's own header.
 */
final class SourceTable {

    static final String RESOURCE = "sources.txt";

    /** A known source: its canonical name and the channel it implies. */
    record Known(String name, Channel channel) {
    }

    /** A click-id parameter, with its position in the file: when a URL carries two, the earlier row wins. */
    record ClickId(String param, Known known, int rank) {
    }

    private record HostRule(Known known, boolean withSubdomains) {
    }

    /** "google.*": the label followed by a country-style ending (.de, .co.uk, .com.au). */
    private record Brand(String label, Known known, boolean withSubdomains) {
    }

    /** A UA substring or a host prefix, tried in file order. */
    private record Marker(String text, Known known) {
    }

    private final Map<String, HostRule> hosts = new HashMap<>();
    private final List<Brand> brands = new ArrayList<>();
    private final List<Marker> hostPrefixes = new ArrayList<>();
    private final Map<String, Known> apps = new HashMap<>();
    private final Map<String, Known> aliases = new HashMap<>();
    private final Map<String, ClickId> clickIds = new HashMap<>();
    private final List<Marker> userAgentMarkers = new ArrayList<>();
    private final List<Known> known = new ArrayList<>();

    private SourceTable() {
    }

    private static final class Standard {
        static final SourceTable TABLE = load();

        private static SourceTable load() {
            try (InputStream in = SourceTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing classpath resource " + RESOURCE);
                }
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                return parse(reader.lines().toList(), RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The table from the bundled data file, loaded once on first use. */
    static SourceTable standard() {
        return Standard.TABLE;
    }

    // ---------------------------------------------------------------- lookups

    /**
     * Exact host first, then its parent domains ("de-de.facebook.com" finds facebook.com), then host
     * prefixes ("webmail."). A leading "www." is ignored, so "=google.com" also matches www.google.com.
     */
    Known byHost(String host) {
        String h = Referrer.stripWww(host);
        if (Referrer.isIpLiteral(h)) {
            return null;
        }
        boolean exact = true;
        String s = h;
        while (true) {
            Known k = atLevel(s, exact);
            if (k != null) {
                return k;
            }
            int dot = s.indexOf('.');
            if (dot < 0) {
                break;
            }
            s = s.substring(dot + 1);
            if (s.indexOf('.') < 0) {
                break; // never look up a bare TLD
            }
            exact = false;
        }
        for (Marker prefix : hostPrefixes) {
            // "mail.ru" is a portal, "mail.example.com" is webmail: require a registrable domain after the prefix
            if (h.startsWith(prefix.text()) && h.indexOf('.', prefix.text().length()) > 0) {
                return prefix.known();
            }
        }
        return null;
    }

    private Known atLevel(String s, boolean exact) {
        HostRule rule = hosts.get(s);
        if (rule != null && (exact || rule.withSubdomains())) {
            return rule.known();
        }
        for (Brand b : brands) {
            int n = b.label().length();
            if ((exact || b.withSubdomains()) && s.length() > n + 1 && s.startsWith(b.label())
                    && s.charAt(n) == '.' && isCountryEnding(s, n + 1)) {
                return b.known();
            }
        }
        return null;
    }

    /** One or two labels of 2-3 ASCII letters: "de", "com", "co.uk", "com.au". */
    private static boolean isCountryEnding(String s, int from) {
        int labels = 0;
        int len = 0;
        for (int i = from; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (len < 2 || len > 3 || ++labels > 2) {
                    return false;
                }
                len = 0;
            } else {
                char c = s.charAt(i);
                if (c < 'a' || c > 'z') {
                    return false;
                }
                len++;
            }
        }
        return true;
    }

    Known byApp(String packageName) {
        return apps.get(packageName);
    }

    /** By alias ("fb", "Hacker News"), else, when it looks like a host or URL ("facebook.com"), by host. */
    Known byUtmSource(String utmSource) {
        Known k = aliases.get(aliasKey(utmSource));
        if (k != null || utmSource.indexOf('.') < 0) {
            return k;
        }
        Referrer asHost = Referrer.parse(utmSource);
        if (asHost == null) {
            return null;
        }
        return asHost.app() ? byApp(asHost.host()) : byHost(asHost.host());
    }

    /** The known click-id parameter among the names, earliest table row first; names match case-sensitively. */
    ClickId findClickId(Iterable<String> paramNames) {
        ClickId best = null;
        for (String name : paramNames) {
            ClickId c = name == null ? null : clickIds.get(name);
            if (c != null && (best == null || c.rank() < best.rank())) {
                best = c;
            }
        }
        return best;
    }

    Known byUserAgent(String userAgent) {
        if (userAgent == null || userAgent.isEmpty()) {
            return null;
        }
        for (Marker m : userAgentMarkers) {
            if (userAgent.contains(m.text())) {
                return m.known();
            }
        }
        return null;
    }

    Iterable<String> clickIdNames() {
        return clickIds.keySet();
    }

    List<Known> known() {
        return known;
    }

    /**
     * How utm_source aliases and utm_medium values are compared: case, spaces, '-' and '_' do not matter, so
     * "Hacker News", "hacker-news" and "hackernews" are the same key, as are "paid_social" and "Paid-Social".
     */
    static String aliasKey(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != ' ' && c != '-' && c != '_' && !Character.isWhitespace(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- parsing

    /** Parses the data file format; throws IllegalStateException naming the line for any mistake. */
    static SourceTable parse(List<String> lines, String origin) {
        SourceTable t = new SourceTable();
        Known current = null;
        for (int i = 0; i < lines.size(); i++) {
            String where = origin + ":" + (i + 1);
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                current = t.header(line, where);
                continue;
            }
            if (current == null) {
                throw new IllegalStateException(where + ": field before the first [channel] Name header");
            }
            List<String> words = tokens(line, where);
            String field = words.get(0);
            List<String> values = words.subList(1, words.size());
            if (values.isEmpty()) {
                throw new IllegalStateException(where + ": '" + field + "' without values");
            }
            for (String v : values) {
                t.add(current, field, v, where);
            }
        }
        return t;
    }

    private Known header(String line, String where) {
        int close = line.indexOf(']');
        String name = close < 0 ? "" : line.substring(close + 1).strip();
        if (close < 0 || name.isEmpty()) {
            throw new IllegalStateException(where + ": expected '[channel] Name', got: " + line);
        }
        Channel channel = switch (line.substring(1, close).strip()) {
            case "social" -> Channel.SOCIAL;
            case "search" -> Channel.SEARCH;
            case "ai" -> Channel.AI;
            case "email" -> Channel.EMAIL;
            default -> throw new IllegalStateException(where + ": channel must be social, search, ai or email");
        };
        for (Known k : known) {
            if (k.name().equals(name)) {
                throw new IllegalStateException(where + ": " + name + " is already defined");
            }
        }
        Known k = new Known(name, channel);
        known.add(k);
        unique(aliases, aliasKey(name), k, where); // the canonical name is always an alias of itself
        return k;
    }

    private void add(Known k, String field, String value, String where) {
        switch (field) {
            case "host" -> addHost(k, value, where);
            case "prefix" -> hostPrefixes.add(new Marker(value.toLowerCase(Locale.ROOT), k));
            case "utm" -> unique(aliases, aliasKey(value), k, where);
            case "app" -> unique(apps, value.toLowerCase(Locale.ROOT), k, where);
            case "ua" -> {
                if (k.channel() != Channel.SOCIAL) {
                    throw new IllegalStateException(where + ": ua markers belong to social networks only");
                }
                userAgentMarkers.add(new Marker(value, k));
            }
            case "click" -> {
                if (clickIds.containsKey(value)) {
                    throw new IllegalStateException(where + ": click id " + value + " listed twice");
                }
                clickIds.put(value, new ClickId(value, k, clickIds.size()));
            }
            default -> throw new IllegalStateException(
                    where + ": unknown field '" + field + "' (host, prefix, utm, app, ua, click)");
        }
    }

    private void addHost(Known k, String value, String where) {
        boolean withSubdomains = !value.startsWith("=");
        String host = (withSubdomains ? value : value.substring(1)).toLowerCase(Locale.ROOT);
        if (host.startsWith("www.")) {
            throw new IllegalStateException(where + ": write hosts without www. (it is ignored when matching)");
        }
        if (host.endsWith(".*")) {
            brands.add(new Brand(host.substring(0, host.length() - 2), k, withSubdomains));
        } else if (host.indexOf('*') >= 0 || host.indexOf('.') < 0) {
            throw new IllegalStateException(where + ": not a host: " + value);
        } else {
            unique(hosts, host, new HostRule(k, withSubdomains), where);
        }
    }

    private static <V> void unique(Map<String, V> map, String key, V value, String where) {
        V old = map.putIfAbsent(key, value);
        if (old != null && !old.equals(value)) {
            throw new IllegalStateException(where + ": '" + key + "' is already assigned to " + old);
        }
    }

    /** Whitespace-separated words; "double quotes" keep spaces (UA markers like "Instagram "). */
    private static List<String> tokens(String line, String where) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    throw new IllegalStateException(where + ": unterminated quote");
                }
                out.add(line.substring(i + 1, close));
                i = close + 1;
            } else {
                int j = i;
                while (j < line.length() && !Character.isWhitespace(line.charAt(j))) {
                    j++;
                }
                out.add(line.substring(i, j));
                i = j;
            }
        }
        return out;
    }
}
