package dev.outpost.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.outpost.attribution.InAppBrowsers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * What a User-Agent says: browser, OS, device type, and whether it is a bot. ua-parser costs about
 * a millisecond a string, so verdicts are cached; real traffic repeats a few thousand UAs.
 *
 * <p>A bot is, in this order: not an in-app browser of a known app (people), then ua-parser's own spider
 * verdict, the patterns of monperrus/crawler-user-agents ({@code crawler-user-agents.txt}), the fragments of
 * {@code bots.txt} for what those miss, and a generic "...bot/crawler/spider" word.
 */
public final class UserAgents {
    /** The parsed view of one User-Agent. {@code bot} is true for crawlers, fetchers and libraries. */
    public record Info(String browser, String os, String device, boolean bot) {}

    // "...bot", "crawler", "spider" as a word ending: catches the long tail the list misses.
    // "Cubot" is a phone maker, not a bot.
    private static final Pattern GENERIC_BOT = Pattern.compile("(bot|crawler|spider|crawl)\\b|\\+https?://");
    private static final Pattern TABLET = Pattern.compile("ipad|tablet|kindle|silk/|playbook|sm-t\\d|nexus (7|9|10)");

    private final Parser parser = new Parser();
    private final List<String> botFragments = lines("bots.txt").stream()
            .filter(t -> !t.startsWith("!")).map(t -> t.toLowerCase(Locale.ROOT)).toList();
    private final CrawlerPatterns crawlers = crawlerPatterns();
    private final Cache<String, Info> cache = Caffeine.newBuilder().maximumSize(20_000).build();

    public Info parse(String userAgent) {
        return cache.get(userAgent, this::parseUncached);
    }

    private Info parseUncached(String ua) {
        Client c = parser.parse(ua);
        String browser = "Other".equals(c.userAgent.family) ? null : c.userAgent.family;
        String os = "Other".equals(c.os.family) ? null : c.os.family;
        return new Info(browser, os, deviceType(ua, c), isBot(ua, c));
    }

    private boolean isBot(String ua, Client c) {
        // People reading in a social app's built-in browser are exactly who we count.
        if (InAppBrowsers.inAppNetwork(ua) != null) return false;
        if ("Spider".equals(c.device.family)) return true;
        if (crawlers.matches(ua)) return true;
        String lower = ua.toLowerCase(Locale.ROOT);
        for (String f : botFragments) {
            if (lower.contains(f)) return true;
        }
        return GENERIC_BOT.matcher(lower.replace("cubot", "")).find();
    }

    private static String deviceType(String ua, Client c) {
        String lower = ua.toLowerCase(Locale.ROOT);
        if (TABLET.matcher(lower).find()) return "tablet";
        // Android tablets leave "Mobile" out of their UA; phones put it in.
        if (lower.contains("android")) return lower.contains("mobile") ? "mobile" : "tablet";
        if (lower.contains("mobi") || lower.contains("iphone") || lower.contains("ipod")
                || "iOS".equals(c.os.family) || lower.contains("windows phone")) {
            return "mobile";
        }
        return "desktop";
    }

    /** crawler-user-agents.txt, less the patterns bots.txt leaves out ("!008\/": it matches Opera Mini). */
    private static CrawlerPatterns crawlerPatterns() {
        List<String> skipped = lines("bots.txt").stream().filter(t -> t.startsWith("!")).map(t -> t.substring(1)).toList();
        List<String> patterns = lines("crawler-user-agents.txt");
        if (!patterns.containsAll(skipped)) {
            throw new IllegalStateException("bots.txt leaves out a pattern crawler-user-agents.txt lacks: " + skipped);
        }
        return new CrawlerPatterns(patterns.stream().filter(p -> !skipped.contains(p)).toList());
    }

    /** The non-blank lines of a resource next to this class, '#' comment lines left out. */
    private static List<String> lines(String resource) {
        var in = UserAgents.class.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException(resource + " missing from the classpath");
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
