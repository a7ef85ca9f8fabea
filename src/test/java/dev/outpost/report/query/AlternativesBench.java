package dev.outpost.report.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.attribution.AttributionModel;
import dev.outpost.attribution.Touch;
import dev.outpost.domain.Site;
import dev.outpost.report.Attribution;
import dev.outpost.store.ConversionStore;
import dev.outpost.store.Database;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.GoalStore;
import dev.outpost.store.QueryStore.VisitRow;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import dev.outpost.store.SiteStore;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.sqlite.SQLiteConfig;

/**
 * Issue 13's alternatives measured side by side on the report bench's data (run by
 * {@code bench/alternatives.sh}, one step per process so each holds the machine briefly):
 *
 * <ul>
 *   <li>{@code prepare}: a copy of {@code target/bench/report-<EVENTS>.db} with a table of
 *       conversion credit (one row per credited visit and model, built by the present
 *       {@link Credits} logic) and its index; the needed columns of visits, pageviews and credit
 *       loaded into a DuckDB file. Times each part.</li>
 *   <li>{@code a}: the present path ({@link QueryApi#answer}, rollups, kept credit): cold (a new
 *       engine, nothing kept, for each answer) and warm. Its answers are saved for the checks.</li>
 *   <li>{@code b}: plain SQL over visits and pageviews with the existing indexes
 *       ({@link AlternativesSql}) on the copy, conversions from the credit table; cold (a new
 *       connection) and warm.</li>
 *   <li>{@code c}: the same SQL in DuckDB; cold (the file opened anew) and warm.</li>
 *   <li>{@code d}: a 30-day period's credit computed on the fly (what the first view after a
 *       start does) against sums read from the credit table; and crediting one conversion as the
 *       writer would when it stores it.</li>
 *   <li>{@code table}: every figure of the steps, shape by approach.</li>
 * </ul>
 * Steps b and c compare each answer with a's, row by row, and print any difference.
 */
