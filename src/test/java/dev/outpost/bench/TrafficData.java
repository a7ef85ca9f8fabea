package dev.outpost.bench;

import dev.outpost.ingest.Event;
import dev.outpost.posts.Post;
import dev.outpost.site.Site;
import dev.outpost.store.Database;
import dev.outpost.store.EventStore;
import dev.outpost.store.GoalStore;
import dev.outpost.store.PostStore;
import dev.outpost.store.SessionStore;
import dev.outpost.store.SiteStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Generated traffic for one site, written through the real writer path ({@link EventStore#insert},
 * which builds the visits and matches posts as in production): ~3 pageviews a visit, engagement
 * events, many sources, networks, posts, campaigns and pages, signups and purchases with revenue
 * in two currencies. Most visitors have daily ids (a new id each UTC day, as without a first-party
 * id); some have first-party ids and come back on other days; some come back the same day.
 *
 * <p>Seeded, so a size always gives the same data. Used by the report benchmark and the rollup
 * exactness test. A stand-in until the demo's traffic generator can produce data at this scale.
 */
public final class TrafficData {
    public static final String DOMAIN = "bench.example";
    public static final String ZONE = "Europe/Berlin";

    /** Roughly how many events one visit makes here (pageviews, engagement, conversions). */
    static final double EVENTS_PER_VISIT = 4.5;

    private final Random rnd;
    private final long events;
    private final Instant end;
    private final int days;
    private final ZoneId zone = ZoneId.of(ZONE);

    private record Source(String channel, String network, String source, String referrer, double weight) {}

    private static final List<Source> SOURCES = new ArrayList<>();

    static {
        SOURCES.add(new Source("direct", null, null, null, 0.30));
        SOURCES.add(new Source("search", null, "Google", "https://www.google.com/", 0.18));
        SOURCES.add(new Source("search", null, "Bing", "https://www.bing.com/", 0.03));
        SOURCES.add(new Source("search", null, "DuckDuckGo", "https://duckduckgo.com/", 0.02));
        SOURCES.add(new Source("search", null, "Ecosia", "https://www.ecosia.org/", 0.005));
        String[][] social = {{"Reddit", "https://www.reddit.com/", "0.06"}, {"X", "https://t.co/", "0.04"},
            {"Facebook", "https://l.facebook.com/", "0.04"}, {"LinkedIn", "https://www.linkedin.com/", "0.03"},
            {"Hacker News", "https://news.ycombinator.com/", "0.03"}, {"Mastodon", "https://mastodon.social/", "0.02"},
            {"Bluesky", "https://bsky.app/", "0.02"}, {"YouTube", "https://www.youtube.com/", "0.015"},
            {"Instagram", "https://l.instagram.com/", "0.015"}, {"Threads", "https://www.threads.net/", "0.005"},
            {"Pinterest", "https://www.pinterest.com/", "0.005"}, {"TikTok", "https://www.tiktok.com/", "0.005"},
            {"Lemmy", "https://lemmy.world/", "0.003"}};
        for (String[] s : social) SOURCES.add(new Source("social", s[0], s[0], s[1], Double.parseDouble(s[2])));
        SOURCES.add(new Source("ai", null, "ChatGPT", "https://chatgpt.com/", 0.015));
        SOURCES.add(new Source("ai", null, "Perplexity", "https://www.perplexity.ai/", 0.008));
        SOURCES.add(new Source("ai", null, "Claude", "https://claude.ai/", 0.005));
        SOURCES.add(new Source("email", null, "newsletter", null, 0.04));
        SOURCES.add(new Source("referral", null, "blog", null, 0.08)); // one of many blogs, see below
        SOURCES.add(new Source("paid", null, "Google", "https://www.google.com/", 0.01));
    }

    private record Agent(String browser, String os, String device, double weight) {}

    private static final List<Agent> AGENTS = List.of(
            new Agent("Chrome", "Windows", "desktop", 0.30), new Agent("Chrome", "Mac OS X", "desktop", 0.10),
            new Agent("Safari", "Mac OS X", "desktop", 0.05), new Agent("Mobile Safari", "iOS", "mobile", 0.18),
            new Agent("Chrome Mobile", "Android", "mobile", 0.18), new Agent("Firefox", "Windows", "desktop", 0.05),
            new Agent("Firefox", "Linux", "desktop", 0.03), new Agent("Edge", "Windows", "desktop", 0.07),
            new Agent("Samsung Internet", "Android", "mobile", 0.02), new Agent("Mobile Safari", "iOS", "tablet", 0.02));

    private final List<Post> posts = new ArrayList<>();
    private final List<String> fixedPages = new ArrayList<>();

    /** {@code events} events (roughly) over the {@code days} days before {@code end}. */
    public TrafficData(long events, Instant end, int days, long seed) {
        this.events = events;
        this.end = end;
        this.days = days;
        this.rnd = new Random(seed);
        for (String p : List.of("/", "/pricing", "/about", "/launch", "/features", "/blog", "/contact", "/changelog")) fixedPages.add(p);
        for (int i = 1; i <= 40; i++) fixedPages.add("/docs/page-" + i);
    }

    /** Creates the site, its goals and posts, then writes the traffic. Returns the site. */
    public Site write(Database db, Duration inferenceWindow) {
        long start = end.toEpochMilli() - days * 86_400_000L;
        Site site = new SiteStore(db).create(DOMAIN, "Bench", ZONE, List.of(), start - 86_400_000L);
        GoalStore goals = new GoalStore(db);
        goals.create(site.id(), "purchase", "purchase", null, null, null, start);
        goals.create(site.id(), "signup", "signup", null, null, null, start);
        goals.create(site.id(), "thank-you", null, "/thank-you*", null, null, start);
        // Posts on the networks, published over the whole period (and a little before), each
        // linking to one article: visits from a network to it may be matched (exact or inferred).
        List<Post.Draft> drafts = new ArrayList<>();
        int postCount = 120;
        for (int i = 0; i < postCount; i++) {
            Source s = socialSource();
            long published = start - 7 * 86_400_000L + (long) (rnd.nextDouble() * (days + 7) * 86_400_000L);
            String path = "/blog/post-" + (1 + rnd.nextInt(60));
            drafts.add(new Post.Draft(site.id(), s.network(), null, s.referrer() + "post/" + i, "Post " + i, published,
                    "campaign-" + (i % 20), "bench-" + i, List.of(new Post.Target("https://" + DOMAIN + path, path))));
        }
        posts.addAll(new PostStore(db).insert(drafts, start));
        posts.sort(java.util.Comparator.comparingLong(Post::publishedAt));

        EventStore store = new EventStore(db, new SessionStore(db, inferenceWindow));
        long visits = Math.max(1, Math.round(events / EVENTS_PER_VISIT));
        // Daily volume grows by a third over the period; weekends are quieter.
        double[] weight = new double[days];
        double total = 0;
        for (int d = 0; d < days; d++) {
            LocalDate day = Instant.ofEpochMilli(start + d * 86_400_000L).atZone(zone).toLocalDate();
            weight[d] = (1 + d / (3.0 * days)) * (day.getDayOfWeek().getValue() >= 6 ? 0.7 : 1.0);
            total += weight[d];
        }
        PriorityQueue<Pending> queue = new PriorityQueue<>();
        List<Event> batch = new ArrayList<>(2000);
        long seq = 0;
        List<long[]> sameDay = new ArrayList<>(); // {person, free from} of daily-id visitors of the current UTC day
        long utcDay = -1;
        long loyal = Math.max(10, visits / 40);
        for (int d = 0; d < days; d++) {
            long dayStart = start + d * 86_400_000L;
            long n = Math.round(visits * weight[d] / total);
            long[] starts = new long[(int) n];
            for (int i = 0; i < n; i++) starts[i] = dayStart + hourOfDay() + (long) (rnd.nextDouble() * 3_600_000L);
            java.util.Arrays.sort(starts);
            for (long t : starts) {
                if (t >= end.toEpochMilli()) continue;
                long day = Math.floorDiv(t, 86_400_000L);
                if (day != utcDay) {
                    utcDay = day;
                    sameDay.clear();
                }
                // A loyal visitor with a first-party id, someone back the same UTC day, or someone new.
                long person = rnd.nextLong();
                double who = rnd.nextDouble();
                long[] again = null;
                String visitor;
                if (who < 0.12) {
                    visitor = "v:loyal-" + rnd.nextInt((int) loyal);
                } else {
                    if (who < 0.20 && !sameDay.isEmpty()) {
                        long[] candidate = sameDay.get(rnd.nextInt(sameDay.size()));
                        if (candidate[1] <= t) again = candidate;
                    }
                    visitor = daily(again != null ? again[0] : person, day);
                }
                List<Event> visit = visit(site.id(), visitor, t);
                long last = visit.get(visit.size() - 1).ts();
                if (again != null) again[1] = last + 40 * 60_000L;
                else if (!visitor.startsWith("v:")) sameDay.add(new long[] {person, last + 40 * 60_000L});
                for (Event e : visit) queue.add(new Pending(e, seq++));
            }
            long flushTo = Math.min(dayStart + 86_400_000L, end.toEpochMilli());
            while (!queue.isEmpty() && queue.peek().event.ts() < flushTo) {
                batch.add(queue.poll().event);
                if (batch.size() == 2000) {
                    store.insert(batch, Map.of());
                    batch.clear();
                }
            }
        }
        // Visits still going at the end: only what had happened by then.
        while (!queue.isEmpty() && queue.peek().event.ts() < end.toEpochMilli()) batch.add(queue.poll().event);
        if (!batch.isEmpty()) store.insert(batch, Map.of());
        return site;
    }

    private record Pending(Event event, long seq) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            int c = Long.compare(event.ts(), o.event.ts());
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** When in a day visits come: few at night, most in the afternoon and evening. */
    private long hourOfDay() {
        double[] w = {1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 4.5, 5, 5, 5, 5, 5, 5, 5, 5.5, 6, 6, 5, 3.5, 2};
        double sum = 0;
        for (double x : w) sum += x;
        double r = rnd.nextDouble() * sum;
        for (int h = 0; h < 24; h++) {
            r -= w[h];
            if (r < 0) return h * 3_600_000L;
        }
        return 23 * 3_600_000L;
    }

    private static String daily(long person, long utcDay) {
        return String.format("%016x", (person * 0x9E3779B97F4A7C15L) ^ (utcDay * 0xC2B2AE3D27D4EB4FL));
    }

    private Source socialSource() {
        List<Source> social = SOURCES.stream().filter(s -> s.channel().equals("social")).toList();
        return pick(social, Source::weight);
    }

    private <T> T pick(List<T> items, java.util.function.ToDoubleFunction<T> w) {
        double sum = 0;
        for (T t : items) sum += w.applyAsDouble(t);
        double r = rnd.nextDouble() * sum;
        for (T t : items) {
            r -= w.applyAsDouble(t);
            if (r < 0) return t;
        }
        return items.get(items.size() - 1);
    }

    /** Zipf-like: a few articles get most views. */
    private String article() {
        int n = 400;
        double u = rnd.nextDouble();
        int i = (int) Math.min(n, Math.floor(Math.pow(n + 1, u)));
        return "/blog/post-" + Math.max(1, i);
    }

    private String page() {
        return rnd.nextDouble() < 0.6 ? article() : fixedPages.get(rnd.nextInt(fixedPages.size()));
    }

    /** One visit's events, from its entry pageview on. */
    private List<Event> visit(long siteId, String visitor, long t) {
        Source s = pick(SOURCES, Source::weight);
        Agent a = pick(AGENTS, Agent::weight);
        String entry = page();
        String referrer = s.referrer(), source = s.source(), utmSource = null, utmMedium = null, utmCampaign = null;
        String utmContent = null, slug = null;
        if (s.channel().equals("referral")) {
            String host = "blog" + rnd.nextInt(200) + ".example";
            referrer = "https://" + host + "/";
            source = host;
        } else if (s.channel().equals("email")) {
            utmSource = "newsletter";
            utmMedium = "email";
            utmCampaign = "newsletter-" + Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).toLocalDate().get(
                    java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        } else if (s.channel().equals("paid")) {
            utmSource = "google";
            utmMedium = "cpc";
            utmCampaign = rnd.nextBoolean() ? "brand" : "generic";
        } else if (s.channel().equals("social") && rnd.nextDouble() < 0.5) {
            // From one of the network's recent posts: its landing page, often through the tracked link.
            Post p = recentPost(s.network(), t);
            if (p != null) {
                entry = p.targets().get(0).path();
                if (rnd.nextDouble() < 0.5) slug = p.slug();
                if (rnd.nextDouble() < 0.4) {
                    utmSource = s.network().toLowerCase(java.util.Locale.ROOT);
                    utmMedium = "social";
                    utmCampaign = p.campaign();
                    utmContent = p.slug();
                }
            }
        }
        List<Event> out = new ArrayList<>();
        int pageviews = rnd.nextDouble() < 0.38 ? 1 : 2 + (int) Math.min(28, -Math.log(1 - rnd.nextDouble()) * 2.2);
        String path = entry;
        for (int i = 0; i < pageviews; i++) {
            boolean first = i == 0;
            out.add(event(siteId, t, "pageview", path, first ? referrer : "https://" + DOMAIN + "/", first ? s.channel() : "direct",
                    first ? s.network() : null, first ? source : null, first ? utmSource : null, first ? utmMedium : null,
                    first ? utmCampaign : null, first ? utmContent : null, a, visitor, null, null, null, first ? slug : null));
            if (rnd.nextDouble() < 0.5) {
                t += 2_000 + rnd.nextInt(60_000);
                out.add(event(siteId, t, "engagement", path, null, "direct", null, null, null, null, null, null, a, visitor,
                        null, null, 2_000 + rnd.nextInt(120_000), null));
            }
            t += 5_000 + rnd.nextInt(240_000);
            path = page();
        }
        double c = rnd.nextDouble();
        if (c < 0.025) {
            out.add(event(siteId, t, "signup", "/signup", null, "direct", null, null, null, null, null, null, a, visitor,
                    null, null, null, null));
        } else if (c < 0.037) {
            boolean usd = rnd.nextDouble() < 0.1;
            long micros = (990 + rnd.nextInt(19_000)) * 10_000L;
            out.add(event(siteId, t, "pageview", "/checkout", null, "direct", null, null, null, null, null, null, a, visitor,
                    null, null, null, null));
            t += 30_000 + rnd.nextInt(120_000);
            out.add(event(siteId, t, "purchase", "/checkout", null, "direct", null, null, null, null, null, null, a, visitor,
                    micros, usd ? "USD" : "EUR", null, null));
            t += 1_000;
            out.add(event(siteId, t, "pageview", "/thank-you", null, "direct", null, null, null, null, null, null, a, visitor,
                    null, null, null, null));
        }
        return out;
    }

    private Post recentPost(String network, long t) {
        Post best = null;
        for (Post p : posts) {
            if (p.publishedAt() > t) break;
            if (p.network().equals(network) && t - p.publishedAt() < 14 * 86_400_000L) best = p;
        }
        return best;
    }

    private static Event event(long siteId, long ts, String name, String path, String referrer, String channel, String network,
                               String source, String utmSource, String utmMedium, String utmCampaign, String utmContent,
                               Agent a, String visitor, Long revenue, String currency, Integer engaged, String slug) {
        String refHost = referrer == null ? null : java.net.URI.create(referrer).getHost();
        return new Event(siteId, ts, name, DOMAIN, path, null, referrer, refHost, channel, network, source, utmSource,
                utmMedium, utmCampaign, utmContent, null, null, a.browser(), a.os(), a.device(),
                a.device().equals("desktop") ? 1440 : 390, visitor, null, revenue, currency, engaged, null, slug, null);
    }
}
