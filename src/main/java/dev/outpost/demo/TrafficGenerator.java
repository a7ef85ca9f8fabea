package dev.outpost.demo;

import dev.outpost.attribution.PostMatcher;
import dev.outpost.attribution.SourceClassifier;
import dev.outpost.config.EngagementConfig;
import dev.outpost.domain.Money;
import dev.outpost.domain.Post;
import dev.outpost.domain.Site;
import dev.outpost.ingest.BadBeacon;
import dev.outpost.ingest.BeaconRequest;
import dev.outpost.ingest.EventWriter;
import dev.outpost.ingest.Ingest;
import dev.outpost.ingest.IngestMetrics;
import dev.outpost.ingest.Recorder;
import dev.outpost.ingest.UserAgents;
import dev.outpost.ingest.VisitorIds;
import dev.outpost.ingest.Visits;
import dev.outpost.posts.PostsApi;
import dev.outpost.posts.engagement.Counts;
import dev.outpost.posts.engagement.Engagement;
import dev.outpost.site.Domains;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.Database;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.EventStore;
import dev.outpost.store.GoalStore;
import dev.outpost.store.PostStore;
import dev.outpost.store.SaltStore;
import dev.outpost.store.SessionStore;
import dev.outpost.store.SiteStore;
import java.math.BigDecimal;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * Realistic, deterministic traffic for one site, sent through the real pipeline: every event is a
 * {@link BeaconRequest} that {@link Ingest} checks, enriches (bot filter, daily visitor id, browser, source) and
 * queues, and that {@link EventWriter} commits in batches, building visits and matching them to posts as for live
 * traffic. Only HTTP is skipped. A {@link SimulatedClock}, set to each event's time before the event goes in,
 * stamps it in the past; events are fed in time order, so visits, daily salts and inference windows behave as
 * they would have live.
 *
 * <p>What it makes, all from one seeded {@link Random}:
 * <ul>
 *   <li>three goals: "Signup" (event {@code signup}), "Trial started" (the thank-you page {@code /welcome} a
 *       signup leads to; a look at the pricing page is no conversion) and "Purchase" (event
 *       {@code purchase}, revenue in {@link #CURRENCY});</li>
 *   <li>posts on Reddit, Hacker News, Mastodon, Bluesky, LinkedIn, X, YouTube and Lemmy, published across the
 *       period, registered through {@link PostsApi} with their landing pages; each brings visits that fade after
 *       publication (hours on X and Hacker News, days on YouTube) through its tracked link ({@code op_post}), UTM
 *       tags naming it, a referrer naming it (exact matches), or only the network's origin or in-app browser
 *       (inferred matches, or the network alone when two posts share a landing page);</li>
 *   <li>the rest of the traffic from search engines, direct, newsletters, webmail, referring sites, AI assistants
 *       and paid search, with weekly and daily rhythms and slow growth, plus a few bots the pipeline drops;</li>
 *   <li>about three pageviews a visit, each with an {@code engagement} event carrying engaged time and scroll
 *       depth; signups, purchases (some in a return visit the same day) and outbound clicks;</li>
 *   <li>clicks on the tracked links, and engagement counts for every post: readings as the schedule would have
 *       fetched them on networks with an open API, counts entered by hand ({@link Engagement#enter}, as
 *       {@code PUT /api/v1/posts/{id}/engagement} does) on the others, and for some no counts at all. Demo posts
 *       are never fetched for real: their fetch state says "no more fetches".</li>
 * </ul>
 *
 * <p>Scale: {@code targetEvents} accepted events (within a few percent; today's events stop at the present), spread
 * over {@code days} days. Everything runs on the caller's thread plus the one writer thread, with no pauses but
 * the writer's backpressure. Use it from a benchmark like this:
 *
 * <pre>{@code
 * try (Database db = Database.open("jdbc:sqlite:/tmp/bench.db")) {   // migrates; Main is not needed
 *     Site site = TrafficGenerator.site(db, "bench.outpost.test", "UTC");
 *     TrafficGenerator.Result r = TrafficGenerator.generate(db, site, LocalDate.now(), 90, 1_000_000, 42);
 *     System.out.println(r.events() + " events, " + r.eventsPerSecond() + " events/s");
 * }
 * }</pre>
 *
 * The same seed on an empty database gives the same traffic (visitor ids differ: they hash random daily salts).
 */
public final class TrafficGenerator {
    /** The currency of every purchase. */
    public static final String CURRENCY = "EUR";
    /** Accepted events waiting for the writer; when full, the generator waits for it (as HTTP clients get a 503). */
    private static final int QUEUE = 50_000;
    /** The share of visits brought by registered posts; the rest come from everywhere else. */
    private static final double POST_SHARE = 0.30;
    /** The share of other visits made by bots that run the page's script: dropped by the pipeline, counted as drops. */
    private static final double BOT_SHARE = 0.02;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    /**
     * How a run is shaped.
     *
     * @param lastDay         the last day with traffic, in the site's time zone
     * @param days            how many days, ending with {@code lastDay}
     * @param targetEvents    about how many events to store (bots, which are dropped, come on top)
     * @param seed            the same seed gives the same traffic
     * @param notAfter        no event later than this (the present, for a period ending today)
     * @param inferenceWindow as OUTPOST_INFERENCE_WINDOW_DAYS: how long after a post inferred visits count
     */
    public record Options(LocalDate lastDay, int days, long targetEvents, long seed, Instant notAfter,
                          Duration inferenceWindow) {
        public Options {
            if (lastDay == null) throw new IllegalArgumentException("lastDay: is required");
            if (days < 1 || days > 3660) throw new IllegalArgumentException("days: must be between 1 and 3660, not " + days);
            if (targetEvents < 100) throw new IllegalArgumentException("events: at least 100, not " + targetEvents);
            if (notAfter == null) notAfter = Instant.now();
            if (inferenceWindow == null) inferenceWindow = PostMatcher.DEFAULT_WINDOW;
        }

        public static Options of(LocalDate lastDay, int days, long targetEvents, long seed) {
            return new Options(lastDay, days, targetEvents, seed, null, null);
        }
    }

    /** What a run made, and how fast. {@code events} counts the events the pipeline accepted (and stored). */
    public record Result(long events, long dropped, long visits, List<Post> posts, long clicks, long signups,
                         long purchases, BigDecimal revenue, Duration took) {
        public double eventsPerSecond() {
            return took.isZero() ? 0 : events / (took.toNanos() / 1e9);
        }
    }

    private TrafficGenerator() {}

    /** Generates {@code days} days ending with {@code lastDay}; see {@link Options}. */
    public static Result generate(Database db, Site site, LocalDate lastDay, int days, long targetEvents, long seed) {
        return generate(db, site, Options.of(lastDay, days, targetEvents, seed));
    }

    public static Result generate(Database db, Site site, Options options) {
        return new Run(db, site, options).run();
    }

    /** The site {@code domain}, created (in time zone {@code timezone}) when it does not exist yet. */
    public static Site site(Database db, String domain, String timezone) {
        SiteRegistry sites = new SiteRegistry(new SiteStore(db));
        return sites.find(domain).orElseGet(() -> new SitesApi(sites, "", java.time.Clock.systemUTC())
                .add(SitesApi.validate(new SitesApi.NewSite(domain, null, timezone, List.of()))));
    }

    // ---------------------------------------------------------------- one run

    /** A planned post and what it brought. */
    static final class PlannedPost {
        final DemoNetwork network;
        final String url;
        final String landing;
        final String title;
        final String campaign;
        final long publishedAt;
        final double weight;
        Post post;
        double totalVisits;
        long visits;

        PlannedPost(DemoNetwork network, String url, String landing, String title, String campaign, long publishedAt,
                    double weight) {
            this.network = network;
            this.url = url;
            this.landing = landing;
            this.title = title;
            this.campaign = campaign;
            this.publishedAt = publishedAt;
            this.weight = weight;
        }

        /** The share of this post's visits that came within {@code age} ms of publication. */
        double reached(long age) {
            if (age <= 0) return 0;
            double fast = Math.log(2) / (network.halfLifeHours * HOUR);
            // Nine in ten visits in the first days; the tenth trickles in ten times slower (search, reshares).
            return 0.9 * (1 - Math.exp(-fast * age)) + 0.1 * (1 - Math.exp(-fast / 10 * age));
        }
    }

    /** Who makes a visit: the same address and browser make the same daily visitor id. */
    static final class Visitor {
        final String ip;
        final String userAgent;
        final Integer screen;
        final boolean bot;

        Visitor(String ip, String userAgent, Integer screen, boolean bot) {
            this.ip = ip;
            this.userAgent = userAgent;
            this.screen = screen;
            this.bot = bot;
        }
    }

    /** How a visit starts: where it lands, with which query, from which referrer, and how keen the visitor is. */
    record Entry(String landing, String query, String referrer, double quality, PlannedPost post, boolean tracked) {}

    enum Kind { PAGEVIEW, ENGAGEMENT, SIGNUP, PURCHASE, OUTBOUND }

    /** One event to send. {@code seq} keeps the order of equal times fixed. */
    static final class Ev {
        final long ts;
        final long seq;
        final Visitor visitor;
        final Kind kind;
        final String path;
        final String query;
        final String referrer;
        final int engagedMs;
        final int scroll;
        final long revenueMicros;
        final String prop;
        /** Set on the entry pageview of a visit that came through a tracked link: the click recorded before it. */
        final PlannedPost clicked;
        final boolean entry;

        Ev(long ts, long seq, Visitor visitor, Kind kind, String path, String query, String referrer, int engagedMs,
           int scroll, long revenueMicros, String prop, PlannedPost clicked, boolean entry) {
            this.ts = ts;
            this.seq = seq;
            this.visitor = visitor;
            this.kind = kind;
            this.path = path;
            this.query = query;
            this.referrer = referrer;
            this.engagedMs = engagedMs;
            this.scroll = scroll;
            this.revenueMicros = revenueMicros;
            this.prop = prop;
            this.clicked = clicked;
            this.entry = entry;
        }
    }

    private static final class Run {
        private final Database db;
        private final Site site;
        private final Options o;
        private final ZoneId zone;
        private final Random r;
        private final SimulatedClock clock;
        private final IngestMetrics metrics = new IngestMetrics();
        private final EventWriter writer;
        private final Ingest ingest;
        private final VisitorIds visitorIds;
        private final PostStore postStore;
        private final String origin;
        private final long periodStart;
        private final long periodEnd;
        private final long notAfter;
        private final List<PlannedPost> posts = new ArrayList<>();
        private final List<PostStore.Click> clicks = new ArrayList<>();
        private final Map<String, URI> pageUris = new java.util.HashMap<>();
        private long seq;
        private long visits, dropped, clickCount, signups, purchases, revenueMicros;

        Run(Database db, Site site, Options o) {
            this.db = db;
            this.site = site;
            this.o = o;
            this.zone = ZoneId.of(site.timezone());
            this.r = new Random(o.seed());
            this.periodStart = o.lastDay().minusDays(o.days() - 1L).atStartOfDay(zone).toInstant().toEpochMilli();
            this.periodEnd = o.lastDay().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            this.notAfter = Math.min(periodEnd - 1, o.notAfter().toEpochMilli());
            if (notAfter < periodStart) throw new IllegalArgumentException("lastDay: the period lies in the future");
            this.clock = new SimulatedClock(periodStart);
            this.origin = "https://" + site.domain();
            SiteRegistry sites = new SiteRegistry(new SiteStore(db));
            Recorder recorder = new Recorder(db, new EventStore(db), new Visits(new SessionStore(db), o.inferenceWindow()));
            this.writer = new EventWriter(recorder, metrics, QUEUE);
            this.visitorIds = new VisitorIds(new SaltStore(db, null)); // simulated visitors: no IP to hide
            this.ingest = new Ingest(sites, new UserAgents(), SourceClassifier.standard(), visitorIds, writer, metrics, clock, e -> {});
            this.postStore = new PostStore(db);
        }

        Result run() {
            long started = System.nanoTime();
            try {
                goals();
                planPosts();
                registerPosts();
                double perVisit = meanEventsPerVisit();
                double visitsWanted = o.targetEvents() / perVisit;
                traffic(visitsWanted);
            } finally {
                writer.close(); // drains: everything accepted is committed when this returns
            }
            recordClicks();
            engagement();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new Result(metrics.acceptedCount(), dropped, visits, posts.stream().map(p -> p.post).toList(),
                    clickCount, signups, purchases, BigDecimal.valueOf(revenueMicros, 6).stripTrailingZeros(), took);
        }

        // ------------------------------------------------------------ goals and posts

        private void goals() {
            GoalStore goals = new GoalStore(db);
            addGoal(goals, "Signup", "signup", null);
            addGoal(goals, "Trial started", null, DemoPages.WELCOME);
            addGoal(goals, "Purchase", "purchase", null);
        }

        private void addGoal(GoalStore goals, String name, String event, String path) {
            if (goals.byName(site.id(), name).isPresent()) return;
            goals.create(site.id(), name, event, path, null, null, periodStart);
        }

        /** About one post every four days, every network at least once when there is room, at working hours. */
        private void planPosts() {
            int n = (int) Math.max(3, Math.min(120, Math.round(o.days() / 4.0)));
            List<DemoNetwork> networks = new ArrayList<>(List.of(DemoNetwork.values()));
            Choice<DemoNetwork> byHabit = Choice.of(List.of(DemoNetwork.values()),
                    java.util.Arrays.stream(DemoNetwork.values()).mapToDouble(d -> d.postWeight).toArray());
            while (networks.size() < n) networks.add(byHabit.pick(r));
            if (networks.size() > n) networks = new ArrayList<>(networks.subList(0, n));
            java.util.Collections.shuffle(networks, r);
            long span = periodEnd - periodStart;
            long launch = periodStart + span * 2 / 3;
            for (int i = 0; i < n; i++) {
                DemoNetwork net = networks.get(i);
                long day = periodStart + (long) ((i + 0.1 + 0.8 * r.nextDouble()) * span / n);
                long at = Instant.ofEpochMilli(day).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli()
                        + (8 + r.nextInt(11)) * HOUR + r.nextInt(60) * 60_000L;
                if (at > notAfter - HOUR) continue; // nothing to show yet
                double x = r.nextDouble();
                String landing = x < 0.08 ? DemoPages.HOME : x < 0.14 ? DemoPages.PRICING
                        : DemoPages.ARTICLES.get(r.nextInt(DemoPages.ARTICLES.size()));
                String topic = landing.startsWith("/blog/") ? landing.substring(6) : landing.equals("/") ? "outpost-demo" : "pricing";
                String title = DemoPages.title(landing).replaceAll(" – Outpost Demo.*", "");
                String campaign = Math.abs(at - launch) < 7 * DAY ? "launch" : r.nextDouble() < 0.5 ? "blog" : null;
                double weight = Math.exp(net.spread * r.nextGaussian()) * net.medianVisits;
                posts.add(new PlannedPost(net, net.postUrl(r, topic), landing, title, campaign, at, weight));
            }
        }

        /** Through the posts API's checks, as the owner would add them; slugs are drawn from the seed. */
        private void registerPosts() {
            PostsApi api = new PostsApi(new SiteRegistry(new SiteStore(db)), postStore, origin, clock, null);
            for (PlannedPost p : posts) {
                String slug;
                do {
                    slug = "demo-" + Integer.toString(100_000 + r.nextInt(900_000), 36);
                } while (postStore.bySlug(slug).isPresent());
                clock.set(p.publishedAt);
                p.post = api.add(new PostsApi.NewPost(site.domain(), p.url, List.of(origin + p.landing), p.title,
                        Instant.ofEpochMilli(p.publishedAt).toString(), p.campaign, slug));
            }
        }

        // ------------------------------------------------------------ volume

        /** Events a visit makes on average, measured on the visit model itself (its own random, so the run's stays put). */
        private double meanEventsPerVisit() {
            Random probe = new Random(o.seed() ^ 0x5DEECE66DL);
            List<Ev> out = new ArrayList<>();
            int n = 4000;
            for (int i = 0; i < n; i++) {
                Visitor v = new Visitor("192.0.2.1", "x", null, false);
                plan(probe, out, v, new Entry(DemoPages.HOME, null, null, 1.0, null, false), 0, false);
            }
            return out.size() / (double) n;
        }

        // ------------------------------------------------------------ traffic, day by day

        private void traffic(double visitsWanted) {
            double postVisits = visitsWanted * POST_SHARE;
            // Bots come on top: their events are dropped, not stored.
            double baseVisits = (visitsWanted - postVisits) / (1 - BOT_SHARE);
            // Each post's visits in proportion to its weight, counting only what falls inside the period.
            double reachable = 0;
            for (PlannedPost p : posts) reachable += p.weight * p.reached(notAfter - p.publishedAt);
            for (PlannedPost p : posts) p.totalVisits = reachable == 0 ? 0 : postVisits * p.weight / reachable;
            if (posts.isEmpty()) baseVisits = visitsWanted;

            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = o.lastDay().minusDays(o.days() - 1L); !d.isAfter(o.lastDay()); d = d.plusDays(1)) days.add(d);
            double[] factor = new double[days.size()];
            double sum = 0;
            for (int i = 0; i < days.size(); i++) {
                DayOfWeek w = days.get(i).getDayOfWeek();
                double week = w == DayOfWeek.SATURDAY ? 0.7 : w == DayOfWeek.SUNDAY ? 0.75 : w == DayOfWeek.FRIDAY ? 0.95 : 1.05;
                double growth = 0.8 + 0.4 * i / Math.max(1, days.size() - 1); // the site grows slowly
                factor[i] = week * growth * dayPart(days.get(i));
                sum += factor[i];
            }

            List<Ev> pending = new ArrayList<>();
            for (int i = 0; i < days.size(); i++) {
                long dayStart = days.get(i).atStartOfDay(zone).toInstant().toEpochMilli();
                long dayEnd = days.get(i).plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
                List<Ev> events = pending;
                pending = new ArrayList<>();
                int base = count(baseVisits * factor[i] / sum);
                for (int k = 0; k < base; k++) baseVisit(events, dayStart, dayEnd);
                for (PlannedPost p : posts) {
                    long from = Math.max(dayStart, p.publishedAt);
                    if (from >= dayEnd) continue;
                    double expected = p.totalVisits * (p.reached(dayEnd - p.publishedAt) - p.reached(from - p.publishedAt));
                    int n = count(expected);
                    for (int k = 0; k < n; k++) postVisit(events, p, timeAfter(p, from, dayEnd));
                }
                events.sort(Comparator.comparingLong((Ev e) -> e.ts).thenComparingLong(e -> e.seq));
                for (Ev e : events) {
                    if (e.ts >= dayEnd && i < days.size() - 1) pending.add(e);
                    else if (e.ts <= notAfter) send(e);
                }
                recordClicks();
            }
        }

        /** How much of a day lies before {@code notAfter}: today counts only its hours so far. */
        private double dayPart(LocalDate day) {
            long start = day.atStartOfDay(zone).toInstant().toEpochMilli();
            long end = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            if (notAfter >= end) return 1;
            if (notAfter <= start) return 0;
            double part = 0, all = 0;
            for (int h = 0; h < 24; h++) {
                all += HOURLY[h];
                if (start + (h + 1) * HOUR <= notAfter) part += HOURLY[h];
            }
            return part / all;
        }

        /** A whole count around {@code mean}, varying as real daily counts do. */
        private int count(double mean) {
            if (mean <= 0) return 0;
            double n = mean + Math.sqrt(mean) * r.nextGaussian();
            double floor = Math.floor(n);
            return (int) Math.max(0, floor + (r.nextDouble() < n - floor ? 1 : 0));
        }

        /** Visits by local hour: quiet nights, busy working hours, a second wind in the evening. */
        private static final double[] HOURLY = {1.2, 0.8, 0.5, 0.4, 0.4, 0.6, 1.2, 2.4, 4.0, 5.2, 5.6, 5.4, 4.8, 5.0, 5.4,
                5.2, 4.8, 4.2, 3.8, 4.0, 4.2, 3.6, 2.6, 1.8};
        private static final Choice<Integer> HOURS;

        static {
            Object[] pairs = new Object[48];
            for (int h = 0; h < 24; h++) {
                pairs[2 * h] = h;
                pairs[2 * h + 1] = HOURLY[h];
            }
            HOURS = Choice.of(pairs);
        }

        private long timeIn(long dayStart, long dayEnd) {
            long t = dayStart + HOURS.pick(r) * HOUR + (long) (r.nextDouble() * HOUR);
            return Math.min(t, dayEnd - 1);
        }

        /** A visit time in [from, to) following the post's fading interest (inverse of its curve, by bisection). */
        private long timeAfter(PlannedPost p, long from, long to) {
            double lo = p.reached(from - p.publishedAt), hi = p.reached(to - p.publishedAt);
            double target = lo + r.nextDouble() * (hi - lo);
            long a = from, b = to;
            for (int i = 0; i < 40 && b - a > 1000; i++) {
                long m = a + (b - a) / 2;
                if (p.reached(m - p.publishedAt) < target) a = m;
                else b = m;
            }
            return Math.min(a, to - 1);
        }

        // ------------------------------------------------------------ where visits come from

        private static final Choice<String> SOURCE_KINDS = Choice.of("search", 34, "direct", 26, "social", 9, "email", 8,
                "referral", 12, "ai", 6, "paid", 3, "bot", 100 * BOT_SHARE);
        private static final Choice<String> SEARCH_REFERRERS = Choice.of("https://www.google.com/", 62, "https://www.google.de/", 6,
                "https://www.google.co.uk/", 5, "https://www.google.fr/", 3, "android-app://com.google.android.googlequicksearchbox/", 4,
                "https://www.bing.com/", 8, "https://duckduckgo.com/", 7, "https://www.ecosia.org/", 2, "https://search.brave.com/", 2,
                "https://kagi.com/", 1);
        private static final Choice<String> REFERRALS = Choice.of("https://github.com/outpost-demo/outpost", 30,
                "https://stackoverflow.com/questions/77123456/count-visits-without-cookies", 12,
                "https://alternativeto.net/software/google-analytics/", 14, "https://dev.to/", 12,
                "https://www.indiehackers.com/", 10, "https://lobste.rs/", 6, "https://www.producthunt.com/", 8,
                "https://awesome-selfhosted.net/tags/analytics.html", 8);
        private static final Choice<String> AI_REFERRERS = Choice.of("https://chatgpt.com/", 55, "https://www.perplexity.ai/", 18,
                "https://claude.ai/", 10, "https://gemini.google.com/", 10, "https://copilot.microsoft.com/", 7);
        private static final Choice<String> OTHER_SOCIAL = Choice.of("https://l.facebook.com/", 40, "https://m.facebook.com/", 15,
                "https://www.instagram.com/", 10, "https://www.threads.net/", 10, "https://www.youtube.com/", 15,
                "https://www.producthunt.com/", 10);

        private void baseVisit(List<Ev> out, long dayStart, long dayEnd) {
            long t = timeIn(dayStart, dayEnd);
            for (int tries = 0; t > notAfter && tries < 50; tries++) t = timeIn(dayStart, dayEnd); // today: only up to now
            if (t > notAfter) return;
            String kind = SOURCE_KINDS.pick(r);
            if (kind.equals("bot")) {
                Audience.Agent a = Audience.BOTS.pick(r);
                Visitor v = new Visitor(Audience.ip(r), a.userAgent(), null, true);
                plan(r, out, v, new Entry(DemoPages.LANDINGS.pick(r), null, null, 0, null, false), t, true);
                return;
            }
            Audience.Agent agent = Audience.pick(r, kind.equals("social") ? 0.6 : 0.42);
            String landing = DemoPages.LANDINGS.pick(r);
            String query = null, referrer = null;
            double quality = 1.0;
            switch (kind) {
                case "search" -> referrer = SEARCH_REFERRERS.pick(r);
                case "direct" -> {
                    landing = DemoPages.DIRECT_LANDINGS.pick(r);
                    quality = 1.3;
                }
                case "social" -> {
                    // People passing the site around on the networks, not through a registered post.
                    if (r.nextDouble() < 0.5) {
                        DemoNetwork net = DemoNetwork.values()[r.nextInt(DemoNetwork.values().length)];
                        referrer = net.referrer(r, null);
                        agent = net.agent(r);
                        quality = net.quality;
                    } else {
                        referrer = OTHER_SOCIAL.pick(r);
                        if (referrer.contains("facebook") && r.nextDouble() < 0.4) agent = Audience.IN_APP.get("Facebook");
                        if (referrer.contains("instagram")) agent = Audience.IN_APP.get("Instagram");
                        quality = 0.7;
                    }
                }
                case "email" -> {
                    quality = 2.0;
                    landing = DemoPages.ARTICLES.get(r.nextInt(DemoPages.ARTICLES.size()));
                    if (r.nextDouble() < 0.8) {
                        LocalDate issue = Instant.ofEpochMilli(t).atZone(zone).toLocalDate().withDayOfMonth(1);
                        query = "utm_source=newsletter&utm_medium=email&utm_campaign=newsletter-" + issue.toString().substring(0, 7);
                    } else {
                        referrer = r.nextBoolean() ? "https://mail.google.com/" : "https://outlook.live.com/";
                    }
                }
                case "referral" -> {
                    referrer = REFERRALS.pick(r);
                    quality = 1.2;
                }
                case "ai" -> {
                    referrer = AI_REFERRERS.pick(r);
                    if (referrer.contains("chatgpt") && r.nextDouble() < 0.5) query = "utm_source=chatgpt.com";
                    quality = 1.6;
                }
                case "paid" -> {
                    referrer = "https://www.google.com/";
                    landing = DemoPages.PRICING;
                    query = "utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=Cj0KCQiA" + Long.toString(r.nextLong() & 0xffffffffL, 36);
                    quality = 0.9;
                }
                default -> throw new IllegalStateException(kind);
            }
            Visitor v = new Visitor(Audience.ip(r), agent.userAgent(), Audience.screenWidth(r, agent.device()), false);
            plan(r, out, v, new Entry(landing, query, referrer, quality, null, false), t, false);
        }

        private void postVisit(List<Ev> out, PlannedPost p, long t) {
            DemoNetwork net = p.network;
            Audience.Agent agent = net.agent(r);
            String slug = p.post.slug();
            double x = r.nextDouble();
            Entry e;
            if (x < net.tracked) {
                // Shared as {base}/go/{slug}: the redirect adds op_post, the referrer is still the network's.
                e = new Entry(p.landing, "op_post=" + slug, net.referrer(r, null), net.quality, p, true);
            } else if (x < net.tracked + net.utm) {
                String campaign = p.campaign == null ? "posts" : p.campaign;
                e = new Entry(p.landing, "utm_source=" + net.utmSource() + "&utm_medium=social&utm_campaign=" + campaign
                        + "&utm_content=" + slug, net.referrer(r, null), net.quality, p, false);
            } else {
                e = new Entry(p.landing, null, net.referrer(r, p.url), net.quality, p, false);
            }
            p.visits++;
            Visitor v = new Visitor(Audience.ip(r), agent.userAgent(), Audience.screenWidth(r, agent.device()), false);
            plan(r, out, v, e, t, false);
        }

        // ------------------------------------------------------------ one visit

        private static final Choice<String> PLANS = Choice.of("starter", 50, "pro", 35, "business", 10, "pro-yearly", 5);
        private static final Map<String, Long> PRICES = Map.of("starter", 9_000_000L, "pro", 29_000_000L,
                "business", 99_000_000L, "pro-yearly", 290_000_000L);

        /**
         * The events of one visit from {@code t}: pageviews (the entry with its query and referrer, later ones with the
         * previous page as referrer), an engagement event as each page is left, and what the visitor does on the way.
         */
        private void plan(Random r, List<Ev> out, Visitor v, Entry e, long t, boolean bot) {
            int pages = r.nextDouble() < 0.42 ? 1 : Math.min(15, 2 + (int) Math.floor(Math.log(1 - r.nextDouble()) / Math.log(0.67)));
            if (bot) pages = 1 + r.nextInt(3);
            String path = e.landing(), previous = null;
            boolean signedUp = false;
            for (int i = 0; i < pages; i++) {
                String referrer = i == 0 ? e.referrer() : origin + previous;
                out.add(new Ev(t, seq++, v, Kind.PAGEVIEW, path, i == 0 ? e.query() : null, referrer, 0, 0, 0, null,
                        i == 0 && e.tracked() ? e.post() : null, i == 0));
                if (bot) {
                    t += 2_000 + r.nextInt(5_000);
                    previous = path;
                    path = DemoPages.next(r, path);
                    continue;
                }
                // Engaged time: a long tail; a third of one-page visits leave within seconds (bounces).
                int engaged = (pages == 1 && r.nextDouble() < 0.35) ? 1_000 + r.nextInt(8_000)
                        : (int) Math.min(1_200_000, 25_000 * Math.exp(0.9 * r.nextGaussian()));
                if (path.equals(DemoPages.SIGNUP) && !signedUp && r.nextDouble() < Math.min(0.9, 0.42 * e.quality())) {
                    signedUp = true;
                    out.add(new Ev(t + 20_000 + r.nextInt(90_000), seq++, v, Kind.SIGNUP, path, null, referrer, 0, 0, 0,
                            "trial", null, false));
                    engaged = Math.max(engaged, 120_000);
                }
                if (r.nextDouble() < 0.03) {
                    out.add(new Ev(t + engaged / 2, seq++, v, Kind.OUTBOUND, path, null, referrer, 0, 0, 0,
                            DemoPages.OUTBOUND.pick(r), null, false));
                }
                if (r.nextDouble() < 0.88) { // some pages close before the engagement beacon goes (mobile, crashes)
                    int scroll = (int) Math.min(100, engaged / 1000 * 2 + r.nextInt(40));
                    out.add(new Ev(t + engaged + 150, seq++, v, Kind.ENGAGEMENT, path, null, referrer, engaged, scroll, 0,
                            null, null, false));
                }
                t += engaged + 500 + (long) (-Math.log(1 - r.nextDouble()) * 8_000);
                previous = path;
                path = signedUp && path.equals(DemoPages.SIGNUP) ? DemoPages.WELCOME : DemoPages.next(r, path);
            }
            if (bot || !signedUp) return;
            if (r.nextDouble() < 0.18) {
                purchase(r, out, v, t, origin + previous);
            } else if (r.nextDouble() < 0.15) {
                // Comes back later the same day, typing the address, and buys: a second, direct touch.
                long back = t + HOUR + (long) (r.nextDouble() * 6 * HOUR);
                long sameDay = Instant.ofEpochMilli(t).atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1)
                        .atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
                if (back < sameDay - 10 * 60_000) {
                    out.add(new Ev(back, seq++, v, Kind.PAGEVIEW, DemoPages.PRICING, null, null, 0, 0, 0, null, null, true));
                    purchase(r, out, v, back + 40_000 + r.nextInt(60_000), origin + DemoPages.PRICING);
                }
            }
        }

        private void purchase(Random r, List<Ev> out, Visitor v, long t, String referrer) {
            String plan = PLANS.pick(r);
            out.add(new Ev(t, seq++, v, Kind.PAGEVIEW, DemoPages.CHECKOUT, null, referrer, 0, 0, 0, null, null, false));
            long paid = t + 30_000 + r.nextInt(120_000);
            out.add(new Ev(paid, seq++, v, Kind.PURCHASE, DemoPages.CHECKOUT, null, referrer, 0, 0, PRICES.get(plan), plan,
                    null, false));
        }

        // ------------------------------------------------------------ into the pipeline

        private void send(Ev e) {
            clock.set(e.ts);
            String url = origin + e.path + (e.query == null ? "" : "?" + e.query);
            // Parsing URLs was a sixth of this thread's time; the site has few pages, so keep those parsed.
            URI uri = e.query == null ? pageUris.computeIfAbsent(e.path, p -> URI.create(origin + p)) : URI.create(url);
            String name = switch (e.kind) {
                case PAGEVIEW -> "pageview";
                case ENGAGEMENT -> "engagement";
                case SIGNUP -> "signup";
                case PURCHASE -> "purchase";
                case OUTBOUND -> "outbound";
            };
            Map<String, String> props = switch (e.kind) {
                case SIGNUP, PURCHASE -> Map.of("plan", e.prop);
                case OUTBOUND -> Map.of("url", e.prop);
                default -> Map.of();
            };
            Money revenue = e.kind == Kind.PURCHASE ? new Money(e.revenueMicros, CURRENCY) : null;
            BeaconRequest b = new BeaconRequest(site.domain(), name, uri, e.referrer,
                    e.kind == Kind.PAGEVIEW ? DemoPages.title(e.path) : null, e.visitor.screen, props, revenue, null,
                    e.kind == Kind.ENGAGEMENT ? e.engagedMs : null, e.kind == Kind.ENGAGEMENT ? e.scroll : null, false);
            Ingest.Sender sender = new Ingest.Sender(e.visitor.ip, e.visitor.userAgent, null);
            if (e.clicked != null && !e.visitor.bot) click(e);
            while (true) {
                try {
                    if (ingest.accept(b, sender).dropped() != null) {
                        dropped++;
                    } else {
                        count(e);
                    }
                    return;
                } catch (BadBeacon refused) {
                    if (refused.status != 503) {
                        throw new IllegalStateException("the pipeline refused a generated event (" + url + "): "
                                + refused.getMessage(), refused);
                    }
                    LockSupport.parkNanos(200_000); // the writer is behind: wait for it, as a client would retry
                }
            }
        }

        /** What the result reports, counted as the pipeline accepts it. */
        private void count(Ev e) {
            switch (e.kind) {
                case PAGEVIEW -> visits += e.entry ? 1 : 0;
                case SIGNUP -> signups++;
                case PURCHASE -> {
                    purchases++;
                    revenueMicros += e.revenueMicros;
                }
                default -> { }
            }
        }

        /** The follow of /go/{slug} just before the landing page loads, stored as TrackedLinks stores it. */
        private void click(Ev e) {
            long at = e.ts - 900;
            clock.set(at);
            String visitor = visitorIds.daily(site.id(), e.visitor.ip, e.visitor.userAgent, at);
            String host = Domains.normalise(e.referrer);
            clicks.add(new PostStore.Click(e.clicked.post.id(), at, visitor, Domains.isValid(host) ? host : null));
            clock.set(e.ts);
        }

        private void recordClicks() {
            postStore.recordClicks(clicks);
            clickCount += clicks.size();
            clicks.clear();
        }

        // ------------------------------------------------------------ engagement counts

        private static final long[] READINGS = {HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR, DAY, 36 * HOUR, 2 * DAY,
                3 * DAY, 5 * DAY, 7 * DAY, 14 * DAY, 21 * DAY, 30 * DAY};

        /**
         * Counts in proportion to the visits each post brought, at the network's rates. Networks with an open API
         * get the readings the schedule would have taken; the others one or two hand entries, or none.
         */
        private void engagement() {
            EngagementStore store = new EngagementStore(db);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("OUTPOST_ENGAGEMENT_SCHEDULE", "false");
            try (Engagement byHand = Engagement.create(EngagementConfig.fromEnv(env), postStore, store, clock)) {
                long end = Math.min(notAfter, periodEnd);
                for (PlannedPost p : posts) {
                    double noise = Math.exp(0.35 * r.nextGaussian());
                    double all = p.reached(end - p.publishedAt);
                    if (p.network.fetchable) {
                        for (long after : READINGS) {
                            long at = p.publishedAt + after;
                            if (at > end) break;
                            Counts c = counts(p, noise * p.reached(after) / all);
                            store.record(new EngagementStore.Snapshot(p.post.id(), at, c.comments(), c.shares(), c.likes(), "fetch"),
                                    // No next fetch: these posts do not exist on the networks.
                                    new EngagementStore.State(p.post.id(), null, 0, null, null, at, null));
                        }
                    } else if (r.nextDouble() < 0.8) {
                        for (long after : new long[] {2 * DAY + r.nextInt(3) * DAY, 10 * DAY}) {
                            long at = p.publishedAt + after + r.nextInt(10) * HOUR;
                            if (at > end) break;
                            clock.set(at);
                            byHand.enter(p.post, counts(p, noise * p.reached(at - p.publishedAt) / all));
                        }
                    }
                }
            }
        }

        private Counts counts(PlannedPost p, double share) {
            double v = p.visits * share;
            return new Counts(scaled(p.network.commentsPerVisit, v), scaled(p.network.sharesPerVisit, v),
                    scaled(p.network.likesPerVisit, v));
        }

        private static Long scaled(Double rate, double visits) {
            return rate == null ? null : Math.round(rate * visits);
        }
    }
}
