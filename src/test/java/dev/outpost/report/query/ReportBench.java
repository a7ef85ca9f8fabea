package dev.outpost.report.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.demo.TrafficGenerator;
import dev.outpost.domain.Site;
import dev.outpost.report.Attribution;
import dev.outpost.store.ConversionStore;
import dev.outpost.store.Database;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.GoalStore;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import dev.outpost.store.SiteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report benchmark (run by {@code bench/report.sh}): generates a site's traffic once per size
 * with the demo's {@link TrafficGenerator} (cached under {@code target/bench/}), brings its rollups
 * up to date, then times, warm: the queries the dashboard page runs, as {@link QueryApi} answers
 * them in the server; the dashboard page itself over HTTP (a share link, so no sign-in); typical
 * single queries.
 *
 * <p>Environment: {@code EVENTS} (default 1000000), {@code DB_URL} (a PostgreSQL JDBC URL; default
 * a cached SQLite file), {@code RUNS} (measured rounds, default 15), {@code WARMUP} (rounds first,
 * default 3), {@code ROLLUPS} ({@code false} counts every query from the visits), {@code ONLY} (only the
 * sets of queries whose name contains it).
 */
public final class ReportBench {
    /** "Now" for the benchmark: the data ends here, a Monday evening in Berlin. */
    static final Instant NOW = Instant.parse("2026-11-30T17:00:00Z");
    static final int DAYS = 90;
    static final ObjectMapper JSON = new ObjectMapper();

    private ReportBench() {}

    record Named(String name, String body) {}

    static final String DOMAIN = "bench.outpost.test";
    static final String TOTALS = "[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"visit_duration\",\"conversions\",\"conversion_rate\",\"revenue\"]";
    static final String CONVERTING = "[\"visitors\",\"visits\",\"conversions\",\"conversion_rate\",\"revenue\"]";
    static final String NOT_NONE = "[\"is_not\",\"%s\",[\"(none)\"]]";

    /**
     * The queries the dashboard page runs for one period (see report.page.DashboardPage and Sheets):
     * the totals with the previous period, the chart, and its tables, with the page's filter if any.
     */
    static List<Named> dashboard(String range, String step, String filter) {
        List<Named> q = new ArrayList<>();
        q.add(ask("totals + previous period", TOTALS, null, range, filter, null, 1, true));
        q.add(ask("chart " + step, "[\"visitors\",\"visits\",\"pageviews\",\"conversions\",\"revenue\"]", "\"" + step + "\"",
                range, filter, null, 10_000, false));
        q.add(ask("outposts (visit:network)", CONVERTING, "\"visit:network\"", range, filter, NOT_NONE.formatted("visit:network"), 10, false));
        q.add(ask("posts (visit:post)", "[\"visitors\",\"visits\",\"conversions\",\"revenue\"]", "\"visit:post\"", range, filter,
                NOT_NONE.formatted("visit:post"), 10_000, false));
        q.add(ask("posts by match", "[\"visits\",\"conversions\"]", "\"visit:post\",\"visit:post_match\"", range, filter,
                NOT_NONE.formatted("visit:post"), 10_000, false));
        q.add(ask("channels", CONVERTING, "\"visit:channel\"", range, filter, null, 10, false));
        q.add(ask("sources", CONVERTING, "\"visit:source\"", range, filter, null, 10, false));
        q.add(ask("campaigns", CONVERTING, "\"visit:utm_campaign\"", range, filter, NOT_NONE.formatted("visit:utm_campaign"), 10, false));
        q.add(ask("pages (event:page)", "[\"visitors\",\"pageviews\"]", "\"event:page\"", range, filter, null, 10, false));
        q.add(ask("entry pages", "[\"visitors\",\"visits\",\"bounce_rate\",\"visit_duration\",\"conversions\",\"conversion_rate\"]",
                "\"visit:entry_page\"", range, filter, null, 10, false));
        q.add(ask("goals", "[\"visitors\",\"conversions\",\"conversion_rate\",\"revenue\"]", "\"event:goal\"", range, filter, null, 10, false));
        for (String d : List.of("browser", "os", "device")) {
            q.add(ask(d + "s", "[\"visitors\",\"visits\",\"conversion_rate\"]", "\"visit:" + d + "\"", range, filter, null, 10, false));
        }
        return q;
    }

