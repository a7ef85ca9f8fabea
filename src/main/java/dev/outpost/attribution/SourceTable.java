package dev.outpost.attribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The table of known sources (social networks, search engines, AI assistants, mail providers, ad networks) with
 * the lookups the classifier needs. Built from Outpost's own {@code sources.txt} next to this class, then from
 * the public lists in {@code lists/} (Matomo's and Snowplow's), whose hosts fill in what sources.txt leaves out:
 * a host written in sources.txt is never overridden by a list. Immutable once built, so one instance is shared
 * by all threads. The file formats are described in the files' own headers.
 */
final class SourceTable {

    static final String RESOURCE = "sources.txt";

    /**
     * The public lists, in the order they are read: the first list to name a host decides it. Matomo matches
     * hosts exactly, Snowplow walks up a host's labels, so its hosts cover their subdomains.
     */
    static final List<PublicList> LISTS = List.of(
            new PublicList("lists/matomo.tsv", false),
            new PublicList("lists/snowplow.tsv", true));

    record PublicList(String resource, boolean withSubdomains) {
    }

    /** Hosts a list marks as known but not a source ("unknown" in Snowplow): a visit from them is a referral. */
    private static final Known NOT_A_SOURCE = new Known("", Channel.REFERRAL);

    /** A known source: its canonical name and the channel it implies. */
    record Known(String name, Channel channel) {
    }

    /** A utm_source alias; {@code paid} when the name itself says it is an ad ("fb-ads", "google_ads"). */
    record Alias(Known known, boolean paid) {
    }

    /** A click-id parameter, with its position in the file: when a URL carries two, the earlier row wins. */
    record ClickId(String param, Known known, int rank) {
    }

    private record HostRule(Known known, boolean withSubdomains) {
    }

    /** A UA substring (the longest found wins) or a host prefix (tried in file order). */
    private record Marker(String text, Known known) {
    }

    /** Keys are hosts without www.; "google.{}" stands for google + a country ending (see {@link #COUNTRY}). */
    private final Map<String, HostRule> hosts = new HashMap<>();
    /** The keys of {@link #hosts} that sources.txt wrote: no list changes their rule. */
    private final Set<String> ownHosts = new HashSet<>();
    private final List<Marker> hostPrefixes = new ArrayList<>();
    private final Map<String, Known> apps = new HashMap<>();
    private final Map<String, Alias> aliases = new HashMap<>();
    /** What the public lists call an entry of sources.txt ("Twitter" is X), by alias key and channel. */
    private final Map<String, Known> listNames = new HashMap<>();
    private final Map<String, ClickId> clickIds = new HashMap<>();
    private final List<Marker> userAgentMarkers = new ArrayList<>();
    private final List<Known> known = new ArrayList<>();

    private SourceTable() {
    }

    private static final class Standard {
        static final SourceTable TABLE = load();

        private static SourceTable load() {
            SourceTable t = parse(lines(RESOURCE), RESOURCE);
            for (PublicList list : LISTS) {
                t.addList(lines(list.resource()), list.resource(), list.withSubdomains());
            }
            return t;
        }
    }

