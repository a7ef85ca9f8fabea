package dev.outpost.report.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.bench.TrafficData;
import dev.outpost.report.Attribution;
import dev.outpost.site.Site;
import dev.outpost.store.ConversionStore;
import dev.outpost.store.Database;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report benchmark (run by {@code bench/report.sh}): generates a site's traffic once per size
 * (cached under {@code target/bench/}), brings its rollups up to date, then times what the
 * dashboard runs, as {@link QueryApi} answers it in the server (no HTTP), warm.
 *
 * <p>Environment: {@code EVENTS} (default 1000000), {@code DB_URL} (a PostgreSQL JDBC URL; default
 * a cached SQLite file), {@code RUNS} (measured rounds, default 15), {@code WARMUP} (rounds first,
 * default 3), {@code ROLLUPS} ({@code false} counts every query from the visits).
 */
public final class ReportBench {
    /** "Now" for the benchmark: the data ends here, a Monday evening in Berlin. */
    static final Instant NOW = Instant.parse("2026-11-30T17:00:00Z");
    static final int DAYS = 90;
    static final ObjectMapper JSON = new ObjectMapper();

    private ReportBench() {}

    record Named(String name, String body) {}

    static final String TOTALS = "[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"visit_duration\",\"conversions\",\"conversion_rate\",\"revenue\"]";
    static final String ACQUISITION = "[\"visitors\",\"visits\",\"bounce_rate\",\"conversions\",\"revenue\"]";
    static final String PAGES = "[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"visit_duration\"]";

    /** What the dashboard runs for one range, with an extra filter (or none). */
    static List<Named> dashboard(String range, String timeDim, String filter) {
        String f = filter == null ? "" : ",\"filters\":[" + filter + "]";
        String r = ",\"date_range\":" + range + f;
        List<Named> q = new ArrayList<>();
        q.add(new Named("totals + previous period", "{\"metrics\":" + TOTALS + r + ",\"include\":{\"comparison\":\"previous_period\"}}"));
        q.add(new Named("series " + timeDim, "{\"metrics\":[\"visitors\",\"visits\",\"pageviews\"],\"dimensions\":[\"" + timeDim + "\"]" + r + "}"));
        for (String d : List.of("visit:network", "visit:post", "visit:channel", "visit:source", "visit:utm_campaign")) {
            q.add(new Named(d, "{\"metrics\":" + ACQUISITION + ",\"dimensions\":[\"" + d + "\"],\"limit\":10" + r + "}"));
        }
        for (String d : List.of("event:page", "visit:entry_page")) {
            q.add(new Named(d, "{\"metrics\":" + PAGES + ",\"dimensions\":[\"" + d + "\"],\"limit\":10" + r + "}"));
        }
        q.add(new Named("event:goal", "{\"metrics\":[\"visitors\",\"conversions\",\"revenue\",\"conversion_rate\"],\"dimensions\":[\"event:goal\"],\"limit\":10" + r + "}"));
        for (String d : List.of("visit:browser", "visit:os", "visit:device")) {
            q.add(new Named(d, "{\"metrics\":[\"visitors\",\"visits\"],\"dimensions\":[\"" + d + "\"],\"limit\":10" + r + "}"));
        }
        return q;
    }

    static List<Named> typical() {
        return List.of(
                new Named("source 30d (typical)", "{\"metrics\":[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\"],\"dimensions\":[\"visit:source\"],\"date_range\":\"30d\"}"),
                new Named("pages 30d", "{\"metrics\":[\"visitors\",\"pageviews\"],\"dimensions\":[\"event:page\"],\"date_range\":\"30d\"}"),
                new Named("network 30d with conversions", "{\"metrics\":[\"visitors\",\"conversions\",\"revenue\"],\"dimensions\":[\"visit:network\"],\"date_range\":\"30d\"}"),
                new Named("source 30d, channel social", "{\"metrics\":[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\"],\"dimensions\":[\"visit:source\"],\"date_range\":\"30d\",\"filters\":[[\"is\",\"visit:channel\",[\"social\"]]]}"),
                new Named("visitors by day 90d", "{\"metrics\":[\"visitors\"],\"dimensions\":[\"time:day\"],\"date_range\":\"90d\"}"));
    }