    static Named ask(String name, String metrics, String dims, String range, String filter, String own, int limit, boolean compare) {
        List<String> filters = new ArrayList<>();
        if (filter != null) filters.add(filter);
        if (own != null) filters.add(own);
        return new Named(name, "{\"metrics\":" + metrics + (dims == null ? "" : ",\"dimensions\":[" + dims + "]")
                + ",\"date_range\":" + range + ",\"limit\":" + limit + (filters.isEmpty() ? "" : ",\"filters\":[" + String.join(",", filters) + "]")
                + (compare ? ",\"include\":{\"comparison\":\"previous_period\"}" : "") + "}");
    }

    static List<Named> typical() {
        return List.of(
                new Named("source 30d (typical)", "{\"metrics\":[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\"],\"dimensions\":[\"visit:source\"],\"date_range\":\"30d\"}"),
                new Named("pages 30d", "{\"metrics\":[\"visitors\",\"pageviews\"],\"dimensions\":[\"event:page\"],\"date_range\":\"30d\"}"),
                new Named("network 30d with conversions", "{\"metrics\":[\"visitors\",\"conversions\",\"revenue\"],\"dimensions\":[\"visit:network\"],\"date_range\":\"30d\"}"),
                new Named("source 30d, channel social", "{\"metrics\":[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\"],\"dimensions\":[\"visit:source\"],\"date_range\":\"30d\",\"filters\":[[\"is\",\"visit:channel\",[\"social\"]]]}"),
                new Named("visitors by day 90d", "{\"metrics\":[\"visitors\"],\"dimensions\":[\"time:day\"],\"date_range\":\"90d\"}"));
    }