public final class AlternativesBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<AttributionModel> MODELS = List.of(AttributionModel.LAST_NON_DIRECT, AttributionModel.LINEAR);
    static final String M5 = "[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"conversions\"]";
    static final String BLOG = "[\"contains\",\"event:page\",[\"/blog\"]]";

    private AlternativesBench() {}

    record Shape(String name, String body) {}

    static Shape shape(String name, String metrics, String dims, String range, String more) {
        return new Shape(name, "{\"site\":\"" + ReportBench.DOMAIN + "\",\"metrics\":" + metrics
                + (dims == null ? "" : ",\"dimensions\":[" + dims + "]") + ",\"date_range\":\"" + range + "\",\"limit\":" + 10_000
                + (more == null ? "" : "," + more) + "}");
    }

    /** The dashboard's query shapes the issue names, over the last 30 days unless said. */
    static List<Shape> shapes() {
        return List.of(
                shape("totals", M5, null, "30d", null),
                shape("chart by day", M5, "\"time:day\"", "30d", null),
                shape("chart by hour, 7 days", M5, "\"time:hour\"", "7d", null),
                shape("sources", M5, "\"visit:source\"", "30d", null),
                shape("channels", M5, "\"visit:channel\"", "30d", null),
                shape("posts", "[\"visitors\",\"visits\",\"conversions\"]", "\"visit:post\"", "30d",
                        "\"filters\":[[\"is_not\",\"visit:post\",[\"(none)\"]]]"),
                shape("pages", "[\"visitors\",\"pageviews\"]", "\"event:page\"", "30d", null),
                shape("totals | page contains /blog", M5, null, "30d", "\"filters\":[" + BLOG + "]"),
                shape("sources | page contains /blog", M5, "\"visit:source\"", "30d", "\"filters\":[" + BLOG + "]"),
                shape("chart by day | page contains /blog", M5, "\"time:day\"", "30d", "\"filters\":[" + BLOG + "]"),
                shape("pages | page matches ^/docs", "[\"visitors\",\"pageviews\"]", "\"event:page\"", "30d",
                        "\"filters\":[[\"matches\",\"event:page\",[\"^/docs\"]]]"),
                shape("channels | source matches Goog|Bing", M5, "\"visit:channel\"", "30d",
                        "\"filters\":[[\"matches\",\"visit:source\",[\"^(Google|Bing)$\"]]]"),
                shape("channels | source is 3 values", M5, "\"visit:channel\"", "30d",
                        "\"filters\":[[\"is\",\"visit:source\",[\"Google\",\"Reddit\",\"Hacker News\"]]]"),
                shape("entry pages | source Reddit + page /blog", M5, "\"visit:entry_page\"", "30d",
                        "\"filters\":[[\"is\",\"visit:source\",[\"Reddit\"]]," + BLOG + "]"),
                shape("pages by day", "[\"visitors\",\"pageviews\"]", "\"time:day\",\"event:page\"", "30d", null),
                shape("sources, linear credit", M5, "\"visit:source\"", "30d", "\"attribution\":\"linear\""),
                shape("posts, linear credit", "[\"visitors\",\"visits\",\"conversions\"]", "\"visit:post\"", "30d",
                        "\"attribution\":\"linear\",\"filters\":[[\"is_not\",\"visit:post\",[\"(none)\"]]]"));
    }

    // ------------------------------------------------------------------ set-up

    static long events;
    static Path dir, original, copy, duckFile, results, answers;
    static final Clock CLOCK = Clock.fixed(ReportBench.NOW, ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        events = Long.parseLong(ReportBench.env("EVENTS", "1000000"));
        dir = Path.of(ReportBench.env("CACHE_DIR", "target/bench"));
        original = dir.resolve("report-" + events + ".db");
        copy = dir.resolve("alt-" + events + ".db");
        duckFile = dir.resolve("alt-" + events + ".duckdb");
        results = dir.resolve("alt-" + events + ".tsv");
        answers = dir.resolve("alt-" + events + "-answers.json");
        if (!Files.exists(original)) throw new IllegalStateException(original + " is missing: run bench/report.sh with EVENTS=" + events + " first");
        switch (args.length == 0 ? "" : args[0]) {
            case "prepare" -> prepare();
            case "a" -> present();
            case "b" -> plain(false);
            case "c" -> plain(true);
            case "d" -> credit();
            case "table" -> table();
            default -> throw new IllegalArgumentException("step: prepare, a, b, c, d or table");
        }
    }

    static int runs(String name, int dflt) {
        return Integer.parseInt(ReportBench.env(name, Integer.toString(dflt)));
    }

    static ReportQuery parse(Shape s) throws Exception {
        return QueryParser.parse((ObjectNode) JSON.readTree(s.body()));
    }

    static Connection sqlite(Path file) throws SQLException {
        // The server's read settings (Database.open): 64 MB page cache, memory-mapped reads.
        SQLiteConfig sc = new SQLiteConfig();
        sc.setCacheSize(-64 * 1024);
        sc.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(256L * 1024 * 1024));
        sc.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return sc.createConnection("jdbc:sqlite:" + file);
    }

    static Connection duck(boolean readOnly) throws SQLException {
        Properties p = new Properties();
        if (readOnly) p.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + duckFile, p);
    }

    static final String VISIT_COLUMNS = "channel, network, source, utm_source, utm_medium, utm_campaign, utm_content, utm_term,"
            + " post_id, post_match, entry_path, browser, os, device";

    /** The copy with its credit table, then the DuckDB file. */
    static void prepare() throws Exception {
        System.out.printf("prepare: %,d events; load %s%n", events, load());
        long t = System.nanoTime();
        try (Database db = Database.open("jdbc:sqlite:" + original)) {
            db.jdbi().useHandle(h -> h.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        Files.copy(original, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (String s : List.of("-wal", "-shm")) Files.deleteIfExists(Path.of(copy + s));
        System.out.printf("  copied the SQLite file (%,d MB) in %.1f s%n", Files.size(copy) >> 20, (System.nanoTime() - t) / 1e9);

        try (Database db = Database.open("jdbc:sqlite:" + copy)) {
            Site site = new SiteStore(db).byDomain(ReportBench.DOMAIN).orElseThrow();
            ZoneId zone = ZoneId.of(site.timezone());
            QueryStore store = new QueryStore(db);
            GoalStore goals = new GoalStore(db);
            Credits credits = new Credits(new Attribution(goals, new ConversionStore(db)), goals, store);
            db.jdbi().useHandle(h -> {
                h.execute("DROP TABLE IF EXISTS credits");
                // One row per share of a conversion: the conversion, the model, the credited visit
                // and its attributes (they never change once the visit has begun).
                h.execute("CREATE TABLE credits (site_id BIGINT NOT NULL, model TEXT NOT NULL, conv_ts BIGINT NOT NULL,"
                        + " visitor_id TEXT NOT NULL, goal TEXT NOT NULL, share_micros BIGINT NOT NULL, revenue_micros BIGINT,"
                        + " currency TEXT, visit_id BIGINT NOT NULL, visit_start BIGINT NOT NULL, channel TEXT, network TEXT, source TEXT,"
                        + " utm_source TEXT, utm_medium TEXT, utm_campaign TEXT, utm_content TEXT, utm_term TEXT, post_id BIGINT,"
                        + " post_match TEXT, entry_path TEXT, browser TEXT, os TEXT, device TEXT)");
            });
            long first = store.firstVisit(site.id());
            long end = ReportBench.NOW.toEpochMilli() + 86_400_000L;
            for (AttributionModel model : MODELS) {
                long computeNs = 0, writeNs = 0, rows = 0;
                // Ten days at a time: a whole 90 days of credit at 10M would crowd the heap.
                for (long a = first; a < end; a += 10 * 86_400_000L) {
                    long b = Math.min(end, a + 10 * 86_400_000L);
                    long t0 = System.nanoTime();
                    List<Credits.Piece> pieces = credits.credits(site, zone, a, b, model, null);
                    long t1 = System.nanoTime();
                    computeNs += t1 - t0;
                    rows += insertCredits(db, site.id(), model, pieces);
                    writeNs += System.nanoTime() - t1;
                }
                System.out.printf("  credit table, %s: %,d rows; crediting %.1f s, writing %.1f s%n", model.key(), rows, computeNs / 1e9, writeNs / 1e9);
            }
            t = System.nanoTime();
            db.jdbi().useHandle(h -> {
                h.execute("CREATE INDEX credits_model_ts ON credits (site_id, model, conv_ts)");
                h.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            });
            System.out.printf("  index credits (site_id, model, conv_ts) in %.1f s%n", (System.nanoTime() - t) / 1e9);
        }

        Files.deleteIfExists(duckFile);
        Files.deleteIfExists(Path.of(duckFile + ".wal"));
        try (Connection src = sqlite(copy); Connection dst = duck(false)) {
            try (Statement s = dst.createStatement()) {
                s.execute("CREATE TABLE sessions (id BIGINT, site_id BIGINT, visitor_id VARCHAR, started_at BIGINT, pageviews BIGINT,"
                        + " engaged_ms BIGINT, last_seen BIGINT, channel VARCHAR, network VARCHAR, source VARCHAR, utm_source VARCHAR,"
                        + " utm_medium VARCHAR, utm_campaign VARCHAR, utm_content VARCHAR, utm_term VARCHAR, post_id BIGINT,"
                        + " post_match VARCHAR, entry_path VARCHAR, browser VARCHAR, os VARCHAR, device VARCHAR)");
                s.execute("CREATE TABLE events (id BIGINT, site_id BIGINT, session_id BIGINT, ts BIGINT, path VARCHAR)");
                s.execute("CREATE TABLE credits (site_id BIGINT, model VARCHAR, conv_ts BIGINT, visitor_id VARCHAR, goal VARCHAR,"
                        + " share_micros BIGINT, revenue_micros BIGINT, currency VARCHAR, visit_id BIGINT, visit_start BIGINT,"
                        + " channel VARCHAR, network VARCHAR, source VARCHAR, utm_source VARCHAR, utm_medium VARCHAR, utm_campaign VARCHAR,"
                        + " utm_content VARCHAR, utm_term VARCHAR, post_id BIGINT, post_match VARCHAR, entry_path VARCHAR,"
                        + " browser VARCHAR, os VARCHAR, device VARCHAR)");
            }
            feed(src, dst, "sessions", "SELECT id, site_id, visitor_id, started_at, pageviews, engaged_ms, last_seen, " + VISIT_COLUMNS
                    + " FROM sessions ORDER BY id");
            // Pageviews only: what reports read of the events (conversions come from the credit table).
            feed(src, dst, "events", "SELECT id, site_id, session_id, ts, path FROM events WHERE name = 'pageview' ORDER BY id");
            feed(src, dst, "credits", "SELECT * FROM credits ORDER BY model, conv_ts");
            t = System.nanoTime();
            try (Statement s = dst.createStatement()) {
                s.execute("CHECKPOINT");
            }
            System.out.printf("  DuckDB checkpoint %.1f s%n", (System.nanoTime() - t) / 1e9);

            // An incremental feed: rows new since the last feed come by id; visits that may still
            // change (an event in the last 35 minutes) are replaced. Timed for the last hour.
            t = System.nanoTime();
            long since = ReportBench.NOW.toEpochMilli() - 3_600_000L;
            long visitId = one(src, "SELECT COALESCE(MIN(id), 0) FROM sessions WHERE last_seen >= " + (since - 35 * 60_000L));
            long eventId = one(src, "SELECT COALESCE(MIN(id), 0) FROM events WHERE ts >= " + since);
            try (Statement s = dst.createStatement()) {
                s.execute("DELETE FROM sessions WHERE id >= " + visitId);
                s.execute("DELETE FROM events WHERE id >= " + eventId);
            }
            long n = feed(src, dst, "sessions", "SELECT id, site_id, visitor_id, started_at, pageviews, engaged_ms, last_seen, " + VISIT_COLUMNS
                    + " FROM sessions WHERE id >= " + visitId + " ORDER BY id")
                    + feed(src, dst, "events", "SELECT id, site_id, session_id, ts, path FROM events WHERE name = 'pageview' AND id >= "
                    + eventId + " ORDER BY id");
            System.out.printf("  incremental feed of the last hour (visits changed since, new pageviews): %,d rows in %.0f ms%n",
                    n, (System.nanoTime() - t) / 1e6);
        }
        System.out.printf("  DuckDB file %,d MB; SQLite copy %,d MB%n", Files.size(duckFile) >> 20, Files.size(copy) >> 20);
    }

    static long one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int insertCredits(Database db, long siteId, AttributionModel model, List<Credits.Piece> pieces) throws SQLException {
        return db.jdbi().<Integer, SQLException>inTransaction(h -> {
            int n = 0;
            try (PreparedStatement ps = h.getConnection().prepareStatement("INSERT INTO credits VALUES (?" + ", ?".repeat(23) + ")")) {
                for (Credits.Piece p : pieces) {
                    for (Credits.Touched t : p.touched) {
                        if (t.visits().isEmpty()) continue;
                        VisitRow v = t.visits().get(0); // the engine credits the first in id order
                        var conv = t.conversion();
                        int i = 0;
                        ps.setLong(++i, siteId);
                        ps.setString(++i, model.key());
                        ps.setLong(++i, conv.ts());
                        ps.setString(++i, conv.visitorId());
                        ps.setString(++i, conv.goal());
                        ps.setLong(++i, t.share().movePointRight(6).longValueExact());
                        ps.setObject(++i, conv.revenueMicros());
                        ps.setString(++i, conv.currency());
                        ps.setLong(++i, v.id());
                        ps.setLong(++i, v.startedAt());
                        for (String key : QueryStore.VISIT_COLUMNS) {
                            String value = v.get(key);
                            if (key.equals("post")) ps.setObject(++i, value == null ? null : Long.valueOf(value));
                            else ps.setString(++i, value);
                        }
                        ps.addBatch();
                        if (++n % 10_000 == 0) ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return n;
        });
    }

    /** Rows of a SQLite query appended to a DuckDB table of the same columns, timed. */
    static long feed(Connection src, Connection dst, String table, String select) throws SQLException {
        long t = System.nanoTime(), n = 0;
        try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery(select);
             DuckDBAppender app = dst.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
            var meta = rs.getMetaData();
            int cols = meta.getColumnCount();
            boolean[] text = new boolean[cols + 1];
            try (Statement d = dst.createStatement(); ResultSet types = d.executeQuery("SELECT data_type FROM information_schema.columns"
                    + " WHERE table_name = '" + table + "' ORDER BY ordinal_position")) {
                for (int i = 1; types.next(); i++) text[i] = types.getString(1).equals("VARCHAR");
            }
            while (rs.next()) {
                app.beginRow();
                for (int i = 1; i <= cols; i++) {
                    if (text[i]) {
                        String v = rs.getString(i);
                        if (v == null) app.appendNull();
                        else app.append(v);
                    } else {
                        long v = rs.getLong(i);
                        if (rs.wasNull()) app.appendNull();
                        else app.append(v);
                    }
                }
                app.endRow();
                n++;
            }
        }
        System.out.printf("  DuckDB %-9s %,12d rows loaded in %.1f s%n", table, n, (System.nanoTime() - t) / 1e9);
        return n;
    }

    // ------------------------------------------------------------------ a: the present path

    static void present() throws Exception {
        int cold = runs("COLD", 3), warm = runs("WARM", 10);
        System.out.printf("a: the present path (QueryApi.answer), %,d events; %d cold, %d warm; load %s%n", events, cold, warm, load());
        try (Database db = Database.open("jdbc:sqlite:" + original)) {
            Site site = new SiteStore(db).byDomain(ReportBench.DOMAIN).orElseThrow();
            QueryStore store = new QueryStore(db);
            RollupStore rollupStore = new RollupStore(db);
            Rollups rollups = new Rollups(List::of, store, rollupStore, CLOCK);
            while (!rollups.build(site)) Thread.sleep(10);
            java.util.function.Supplier<QueryApi> api = () -> new QueryApi(null, new QueryEngine(store, rollupStore, new GoalStore(db),
                    new Attribution(new GoalStore(db), new ConversionStore(db))), new EngagementStore(db), CLOCK);
            ObjectNode saved = Files.exists(answers) ? (ObjectNode) JSON.readTree(answers.toFile()) : JSON.createObjectNode();
            QueryApi kept = api.get();
            for (Shape shape : selected()) {
                ReportQuery q = parse(shape);
                // Cold: a new engine for each answer, nothing kept, as the first view after a start.
                double[] coldMs = times(cold, () -> api.get().answer(site, q));
                saved.set(shape.name(), answerJson(kept.answer(site, q))); // also the warm-up
                double[] warmMs = times(warm, () -> kept.answer(site, q));
                JSON.writerWithDefaultPrettyPrinter().writeValue(answers.toFile(), saved);
                record("a present", "cold", shape.name(), coldMs, 0);
                record("a present", "warm", shape.name(), warmMs, 0);
            }
        }
    }

    interface Run {
        void run() throws Exception;
    }

    /**
     * Up to {@code n} timings of {@code run} in ms; fewer when they have taken over {@code CAP}
     * seconds together (default 60), so a slow path at 10M still ends within a step.
     */
    static double[] times(int n, Run run) throws Exception {
        double cap = Double.parseDouble(ReportBench.env("CAP", "60")) * 1000, total = 0;
        List<Double> out = new ArrayList<>();
        while (out.size() < n && (out.isEmpty() || total < cap)) {
            long t = System.nanoTime();
            run.run();
            double ms = (System.nanoTime() - t) / 1e6;
            out.add(ms);
            total += ms;
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** An API answer as rows of dimension values then metric texts, and total_rows. */
    static ObjectNode answerJson(Answer answer) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode rows = out.putArray("rows");
        for (Answer.Row r : answer.results()) {
            ArrayNode row = rows.addArray();
            for (String d : r.dimensions()) row.add(String.valueOf(d));
            for (BigDecimal m : r.metrics()) row.add(m == null ? "null" : Bucket.plain(m).toPlainString());
        }
        out.put("total_rows", answer.meta().totalRows());
        return out;
    }

    static List<Shape> selected() {
        // ONLY: the shapes whose name contains it; SHAPES=3-9: the 3rd to the 9th (a step's part).
        String only = ReportBench.env("ONLY", ""), range = ReportBench.env("SHAPES", "1-99");
        int first = Integer.parseInt(range.split("-")[0]), last = Integer.parseInt(range.split("-")[1]);
        List<Shape> all = shapes();
        return all.subList(Math.min(all.size(), first - 1), Math.min(all.size(), last)).stream().filter(s -> s.name().contains(only)).toList();
    }

    // ------------------------------------------------------------------ b, c: plain SQL, DuckDB

    static void plain(boolean duckdb) throws Exception {
        int cold = runs("COLD", 3), warm = runs("WARM", 10);
        String approach = duckdb ? "c DuckDB" : "b plain SQL";
        System.out.printf("%s, %,d events; %d cold, %d warm; load %s%n", approach, events, cold, warm, load());
        JsonNode expected = Files.exists(answers) ? JSON.readTree(answers.toFile()) : JSON.createObjectNode();
        long siteId;
        ZoneId zone;
        try (Connection c = sqlite(copy)) {
            siteId = one(c, "SELECT id FROM sites WHERE domain = '" + ReportBench.DOMAIN + "'");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT timezone FROM sites WHERE id = " + siteId)) {
                rs.next();
                zone = ZoneId.of(rs.getString(1));
            }
        }
        for (Shape shape : selected()) {
            ReportQuery q = parse(shape);
            // Cold: opened anew, nothing cached in the engine (the OS keeps the files' pages).
            double[] coldMs = times(cold, () -> {
                try (Connection c = duckdb ? duck(true) : sqlite(copy)) {
                    new AlternativesSql(c, duckdb, siteId, zone, CLOCK).answer(q);
                }
            });
            double[] warmMs;
            int mismatches;
            try (Connection c = duckdb ? duck(true) : sqlite(copy)) {
                AlternativesSql sql = new AlternativesSql(c, duckdb, siteId, zone, CLOCK);
                mismatches = check(approach, shape.name(), sql.answer(q), expected.get(shape.name())); // also the warm-up
                warmMs = times(warm, () -> sql.answer(q));
            }
            record(approach, "cold", shape.name(), coldMs, mismatches);
            record(approach, "warm", shape.name(), warmMs, mismatches);
        }
    }

    /** Compares an answer with the present path's; prints each differing row; the number of differences. */
    static int check(String approach, String shape, AlternativesSql.Answer a, JsonNode expected) {
        if (expected == null) {
            System.out.printf("  %s: no answer of the present path to compare with (run step a first)%n", shape);
            return -1;
        }
        List<List<String>> want = new ArrayList<>();
        for (JsonNode row : expected.get("rows")) {
            List<String> r = new ArrayList<>();
            row.forEach(v -> r.add(v.asText()));
            want.add(r);
        }
        int diff = 0;
        if (a.totalRows() != expected.get("total_rows").asInt()) {
            System.out.printf("  MISMATCH %s | %s: %d rows, the present path %d%n", approach, shape, a.totalRows(), expected.get("total_rows").asInt());
            diff++;
        }
        for (int i = 0; i < Math.max(want.size(), a.rows().size()); i++) {
            List<String> w = i < want.size() ? want.get(i) : null, g = i < a.rows().size() ? a.rows().get(i) : null;
            if (w == null || !w.equals(g)) {
                if (diff < 5) System.out.printf("  MISMATCH %s | %s, row %d: %s, the present path %s%n", approach, shape, i, g, w);
                diff++;
            }
        }
        return diff;
    }

    // ------------------------------------------------------------------ d: conversion credit

    static void credit() throws Exception {
        int n = runs("COLD", 3), warm = runs("WARM", 10);
        System.out.printf("d: conversion credit of the last 30 days, %,d events; load %s%n", events, load());
        try (Database db = Database.open("jdbc:sqlite:" + copy)) {
            Site site = new SiteStore(db).byDomain(ReportBench.DOMAIN).orElseThrow();
            ZoneId zone = ZoneId.of(site.timezone());
            long to = java.time.LocalDate.of(2026, 12, 1).atStartOfDay(zone).toInstant().toEpochMilli();
            long from = java.time.LocalDate.of(2026, 11, 1).atStartOfDay(zone).toInstant().toEpochMilli();
            QueryStore store = new QueryStore(db);
            GoalStore goals = new GoalStore(db);
            ConversionStore conversions = new ConversionStore(db);
            Attribution attribution = new Attribution(goals, conversions);
            List<String> by = List.of("source", "post", "channel");
            for (AttributionModel model : MODELS) {
                // On the fly, as the first view after a start does: credit the period, sum by source, post, channel.
                double[] fly = new double[n];
                Map<String, Map<String, Long>> flySums = null;
                for (int r = 0; r < n; r++) {
                    long t = System.nanoTime();
                    List<Credits.Piece> pieces = new Credits(attribution, goals, store).credits(site, zone, from, to, model, null);
                    Map<String, Map<String, Long>> sums = new HashMap<>();
                    for (String key : by) {
                        Map<String, Long> m = sums.computeIfAbsent(key, k -> new TreeMap<>());
                        for (Credits.Piece p : pieces) {
                            for (Credits.Touched tc : p.touched) {
                                if (tc.visits().isEmpty()) continue;
                                String v = tc.visits().get(0).get(key);
                                m.merge(v == null ? Dimension.NONE : v, tc.share().movePointRight(6).longValueExact(), Long::sum);
                            }
                        }
                    }
                    fly[r] = (System.nanoTime() - t) / 1e6;
                    flySums = sums;
                }
                record("d credit on the fly", "cold", "credit 30d " + model.key() + " by source+post+channel", fly, 0);

                for (boolean duckdb : List.of(false, true)) {
                    String approach = duckdb ? "d credit table DuckDB" : "d credit table SQLite";
                    double[] cold = new double[n], hot = new double[warm];
                    Map<String, Map<String, Long>> read = null;
                    for (int r = 0; r < n; r++) {
                        long t = System.nanoTime();
                        try (Connection c = duckdb ? duck(true) : sqlite(copy)) {
                            read = readCredit(c, site.id(), model, from, to, by);
                        }
                        cold[r] = (System.nanoTime() - t) / 1e6;
                    }
                    try (Connection c = duckdb ? duck(true) : sqlite(copy)) {
                        for (int r = -1; r < warm; r++) {
                            long t = System.nanoTime();
                            readCredit(c, site.id(), model, from, to, by);
                            if (r >= 0) hot[r] = (System.nanoTime() - t) / 1e6;
                        }
                    }
                    int diff = read.equals(flySums) ? 0 : 1;
                    if (diff != 0) System.out.printf("  MISMATCH %s %s: %s%n  on the fly: %s%n", approach, model.key(), read, flySums);
                    record(approach, "cold", "credit 30d " + model.key() + " by source+post+channel", cold, diff);
                    record(approach, "warm", "credit 30d " + model.key() + " by source+post+channel", hot, diff);
                }
            }

            // Crediting one conversion as the writer would when it stores it: its visitor's visits of
            // the lookback, then the model. Sampled over the last day's conversions.
            List<ConversionStore.Conversion> last = conversions.conversions(site.id(), to - 86_400_000L, to, goals.list(site.id()));
            int sample = Math.min(last.size(), 2_000);
            double[] each = new double[sample];
            for (int i = 0; i < sample; i++) {
                var conv = last.get(i * last.size() / sample);
                long t = System.nanoTime();
                List<ConversionStore.Visit> visits = conversions.visits(site.id(), List.of(conv.visitorId()),
                        conv.ts() - AttributionModel.LOOKBACK.toMillis(), conv.ts());
                List<Touch> touches = visits.stream().map(v -> new Touch(v.startedAt(), "direct".equals(v.channel()))).toList();
                if (!touches.isEmpty()) AttributionModel.LAST_NON_DIRECT.credit(touches, conv.ts());
                each[i] = (System.nanoTime() - t) / 1e6;
            }
            record("d credit at write", "warm", "credit 1 conversion (visits read + model)", each, 0);
        }
    }

    static Map<String, Map<String, Long>> readCredit(Connection c, long siteId, AttributionModel model, long from, long to, List<String> by)
            throws SQLException {
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (String key : by) {
            Map<String, Long> m = out.computeIfAbsent(key, k -> new TreeMap<>());
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(" + AlternativesSql.column(key, "c") + ", '" + Dimension.NONE
                    + "'), SUM(share_micros) FROM credits c WHERE c.site_id = ? AND c.model = ? AND c.conv_ts >= ? AND c.conv_ts < ? GROUP BY 1")) {
                ps.setLong(1, siteId);
                ps.setString(2, model.key());
                ps.setLong(3, from);
                ps.setLong(4, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) m.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ results

    static String load() throws Exception {
        return String.join(" ", java.util.Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    }

    /** Appends one measurement set to the results file: approach, mode, shape, load, mismatches, times. */
    static void record(String approach, String mode, String shape, double[] ms, int mismatches) throws Exception {
        StringBuilder line = new StringBuilder(approach + "\t" + mode + "\t" + shape + "\t" + load() + "\t" + mismatches + "\t");
        for (int i = 0; i < ms.length; i++) line.append(i == 0 ? "" : ",").append(String.format("%.2f", ms[i]));
        // RECORD=false: a run only to check answers (say, after step a ran later than b or c) keeps the figures.
        if (!ReportBench.env("RECORD", "true").equals("false")) {
            Files.writeString(results, line.append('\n'), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.out.printf("  %-22s %-5s %-44s median %9.1f  p90 %9.1f%s%n", approach, mode, shape, ReportBench.median(ms), ReportBench.p90(ms),
                mismatches > 0 ? "  MISMATCHES " + mismatches : mismatches < 0 ? "  (not checked)" : "");
    }

    /** Every shape by approach from the results file (the latest set of each), then the slowest of each approach. */
    static void table() throws Exception {
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        Map<String, double[]> slowest = new LinkedHashMap<>();
        Map<String, String> slowestShape = new HashMap<>();
        List<String> columns = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            String[] f = line.split("\t");
            String col = f[0] + " " + f[1];
            if (!columns.contains(col)) columns.add(col);
            double[] ms = java.util.Arrays.stream(f[5].split(",")).mapToDouble(Double::parseDouble).toArray();
            String cell = String.format("%,.0f / %,.0f", ReportBench.median(ms), ReportBench.p90(ms)) + (f[4].equals("0") ? "" : " ≠" + f[4]);
            if (ReportBench.median(ms) < 10) cell = String.format("%.1f / %.1f", ReportBench.median(ms), ReportBench.p90(ms)) + (f[4].equals("0") ? "" : " ≠" + f[4]);
            cells.computeIfAbsent(f[2], k -> new LinkedHashMap<>()).put(col, cell);
            double p90 = ReportBench.p90(ms);
            if (!slowest.containsKey(col) || p90 > slowest.get(col)[1]) {
                slowest.put(col, new double[] {ReportBench.median(ms), p90});
                slowestShape.put(col, f[2]);
            }
        }
        System.out.printf("%,d events: median / p90 in ms (≠n: rows that differ from the present path's answer)%n", events);
        StringBuilder head = new StringBuilder(String.format("%-46s", "shape"));
        for (String col : columns) head.append(String.format(" | %-24s", col));
        System.out.println(head);
        cells.forEach((shape, row) -> {
            StringBuilder b = new StringBuilder(String.format("%-46s", shape));
            for (String col : columns) b.append(String.format(" | %-24s", row.getOrDefault(col, "")));
            System.out.println(b);
        });
        System.out.println();
        slowest.forEach((col, v) -> System.out.printf("slowest, %-28s %-46s median %,9.1f  p90 %,9.1f ms%n", col + ":", slowestShape.get(col), v[0], v[1]));
    }
}