    /** The lines of a classpath resource next to this class. */
    static List<String> lines(String resource) {
        try (InputStream in = SourceTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table from the bundled data file, loaded once on first use. */
    static SourceTable standard() {
        return Standard.TABLE;
    }

    // ---------------------------------------------------------------- lookups

    /**
     * The most specific rule wins: the host itself, then its parent domains ("de-de.facebook.com" finds
     * facebook.com), each also as a country pattern ("images.google.co.uk" finds "images.google.{}"), then host
     * prefixes ("webmail."). A leading "www." is ignored, so "=google.com" also matches www.google.com. Each level
     * costs at most three hash lookups. Null for an unknown host and for one a list marks as not a source.
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
                return k == NOT_A_SOURCE ? null : k;
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
        Known k = rule(s, exact);
        // the last one or two labels as a country ending: "google.de" -> "google.{}", "google.co.uk" -> "google.{}"
        for (int cut = s.lastIndexOf('.'), n = 0; k == null && cut > 0 && n < 2; cut = s.lastIndexOf('.', cut - 1), n++) {
            if (isCountryEnding(s, cut + 1)) {
                k = rule(s.substring(0, cut) + COUNTRY, exact);
            }
        }
        return k;
    }

    private Known rule(String key, boolean exact) {
        HostRule rule = hosts.get(key);
        return rule != null && (exact || rule.withSubdomains()) ? rule.known() : null;
    }

    /** The country wildcard of the lists' notation: "google.{}" is google.de, google.co.uk, google.com.au ... */
    static final String COUNTRY = ".{}";

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

    /** By alias ("fb", "Hacker News", "fb-ads"), else, when it looks like a host or URL ("facebook.com"), by host. */
    Alias byUtmSource(String utmSource) {
        Alias a = aliases.get(aliasKey(utmSource));
        if (a != null || utmSource.indexOf('.') < 0) {
            return a;
        }
        Referrer asHost = Referrer.parse(utmSource);
        Known k = asHost == null ? null : asHost.app() ? byApp(asHost.host()) : byHost(asHost.host());
        return k == null ? null : new Alias(k, false);
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

    /** The longest marker found wins: "FBAN/MessengerForiOS" is Messenger although "FBAN/" is Facebook. */
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
        t.userAgentMarkers.sort(Comparator.comparingInt((Marker m) -> m.text().length()).reversed());
        return t;
    }

    /**
     * Adds a public list: lines of channel, name and hosts, tab-separated. A host already written in sources.txt
     * or in an earlier list keeps its rule. A list's name that sources.txt claims ({@code list} field) for the
     * same channel becomes that entry ("Twitter" is X); any other name is kept as the list writes it. Entries
     * with a path ("orange.fr/webmail") are skipped: Outpost only sees the referrer's host.
     */
    void addList(List<String> lines, String origin, boolean withSubdomains) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length != 3) {
                throw new IllegalStateException(origin + ":" + (i + 1) + ": expected channel, name and hosts");
            }
            Known k = listEntry(cols[0], cols[1].strip(), origin + ":" + (i + 1));
            for (String host : cols[2].strip().split(" +")) {
                addListHost(k, host.toLowerCase(Locale.ROOT), withSubdomains);
            }
        }
    }

    private Known listEntry(String medium, String name, String where) {
        Channel channel = switch (medium) {
            case "search" -> Channel.SEARCH;
            case "social" -> Channel.SOCIAL;
            case "ai" -> Channel.AI;
            case "email" -> Channel.EMAIL;
            case "paid" -> Channel.PAID;
            case "unknown" -> Channel.REFERRAL;
            default -> throw new IllegalStateException(where + ": unknown channel '" + medium + "'");
        };
        if (channel == Channel.REFERRAL) {
            return NOT_A_SOURCE;
        }
        Known own = listNames.get(aliasKey(name) + " " + channel);
        if (own != null) {
            return own;
        }
        for (Known k : known) {
            if (k.channel() == channel && aliasKey(k.name()).equals(aliasKey(name))) {
                return k;
            }
        }
        Known k = new Known(name, channel);
        known.add(k);
        return k;
    }

    private void addListHost(Known k, String host, boolean withSubdomains) {
        if (host.indexOf('/') >= 0) {
            return;
        }
        boolean anySubdomain = host.startsWith("{}."); // "{}.bing.com"
        if (anySubdomain) {
            host = host.substring(3);
        }
        boolean sub = withSubdomains || anySubdomain;
        host = Referrer.stripWww(host);
        if (host.indexOf('.') < 0 || host.indexOf("{}") >= 0 && !host.endsWith(COUNTRY) || host.contains("{}.")) {
            return; // "images.{}.ask.com": a wildcard in the middle, covered by the entry's "{}.ask.com"
        }
        HostRule old = hosts.putIfAbsent(host, new HostRule(k, sub));
        if (old != null && old.known() == k && anySubdomain && !old.withSubdomains() && !ownHosts.contains(host)) {
            hosts.put(host, new HostRule(k, true)); // Matomo writes "wow.com" and "{}.wow.com" side by side
        }
        if (k != NOT_A_SOURCE && !host.endsWith(COUNTRY)) {
            apps.putIfAbsent(host, k); // Snowplow lists Android packages (com.facebook.katana) among its hosts
        }
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
            case "paid" -> Channel.PAID;
            default -> throw new IllegalStateException(where + ": channel must be social, search, ai, email or paid");
        };
        for (Known k : known) {
            if (k.name().equals(name)) {
                throw new IllegalStateException(where + ": " + name + " is already defined");
            }
        }
        Known k = new Known(name, channel);
        known.add(k);
        unique(aliases, aliasKey(name), new Alias(k, false), where); // the canonical name is an alias of itself
        return k;
    }

    private void add(Known k, String field, String value, String where) {
        switch (field) {
            case "host" -> addHost(k, value, where);
            case "prefix" -> hostPrefixes.add(new Marker(value.toLowerCase(Locale.ROOT), k));
            case "utm" -> unique(aliases, aliasKey(value), new Alias(k, false), where);
            case "paid" -> unique(aliases, aliasKey(value), new Alias(k, true), where);
            case "list" -> unique(listNames, aliasKey(value) + " " + k.channel(), k, where);
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
                    where + ": unknown field '" + field + "' (host, prefix, utm, paid, list, app, ua, click)");
        }
    }

    private void addHost(Known k, String value, String where) {
        boolean withSubdomains = !value.startsWith("=");
        String host = (withSubdomains ? value : value.substring(1)).toLowerCase(Locale.ROOT);
        if (host.startsWith("www.")) {
            throw new IllegalStateException(where + ": write hosts without www. (it is ignored when matching)");
        }
        if (host.endsWith(".*")) {
            host = host.substring(0, host.length() - 2) + COUNTRY;
        } else if (host.indexOf('*') >= 0 || host.indexOf('{') >= 0 || host.indexOf('.') < 0) {
            throw new IllegalStateException(where + ": not a host: " + value);
        }
        unique(hosts, host, new HostRule(k, withSubdomains), where);
        ownHosts.add(host);
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
