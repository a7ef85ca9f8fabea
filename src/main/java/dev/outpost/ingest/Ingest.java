package dev.outpost.ingest;

import dev.outpost.attribution.Landing;
import dev.outpost.attribution.Source;
import dev.outpost.attribution.SourceClassifier;
import dev.outpost.attribution.TrackingParams;
import dev.outpost.domain.DropKey;
import dev.outpost.domain.DropReason;
import dev.outpost.domain.Event;
import dev.outpost.domain.Site;
import dev.outpost.domain.StoredText;
import dev.outpost.site.Domains;
import dev.outpost.site.SiteRegistry;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The beacon pipeline after parsing: find the site, check the host, drop bots, then enrich
 * (visitor, device, source, clean path) and queue. Each step either passes the beacon on or ends
 * the run: refused with a {@link BadBeacon}, or dropped with a {@link DropReason}.
 */
public final class Ingest {
    private static final String TRACKED_PARAM = dev.outpost.attribution.PostMatcher.TRACKED_PARAM;
    /** Who sent the beacon, as the HTTP layer saw it. {@code purpose} is Purpose or Sec-Purpose. */
    public record Sender(String ip, String userAgent, String purpose) {}

    /** The answer for an accepted beacon: counted, or dropped for a reason (still a 202). */
    public record Outcome(DropReason dropped) {
        static final Outcome ACCEPTED = new Outcome(null);
    }

    private final SiteRegistry sites;
    private final UserAgents userAgents;
    private final SourceClassifier classifier;
    private final VisitorIds visitorIds;
    private final EventWriter writer;
    private final IngestMetrics metrics;
    private final Clock clock;
    /** Told of each accepted event: goals are made for purchases (see goals.AutoGoals). */
    private final Consumer<Event> accepted;
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    public Ingest(SiteRegistry sites, UserAgents userAgents, SourceClassifier classifier, VisitorIds visitorIds,
                  EventWriter writer, IngestMetrics metrics, Clock clock, Consumer<Event> accepted) {
        this.sites = sites;
        this.userAgents = userAgents;
        this.classifier = classifier;
        this.visitorIds = visitorIds;
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
        this.accepted = accepted;
    }

    public Outcome accept(BeaconRequest beacon, Sender sender) {
        Site site = sites.find(beacon.site())
                .orElseThrow(() -> new BadBeacon(404, "unknown_site", "site: no site '" + beacon.site()
                        + "' on this server; add it first (POST /api/v1/sites)"));
        long now = clock.millis();
        String host = Domains.normalise(beacon.url().getHost());
        if (host == null || !site.owns(host)) {
            metrics.recent().foreignHost(site.id(), now, beacon.name(), beacon.url().getHost(), beacon.url().getPath());
            throw new BadBeacon(400, "foreign_host", "url: host '" + beacon.url().getHost() + "' is not "
                    + site.domain() + (site.aliases().isEmpty() ? "" : " or one of its aliases " + site.aliases()));
        }

        UserAgents.Info ua = hasUserAgent(sender) ? userAgents.parse(sender.userAgent()) : null;
        DropReason drop = botCheck(beacon, sender, ua);
        if (drop != null) {
            metrics.dropped(drop);
            metrics.recent().dropped(site.id(), now, drop, beacon.name(), host, beacon.url().getPath());
            writer.countDrop(new DropKey(site.id(), Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate(), drop));
            return new Outcome(drop);
        }

        String visitor = beacon.vid() != null ? VisitorIds.firstParty(beacon.vid()) : dailyVisitor(site, sender, now);
        URI url = beacon.url();
        Map<String, String> params = queryParams(url.getRawQuery());
        Source src = classifier.classify(new Landing(params, beacon.referrer(), site.hosts(), sender.userAgent()));

        Event e = new Event(site.id(), now, beacon.name(), host, cleanPath(url), beacon.title(), beacon.referrer(),
                src.referrerHost(), src.channel().key(), src.network(), src.source(),
                src.utm().source(), src.utm().medium(), src.utm().campaign(), src.utm().content(), src.utm().term(),
                src.clickId(), ua.browser(), ua.os(), ua.device(), beacon.screenWidth(), visitor, propsJson(beacon.props()),
                beacon.revenue() == null ? null : beacon.revenue().micros(),
                beacon.revenue() == null ? null : beacon.revenue().currency(),
                beacon.engagedMs(), beacon.scrollDepth(), params.get(TRACKED_PARAM), params.get("utm_id"));
        if (!writer.offer(e)) {
            throw new BadBeacon(503, "queue_full", "server busy: the write queue is full; retry shortly");
        }
        metrics.accepted();
        metrics.recent().counted(site.id(), now, beacon.name(), host, e.path());
        accepted.accept(e);
        return Outcome.ACCEPTED;
    }

    /**
     * The first beacon of a UTC day makes the day's salt in the database; while the database is
     * away or its disk full, that beacon is turned away like one meeting a full queue.
     */
    private String dailyVisitor(Site site, Sender sender, long now) {
        try {
            return visitorIds.daily(site.id(), sender.ip(), sender.userAgent(), now);
        } catch (RuntimeException e) {
            throw new BadBeacon(503, "storage_unavailable", "server busy: the database cannot be written; retry shortly");
        }
    }

    private static boolean hasUserAgent(Sender sender) {
        return sender.userAgent() != null && !sender.userAgent().isBlank();
    }

    private static DropReason botCheck(BeaconRequest beacon, Sender sender, UserAgents.Info ua) {
        if (ua == null) return DropReason.NO_USER_AGENT;
        if (sender.purpose() != null && sender.purpose().toLowerCase(Locale.ROOT).contains("prefetch")) return DropReason.PREFETCH;
        if (beacon.webdriver()) return DropReason.WEBDRIVER;
        if (ua.bot()) return DropReason.BOT_USER_AGENT;
        return null;
    }

    /** Decoded query parameters, first value of each; a malformed escape keeps the raw text. */
    static Map<String, String> queryParams(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return out;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** The path as people read it, with the query minus tracking parameters, and a hash route if sent. */
    static String cleanPath(URI url) {
        String path = url.getPath();
        if (path == null || path.isEmpty()) path = "/";
        StringBuilder sb = new StringBuilder(path);
        String raw = url.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            char sep = '?';
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                if (TrackingParams.isTracking(decode(eq < 0 ? pair : pair.substring(0, eq)))) continue;
                sb.append(sep).append(pair);
                sep = '&';
            }
        }
        if (url.getRawFragment() != null && !url.getRawFragment().isEmpty()) sb.append('#').append(url.getRawFragment());
        return sb.length() > 2048 ? sb.substring(0, 2048) : sb.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private String propsJson(Map<String, String> props) {
        if (props.isEmpty()) return null;
        // Cleaned before serialising: JSON would keep a control character as an escape (\u0000).
        Map<String, String> clean = new LinkedHashMap<>();
        props.forEach((k, v) -> clean.put(StoredText.clean(k), StoredText.clean(v)));
        try {
            return json.writeValueAsString(clean);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