    static void queries() throws Exception {
        long events = Long.parseLong(env("EVENTS", "1000000"));
        int runs = Integer.parseInt(env("RUNS", "15")), warmup = Integer.parseInt(env("WARMUP", "3"));
        boolean useRollups = !env("ROLLUPS", "true").equals("false");
        String url = System.getenv("DB_URL");
        String jdbcUrl = url != null ? openPostgres(url, events) : openSqlite(events);
        Database db = Database.open(jdbcUrl);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Site site = new SiteStore(db).byDomain(DOMAIN).orElseThrow();
        QueryStore store = new QueryStore(db);
        RollupStore rollupStore = new RollupStore(db);
        long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM events").mapTo(Long.class).one());
        long visits = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sessions").mapTo(Long.class).one());
        System.out.printf("data:      %,d events, %,d visits over %d days (%s)%n", stored, visits, DAYS, db.dialect());

        if (useRollups) {
            long t = System.nanoTime();
            Rollups rollups = new Rollups(List::of, store, rollupStore, clock);
            while (!rollups.build(site)) Thread.sleep(10);
            long rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM rollup_rows").mapTo(Long.class).one());
            System.out.printf("rollups:   up to date in %.1f s (the first run on a size builds every day), %,d rows%n",
                    (System.nanoTime() - t) / 1e9, rows);
        } else {
            db.jdbi().useHandle(h -> h.execute("DELETE FROM rollup_state"));
        }
        Attribution attribution = new Attribution(new GoalStore(db), new ConversionStore(db));
        QueryEngine engine = new QueryEngine(store, useRollups ? rollupStore : null, useRollups ? new GoalStore(db) : null, attribution);
        QueryApi api = new QueryApi(null, engine, new EngagementStore(db), clock);

        String reddit = "[\"is\",\"visit:network\",[\"Reddit\"]]";
        Map<String, List<Named>> sets = new LinkedHashMap<>();
        sets.put("dashboard queries, 30 days", dashboard("\"30d\"", "time:day", null));
        sets.put("dashboard queries, 30 days, visit:network is Reddit", dashboard("\"30d\"", "time:day", reddit));
        sets.put("dashboard queries, today", dashboard("\"day\"", "time:hour", null));
        // Google is among the top sources every day (rows kept); Kagi is the rarest source, its days
        // without rows are counted from its visits.
        sets.put("dashboard queries, 30 days, visit:source is Google", dashboard("\"30d\"", "time:day", "[\"is\",\"visit:source\",[\"Google\"]]"));
        sets.put("dashboard queries, 30 days, visit:source is Kagi", dashboard("\"30d\"", "time:day", "[\"is\",\"visit:source\",[\"Kagi\"]]"));
        // The sources table's "(none)" row: visits without a source.
        sets.put("dashboard queries, 30 days, visit:source is (none)", dashboard("\"30d\"", "time:day", "[\"is\",\"visit:source\",[\"(none)\"]]"));
        // Pages the same way: /pricing is viewed every day, /changelog rarely.
        sets.put("dashboard queries, 30 days, event:page is /pricing", dashboard("\"30d\"", "time:day", "[\"is\",\"event:page\",[\"/pricing\"]]"));
        sets.put("dashboard queries, 30 days, event:page is /changelog", dashboard("\"30d\"", "time:day", "[\"is\",\"event:page\",[\"/changelog\"]]"));
        // A filter the rollup rows do not keep: counted with SQL over the visits of the range. Seconds
        // a view at 10M, so asked for there only with SLOW_FILTERS=true.
        if (slowFilters(events)) {
            sets.put("dashboard queries, 30 days, event:page contains /blog *", dashboard("\"30d\"", "time:day", "[\"contains\",\"event:page\",[\"/blog\"]]"));
        }
        sets.put("single queries", typical());

        System.out.printf("runs:      %d warm-up rounds, then %d measured; server time per answer in ms%n%n", warmup, runs);
        String only = env("ONLY", "");
        for (var set : sets.entrySet()) {
            if (!set.getKey().contains(only)) continue;
            List<Named> qs = set.getValue();
            List<ReportQuery> parsed = new ArrayList<>();
            for (Named n : qs) {
                var body = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(n.body());
                body.put("site", DOMAIN);
                parsed.add(QueryParser.parse(body));
            }
            double[][] times = new double[qs.size()][runs];
            double[] sums = new double[runs];
            double first = 0;
            for (int round = -warmup; round < runs; round++) {
                for (int i = 0; i < qs.size(); i++) {
                    long t = System.nanoTime();
                    api.answer(site, parsed.get(i));
                    double ms = (System.nanoTime() - t) / 1e6;
                    if (round == -warmup) first += ms;
                    if (round >= 0) {
                        times[i][round] = ms;
                        sums[round] += ms;
                    }
                }
            }
            System.out.println(set.getKey());
            if (!set.getKey().startsWith("single")) {
                System.out.printf("  %-44s median %8.1f   p90 %8.1f   first round %8.1f%n", "ALL " + qs.size() + " QUERIES (sum)",
                        median(sums), p90(sums), first);
            }
            for (int i = 0; i < qs.size(); i++) {
                System.out.printf("  %-44s median %8.1f   p90 %8.1f%n", qs.get(i).name(), median(times[i]), p90(times[i]));
            }
            System.out.println();
        }
        System.out.printf("engine:    %d visit counts from rollup rows%n%n", engine.rollupAnswers.sum());
        db.close();
    }

    public static void main(String[] args) throws Exception {
        queries();
        // The server below keeps its own credit; the queries' engine (and its kept credit) is gone by now.
        System.gc();
        if (!env("PAGES", "true").equals("false")) {
            pages(System.getenv("DB_URL") != null ? System.getenv("DB_URL") : openSqlite(Long.parseLong(env("EVENTS", "1000000"))),
                    Clock.fixed(NOW, ZoneOffset.UTC), Integer.parseInt(env("RUNS", "15")), Integer.parseInt(env("WARMUP", "3")));
        }
    }

