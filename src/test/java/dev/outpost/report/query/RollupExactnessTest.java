package dev.outpost.report.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.demo.TrafficGenerator;
import dev.outpost.domain.Event;
import dev.outpost.domain.Site;
import dev.outpost.ingest.Recorder;
import dev.outpost.ingest.Visits;
import dev.outpost.report.Attribution;
import dev.outpost.store.ConversionStore;
import dev.outpost.store.Database;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.EventStore;
import dev.outpost.store.GoalStore;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import dev.outpost.store.SessionStore;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rollup rows never disagree with the visits: every query shape the rollups answer (also under the
 * filters they keep rows for) is run twice on generated traffic (the demo's 24 days, plus visitors
 * with first-party ids who come back on other days; a daylight saving change; visits over
 * midnight), once by SQL over the visits and once from rollup rows plus the newest visits, and the
 * two answers must be the same to the byte, for every metric and dimension.
 */
class RollupExactnessTest {
    /** A Tuesday afternoon; the data begins 24 days before, so it crosses the end of summer time. */
    static final Instant END = Instant.parse("2026-11-10T14:20:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DOMAIN = "exact.outpost.test";

    static Database db;
    static Site site;
    static MutableClock clock = new MutableClock(END);
    static QueryApi raw, rolled;
    static QueryEngine rolledEngine;
    static Rollups rollups;
    static RollupStore rollupStore;
    static QueryStore store;

    @BeforeAll
    static void data() {
        db = Database.open(TestDatabases.freshUrl());
        site = TrafficGenerator.site(db, DOMAIN, "Europe/Berlin");
        TrafficGenerator.generate(db, site, new TrafficGenerator.Options(LocalDate.of(2026, 11, 10), 24, 50_000, 7, END, null));
        loyalVisitors(new Random(11));
        store = new QueryStore(db);
        // One visit tagged utm_campaign=(none), the text reports show for "no campaign": where it
        // is in range, a campaigns table without "(none)" is counted from the visits.
        store(List.of(pageview(Instant.parse("2026-10-28T10:00:00Z"), "campaign-none-1", "/", "(none)", null, 0)));
        // A pageview stamped two minutes before its visit began (two nodes' clocks), on the day
        // before in Berlin: pages over its day are counted from the visits.
        Instant t = Instant.parse("2026-10-29T23:00:30Z");
        store(List.of(pageview(t, "v:early-view", "/", null, null, 0), pageview(t.minusSeconds(120), "v:early-view", "/pricing", null, null, 0)));
        // As autovacuum would: without statistics PostgreSQL joins pageviews to visits badly (seconds).
        if (TestDatabases.isPostgres()) db.jdbi().useHandle(h -> h.execute("ANALYZE"));
        rollupStore = new RollupStore(db);
        Attribution attribution = new Attribution(new GoalStore(db), new ConversionStore(db));
        raw = new QueryApi(null, new QueryEngine(store, attribution), new EngagementStore(db), clock);
        rolledEngine = new QueryEngine(store, rollupStore, new GoalStore(db), attribution);
        rolled = new QueryApi(null, rolledEngine, new EngagementStore(db), clock);
        // Three values of each attribute a day (with ten visits or more) keep rows, so filters mix
        // days with and without rows.
        rollups = new Rollups(List::of, store, rollupStore, clock, 3, 10);
    }

    /**
     * Visitors with first-party ids, who come back on other days (the demo's visitors have daily
     * ids): some the next day, some weeks later, some late in the evening into the next day, from
     * Reddit, search, a newsletter or directly, some buying in a later visit.
     */
    static void loyalVisitors(Random rnd) {
        String[][] sources = {{"direct", null, null, null}, {"search", null, "Google", null},
            {"social", "Reddit", "Reddit", null}, {"email", null, "newsletter", "loyal-news"}};
        String[] paths = {"/", "/pricing", "/blog/post-1", "/docs", "/blog/post-2"};
        long first = END.toEpochMilli() - 24 * 86_400_000L;
        for (int k = 0; k < 60; k++) {
            String visitor = "v:loyal-" + k;
            List<Event> events = new ArrayList<>();
            long t = first + (long) (rnd.nextDouble() * 10 * 86_400_000L);
            int visits = 3 + rnd.nextInt(6);
            for (int v = 0; v < visits && t < END.toEpochMilli(); v++) {
                String[] src = sources[rnd.nextInt(sources.length)];
                int pageviews = 1 + rnd.nextInt(4);
                for (int i = 0; i < pageviews; i++) {
                    events.add(new Event(site.id(), t, "pageview", DOMAIN, paths[rnd.nextInt(paths.length)], null, null, null,
                            i == 0 ? src[0] : "direct", i == 0 ? src[1] : null, i == 0 ? src[2] : null, null, null,
                            i == 0 ? src[3] : null, null, null, null, "Firefox", "Linux", "desktop", null, visitor, null, null,
                            null, 5_000 * i, null, null, null));
                    t += 60_000 + rnd.nextInt(600_000);
                }
                if (rnd.nextDouble() < 0.3) {
                    events.add(new Event(site.id(), t, "purchase", DOMAIN, "/checkout", null, null, null, "direct", null, null,
                            null, null, null, null, null, null, "Firefox", "Linux", "desktop", null, visitor, null,
                            (10 + rnd.nextInt(90)) * 1_000_000L, TrafficGenerator.CURRENCY, null, null, null, null));
                }
                // Next: later that evening, the next day, or days to weeks later.
                double gap = rnd.nextDouble();
                t += gap < 0.25 ? 3_600_000L + rnd.nextInt(3 * 3_600_000) : gap < 0.5 ? 86_400_000L : (2 + rnd.nextInt(12)) * 86_400_000L;
            }
            store(events.stream().filter(e -> e.ts() < END.toEpochMilli()).toList());
        }
    }

    static Event pageview(Instant at, String visitor, String path, String campaign, String network, int engagedMs) {
        return new Event(site.id(), at.toEpochMilli(), "pageview", DOMAIN, path, null, null, null, "direct", network, null, null,
                null, campaign, null, null, null, "Chrome", "Windows", "desktop", null, visitor, null, null, null, engagedMs,
                null, null, null);
    }

    /** Stores events through the writer path, as the writer would (visits built, rollups told). */
    static void store(List<Event> events) {
        if (events.isEmpty()) return;
        new Recorder(db, new EventStore(db), new Visits(new SessionStore(db), Duration.ofDays(14))).store(events, Map.of());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static final String ALL = "[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"visit_duration\",\"conversions\",\"revenue\",\"conversion_rate\"]";
    static final String VISITS = "[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"visit_duration\"]";

    /** Every shape the rollups answer: totals, each dimension, time buckets, a dimension by time. */
    static List<String> queries() {
        List<String> q = new ArrayList<>();
        q.add("{\"metrics\":" + ALL + ",\"include\":{\"comparison\":\"previous_period\"}}");
        for (String column : QueryStore.VISIT_COLUMNS) {
            String dim = column.equals("entry_page") ? "visit:entry_page" : "visit:" + column;
            q.add("{\"metrics\":" + ALL + ",\"dimensions\":[\"" + dim + "\"]}");
        }
        q.add("{\"metrics\":" + VISITS + ",\"dimensions\":[\"event:page\"]}");
        q.add("{\"metrics\":[\"visitors\",\"conversions\",\"revenue\",\"conversion_rate\"],\"dimensions\":[\"event:goal\"]}");
        q.add("{\"metrics\":[\"visitors\",\"conversions\",\"conversion_rate\"],\"dimensions\":[\"event:goal\",\"time:day\"]}");
        for (String t : List.of("time:day", "time:week", "time:month")) q.add("{\"metrics\":" + ALL + ",\"dimensions\":[\"" + t + "\"]}");
        q.add("{\"metrics\":" + VISITS + ",\"dimensions\":[\"visit:source\",\"time:day\"]}");
        q.add("{\"metrics\":" + ALL + ",\"dimensions\":[\"time:week\",\"visit:channel\"],\"attribution\":\"linear\"}");
        q.add("{\"metrics\":[\"visitors\",\"visits\"],\"dimensions\":[\"visit:network\",\"time:month\"]}");
        // Visits without a value left out of a table of that attribute (the dashboard's outposts,
        // campaigns and posts tables), also with a post's exact and inferred visits apart.
        String converting = "[\"visitors\",\"visits\",\"conversions\",\"conversion_rate\",\"revenue\"]";
        for (String d : List.of("network", "utm_campaign", "post")) {
            q.add("{\"metrics\":" + converting + ",\"dimensions\":[\"visit:" + d + "\"],\"filters\":[[\"is_not\",\"visit:" + d + "\",[\"(none)\"]]]}");
        }
        q.add("{\"metrics\":[\"visits\",\"conversions\"],\"dimensions\":[\"visit:post\",\"visit:post_match\"],"
                + "\"filters\":[[\"is_not\",\"visit:post\",[\"(none)\"]]]}");
        // Under one filter "is" one value: rows kept for it on some days (Reddit, social, Hacker News,
        // Google, /features), on none (Kagi), on every day (/pricing).
        for (String filter : FILTERS) {
            String f = ",\"filters\":[" + filter + "]}";
            q.add("{\"metrics\":" + converting + ",\"dimensions\":[\"visit:post\"],\"filters\":[" + filter
                    + ",[\"is_not\",\"visit:post\",[\"(none)\"]]]}");
            q.add("{\"metrics\":[\"visits\",\"conversions\"],\"dimensions\":[\"visit:post_match\",\"visit:post\"],\"filters\":["
                    + filter + ",[\"is_not\",\"visit:post\",[\"(none)\"]]]}");
            q.add("{\"metrics\":" + ALL + ",\"include\":{\"comparison\":\"previous_period\"}" + f);
            for (String dim : List.of("visit:source", "visit:post", "visit:entry_page", "visit:device", "time:day", "time:week")) {
                q.add("{\"metrics\":" + ALL + ",\"dimensions\":[\"" + dim + "\"]" + f);
            }
            q.add("{\"metrics\":" + VISITS + ",\"dimensions\":[\"event:page\"]" + f);
            q.add("{\"metrics\":[\"visitors\",\"conversions\",\"revenue\",\"conversion_rate\"],\"dimensions\":[\"event:goal\"]" + f);
        }
        // Other attributes, with fewer shapes each.
        for (String filter : List.of("[\"is\",\"visit:entry_page\",[\"/pricing\"]]", "[\"is\",\"event:page\",[\"/changelog\"]]", "[\"is\",\"visit:browser\",[\"Firefox\"]]",
                "[\"is\",\"visit:utm_campaign\",[\"launch\"]]", "[\"is\",\"visit:device\",[\"mobile\"]]",
                // No value: not the visit whose campaign is the text "(none)".
                "[\"is\",\"visit:source\",[\"(none)\"]]", "[\"is\",\"visit:utm_campaign\",[\"(none)\"]]")) {
            String f = ",\"filters\":[" + filter + "]}";
            q.add("{\"metrics\":" + ALL + ",\"include\":{\"comparison\":\"previous_period\"}" + f);
            q.add("{\"metrics\":" + ALL + ",\"dimensions\":[\"visit:source\"]" + f);
            q.add("{\"metrics\":" + VISITS + ",\"dimensions\":[\"event:page\"]" + f);
            q.add("{\"metrics\":[\"visitors\",\"visits\"],\"dimensions\":[\"time:day\"]" + f);
        }
        return q;
    }

    static final List<String> FILTERS = List.of("[\"is\",\"visit:network\",[\"Reddit\"]]", "[\"is\",\"visit:channel\",[\"social\"]]",
            "[\"is\",\"visit:source\",[\"Hacker News\"]]", "[\"is\",\"visit:source\",[\"Kagi\"]]",
            "[\"is\",\"visit:source\",[\"Google\"]]", "[\"is\",\"event:page\",[\"/pricing\"]]",
            "[\"is\",\"event:page\",[\"/features\"]]");

    static final List<String> RANGES = List.of("\"30d\"", "\"7d\"", "\"day\"", "\"month\"", "[\"2026-10-20\",\"2026-10-31\"]",
            "[\"2026-10-25\",\"2026-10-25\"]", "[\"2026-11-09\",\"2026-11-10\"]", "[\"2026-10-17\",\"2026-11-03\"]");

    @Test
    void everyMetricAndDimensionCountsTheSameFromRollupsAsFromTheVisits() {
        assertThat(rollups.build(site)).isTrue();
        assertThat(rollupStore.state(site.id()).builtTo()).isGreaterThan(END.toEpochMilli() - Duration.ofHours(2).toMillis());
        // The data has what makes counting hard: visitors back days later, pages viewed after
        // midnight, a day marked irregular for pages.
        assertThat(count("SELECT COUNT(*) FROM rollup_rows WHERE prev >= 0 AND prev < day - 1 AND visitors > 0")).isPositive();
        assertThat(count("SELECT COUNT(*) FROM rollup_rows WHERE day2 > day")).isPositive();
        assertThat(count("SELECT SUM(irregular) FROM rollup_rows")).isPositive();
        // Hacker News has rows on some days, not on others; Kagi on none; the page /pricing on every day.
        String hn = RollupRows.key("source", "Hacker News", RollupRows.TOTAL);
        long daysWithVisits = count("SELECT COUNT(DISTINCT day) FROM rollup_rows WHERE dim = 'source' AND value = 'Hacker News'");
        long daysWithRows = count("SELECT COUNT(DISTINCT day) FROM rollup_rows WHERE dim = '" + hn + "'");
        assertThat(daysWithRows).isPositive().isLessThan(daysWithVisits);
        assertThat(count("SELECT COUNT(*) FROM rollup_rows WHERE dim = '" + RollupRows.key("source", "Kagi", RollupRows.TOTAL) + "'")).isZero();
        assertThat(count("SELECT COUNT(DISTINCT day) FROM rollup_rows WHERE dim = '" + RollupRows.key("page", "/pricing", RollupRows.TOTAL) + "'"))
                .isEqualTo(count("SELECT COUNT(DISTINCT day) FROM rollup_rows WHERE dim = ''"));
        // Another page has rows on some days.
        String page = "/features";
        assertThat(count("SELECT COUNT(DISTINCT day) FROM rollup_rows WHERE dim = '" + RollupRows.key("page", page, RollupRows.TOTAL) + "'"))
                .isPositive().isLessThan(count("SELECT COUNT(DISTINCT day) FROM rollup_rows WHERE dim = 'page' AND value = '" + page + "'"));
        compareAll(true);
        // Not vacuous: these filters were answered from rows, those of days without rows made on the spot.
        for (String filter : List.of("[\"is\",\"event:page\",[\"/features\"]]", "[\"is\",\"visit:source\",[\"Kagi\"]]",
                "[\"is\",\"visit:source\",[\"Hacker News\"]]", "[\"is\",\"visit:source\",[\"(none)\"]]")) {
            long before = rolledEngine.rollupAnswers.sum();
            rolled.answer(site, QueryParser.parse(parse("{\"site\":\"" + DOMAIN + "\",\"metrics\":" + VISITS
                    + ",\"dimensions\":[\"visit:channel\"],\"date_range\":\"7d\",\"filters\":[" + filter + "]}")));
            assertThat(rolledEngine.rollupAnswers.sum()).as(filter).isEqualTo(before + 1);
        }
    }

    @Test
    void rowsBuiltEarlierInTheDayAddUpWithTheVisitsSince() {
        // Built up to yesterday evening, queried now: a day and a half of visits counted on the spot.
        clock.set(END.minus(Duration.ofHours(20)));
        try {
            assertThat(rollups.build(site)).isTrue();
        } finally {
            clock.set(END);
        }
        compareAll(true);
    }

    @Test
    void aLateEventToACountedVisitMakesItsDayStaleUntilRebuilt() {
        assertThat(rollups.build(site)).isTrue();
        long builtTo = rollupStore.state(site.id()).builtTo();
        // An event of a visit that started three days ago (an old beacon the writer stored only now).
        var old = store.visitsStarted(site.id(), END.toEpochMilli() - Duration.ofDays(3).toMillis(), builtTo).get(0);
        store(List.of(pageview(Instant.ofEpochMilli(old.lastSeen() + 60_000), old.visitorId(), "/late", null, null, 45_000)));
        RollupStore.State stale = rollupStore.state(site.id());
        assertThat(stale.validTo()).isEqualTo(old.startedAt());
        compareAll(false); // the stale days are counted from the visits meanwhile
        assertThat(rollups.build(site)).isTrue();
        assertThat(rollupStore.state(site.id()).validTo()).isEqualTo(RollupStore.NEVER);
        compareAll(true);
    }

    private static long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private void compareAll(boolean rolledUp) {
        long before = rolledEngine.rollupAnswers.sum();
        int compared = 0;
        for (String range : RANGES) {
            for (String query : queries()) {
                String body = query.substring(0, query.length() - 1) + ",\"site\":\"" + DOMAIN
                        + "\",\"limit\":10000,\"date_range\":" + range + "}";
                ReportQuery q = QueryParser.parse(parse(body));
                String expected = json(raw.answer(site, q)), actual = json(rolled.answer(site, q));
                assertThat(actual).as(body).isEqualTo(expected);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(RANGES.size() * queries().size());
        // Not vacuous: the rolled-up engine did use rollup rows for these shapes.
        if (rolledUp) assertThat(rolledEngine.rollupAnswers.sum() - before).isGreaterThan(compared);
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