    public static void main(String[] args) throws Exception {
        long events = Long.parseLong(env("EVENTS", "1000000"));
        int runs = Integer.parseInt(env("RUNS", "15")), warmup = Integer.parseInt(env("WARMUP", "3"));
        boolean useRollups = !env("ROLLUPS", "true").equals("false");
        String url = System.getenv("DB_URL");
        Database db = url != null ? openPostgres(url, events) : openSqlite(events);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Site site = new SiteStore(db).byDomain(TrafficData.DOMAIN).orElseThrow();
        QueryStore store = new QueryStore(db);
        RollupStore rollupStore = new RollupStore(db);
        long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM events").mapTo(Long.class).one());
        long visits = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sessions").mapTo(Long.class).one());
        System.out.printf("data:      %,d events, %,d visits over %d days (%s)%n", stored, visits, DAYS, db.dialect());

        if (useRollups) {
            long t = System.nanoTime();
            Rollups rollups = new Rollups(List::of, store, rollupStore, clock);
            while (!rollups.build(site)) Thread.sleep(10);
            System.out.printf("rollups:   brought up to date in %.1f s (the first run on a size builds all days)%n", (System.nanoTime() - t) / 1e9);
        }
        Attribution attribution = new Attribution(new GoalStore(db), new ConversionStore(db));
        QueryEngine engine = new QueryEngine(store, useRollups ? rollupStore : null, useRollups ? new GoalStore(db) : null, attribution);
        QueryApi api = new QueryApi(null, engine, new dev.outpost.store.EngagementStore(db), clock);

        Map<String, List<Named>> sets = new LinkedHashMap<>();
        sets.put("dashboard, 30 days", dashboard("\"30d\"", "time:day", null));
        sets.put("dashboard, 30 days, filter visit:network is Reddit", dashboard("\"30d\"", "time:day", "[\"is\",\"visit:network\",[\"Reddit\"]]"));
        sets.put("dashboard, today", dashboard("\"day\"", "time:hour", null));
        sets.put("single queries", typical());

        System.out.printf("runs:      %d warm-up rounds, then %d measured; times are server time per answer (ms)%n%n", warmup, runs);
        for (var set : sets.entrySet()) {
            List<Named> qs = set.getValue();
            List<ReportQuery> parsed = new ArrayList<>();
            for (Named n : qs) {
                var body = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(n.body());
                body.put("site", TrafficData.DOMAIN);
                parsed.add(QueryParser.parse(body));
            }
            double[][] times = new double[qs.size()][runs];
            double[] sums = new double[runs];
            for (int round = -warmup; round < runs; round++) {
                for (int i = 0; i < qs.size(); i++) {
                    long t = System.nanoTime();
                    api.answer(site, parsed.get(i));
                    double ms = (System.nanoTime() - t) / 1e6;
                    if (round >= 0) {
                        times[i][round] = ms;
                        sums[round] += ms;
                    }
                }
            }
            System.out.println(set.getKey());
            if (!set.getKey().startsWith("single")) {
                System.out.printf("  %-44s median %8.1f   p90 %8.1f%n", "ALL " + qs.size() + " QUERIES (sum)", median(sums), p90(sums));
            }
            for (int i = 0; i < qs.size(); i++) {
                System.out.printf("  %-44s median %8.1f   p90 %8.1f%n", qs.get(i).name(), median(times[i]), p90(times[i]));
            }
            System.out.println();
        }
        System.out.printf("engine:    %d visit counts from rollup rows%n", engine.rollupAnswers.sum());
        db.close();
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

    /** The cached SQLite file for this size, generated first when missing. */
    static Database openSqlite(long events) throws Exception {
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
        return Database.open("jdbc:sqlite:" + file);
    }

    /** A PostgreSQL database (the script keeps its data directory per size), generated first when empty. */
    static Database openPostgres(String url, long events) {
        Database db = Database.open(url);
        boolean done = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'bench_done'").mapTo(Integer.class).one()) > 0;
        if (!done) {
            db.jdbi().useHandle(h -> {
                h.execute("DELETE FROM sites");
            });
            generate(db, events);
            db.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE bench_done (events BIGINT)");
                h.execute("VACUUM ANALYZE");
            });
        }
        return db;
    }

    static void generate(Database db, long events) {
        long t = System.nanoTime();
        System.out.printf("generating %,d events over %d days (once per size)...%n", events, DAYS);
        new TrafficData(events, NOW, DAYS, 42).write(db, Duration.ofDays(14));
        System.out.printf("generated in %.0f s%n", (System.nanoTime() - t) / 1e9);
    }
}