    /** The dashboard page as a browser gets it: a real server on the data, a share link, GET, timed on the client. */
    static void pages(String jdbcUrl, Clock clock, int runs, int warmup) throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("OUTPOST_PORT", "0");
        env.put("OUTPOST_DATABASE_URL", jdbcUrl);
        env.put("OUTPOST_DATA_DIR", Files.createTempDirectory("outpost-bench").toString());
        env.put("OUTPOST_ENGAGEMENT_SCHEDULE", "false");
        try (dev.outpost.Outpost server = dev.outpost.Outpost.start(dev.outpost.config.Config.fromEnv(env), clock);
             Database db = Database.open(jdbcUrl)) {
            String base = "http://127.0.0.1:" + server.port();
            var shares = new dev.outpost.access.ShareLinks(new dev.outpost.store.AccessStore(db),
                    new dev.outpost.site.SiteRegistry(new SiteStore(db)), base, clock);
            String link = shares.create(DOMAIN).url();
            var http = java.net.http.HttpClient.newHttpClient();
            System.out.println("dashboard page over HTTP (GET " + "/share/…, rendered HTML), ms on the client");
            List<String[]> views = new ArrayList<>(List.of(new String[] {"30 days", "?period=30d"},
                    new String[] {"30 days, visit:network is Reddit", "?period=30d&f=visit:network:is:Reddit"},
                    new String[] {"today", "?period=today"},
                    new String[] {"30 days, visit:source is Google", "?period=30d&f=visit:source:is:Google"},
                    new String[] {"30 days, visit:source is Kagi", "?period=30d&f=visit:source:is:Kagi"},
                    new String[] {"30 days, event:page is /pricing", "?period=30d&f=event:page:is:/pricing"},
                    new String[] {"30 days, event:page is /changelog", "?period=30d&f=event:page:is:/changelog"}));
            if (slowFilters(Long.parseLong(env("EVENTS", "1000000")))) {
                views.add(new String[] {"30 days, event:page contains /blog *", "?period=30d&f=event:page:contains:/blog"});
            }
            for (String[] page : views) {
                double[] times = new double[runs];
                for (int round = -warmup; round < runs; round++) {
                    long t = System.nanoTime();
                    var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link + page[1])).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) throw new IllegalStateException(page[1] + ": " + r.statusCode() + " " + r.body());
                    if (round >= 0) times[round] = (System.nanoTime() - t) / 1e6;
                }
                System.out.printf("  %-44s median %8.1f   p90 %8.1f%n", page[0], median(times), p90(times));
            }
            if (views.size() > 7) System.out.println("  * a filter the rollup rows do not keep: the page is counted from the visits");
            for (int i = 0; i < shares.list().size(); i++) shares.revoke(shares.list().get(i).id());
        }
    }

    /** Whether to time the filters the rollups do not keep (by default up to 1M events). */
    static boolean slowFilters(long events) {
        return Boolean.parseBoolean(env("SLOW_FILTERS", events <= 1_000_000 ? "true" : "false"));
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double p90(double[] xs) {
        double[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)];
    }

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** The cached SQLite file for this size, generated first when missing; its JDBC URL. */
    static String openSqlite(long events) throws Exception {
        Path dir = Path.of(env("CACHE_DIR", "target/bench"));
        Files.createDirectories(dir);
        Path file = dir.resolve("report-" + events + ".db");
        if (!Files.exists(file)) {
            Path tmp = dir.resolve("report-" + events + ".db.tmp");
            for (String s : List.of("", "-wal", "-shm")) Files.deleteIfExists(Path.of(tmp + s));
            try (Database db = Database.open("jdbc:sqlite:" + tmp)) {
                generate(db, events);
                db.jdbi().useHandle(h -> h.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        return "jdbc:sqlite:" + file;
    }

    /** A PostgreSQL database (the script keeps its data directory per size), generated first when empty. */
    static String openPostgres(String url, long events) {
        try (Database db = Database.open(url)) {
            boolean done = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'bench_done'").mapTo(Integer.class).one()) > 0;
            if (!done) {
                db.jdbi().useHandle(h -> h.execute("DELETE FROM sites"));
                generate(db, events);
                db.jdbi().useHandle(h -> {
                    h.execute("CREATE TABLE bench_done (events BIGINT)");
                    h.execute("VACUUM ANALYZE");
                });
            }
        }
        return url;
    }

    static void generate(Database db, long events) {
        System.out.printf("generating %,d events over %d days with the demo's traffic generator (once per size)...%n", events, DAYS);
        Site site = TrafficGenerator.site(db, DOMAIN, "Europe/Berlin");
        var r = TrafficGenerator.generate(db, site, new TrafficGenerator.Options(LocalDate.of(2026, 11, 30), DAYS, events, 42, NOW, null));
        System.out.printf("generated in %.0f s (%,.0f events/s)%n", r.took().toMillis() / 1000.0, r.eventsPerSecond());
    }
}
