package dev.outpost.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.domain.Site;
import dev.outpost.store.Database;
import dev.outpost.support.TestDatabases;
import dev.outpost.support.TestOutpost;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generator writes into the database of a running server; what it made is read back through the real HTTP
 * API, as an owner would read it. 30 days ending the day before yesterday, about 12,000 events.
 */
class TrafficGeneratorTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    static final String SITE = "gen.outpost.test";
    static final long EVENTS = 12_000;
    static final LocalDate LAST = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    static final LocalDate FIRST = LAST.minusDays(29);
    static Database db;
    static TrafficGenerator.Result result;

    @BeforeAll
    static void generate() {
        outpost.createSite(SITE);
        db = Database.open(outpost.jdbcUrl());
        Site site = TrafficGenerator.site(db, SITE, "UTC");
        result = TrafficGenerator.generate(db, site, LAST, 30, EVENTS, 7);
    }

    @AfterAll
    static void close() {
        if (db != null) db.close();
    }

    @Test
    void storesAboutTheEventsAskedForOverEveryDay() {
        assertThat(result.events()).isBetween(EVENTS * 85 / 100, EVENTS * 115 / 100);
        JsonNode days = query("{\"metrics\":[\"visits\"],\"dimensions\":[\"time:day\"]}");
        assertThat(days.get("results")).hasSize(30);
        assertThat(days.get("results").get(0).get("dimensions").get(0).asText()).isEqualTo(FIRST.toString());
        JsonNode totals = row(query("{\"metrics\":[\"visits\",\"pageviews\",\"visit_duration\",\"bounce_rate\"]}"), List.of());
        // A visit running over midnight (UTC) becomes two: the visitor's daily id changes, as it does live.
        assertThat(totals.get(0).asLong()).isBetween(result.visits(), result.visits() + result.visits() / 100);
        double pagesPerVisit = totals.get(1).asDouble() / totals.get(0).asDouble();
        assertThat(pagesPerVisit).isBetween(2.2, 3.8);
        assertThat(totals.get(2).asLong()).as("engaged seconds a visit").isBetween(20L, 300L);
        assertThat(totals.get(3).asInt()).as("bounce rate").isBetween(15, 60);
    }

    @Test
    void postsOnSeveralNetworksBringExactAndInferredVisits() {
        assertThat(result.posts()).hasSizeGreaterThanOrEqualTo(7);
        assertThat(result.posts().stream().map(p -> p.network()).distinct())
                .containsExactlyInAnyOrder("Reddit", "Hacker News", "Mastodon", "Bluesky", "LinkedIn", "X", "YouTube", "Lemmy");
        Map<String, Long> byMatch = counts(query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:post_match\"]}"));
        assertThat(byMatch.get("exact")).isGreaterThan(50);
        assertThat(byMatch.get("inferred")).isGreaterThan(50);
        assertThat(byMatch.get("(none)")).isGreaterThan(byMatch.get("exact"));
        Map<String, Long> byNetwork = counts(query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:network\"]}"));
        assertThat(byNetwork.keySet()).contains("Reddit", "Hacker News", "Mastodon", "Bluesky", "LinkedIn", "X", "YouTube",
                "Facebook", "(none)");
        Map<String, Long> byChannel = counts(query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:channel\"]}"));
        assertThat(byChannel.keySet()).contains("direct", "search", "social", "email", "referral", "ai", "paid");
        Map<String, Long> byPost = counts(query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:post\"]}"));
        assertThat(byPost.size()).as("posts with visits, and (none)").isGreaterThan(6);
    }

    @Test
    void trackedLinksAreClickedAndUtmTagsNameThePosts() {
        assertThat(result.clicks()).isPositive();
        long clicks = 0;
        for (var p : result.posts()) clicks += outpost.get("/api/v1/posts/" + p.id()).json().get("clicks").asLong();
        assertThat(clicks).isEqualTo(result.clicks());
        Map<String, Long> utm = counts(query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:utm_medium\"]}"));
        assertThat(utm.keySet()).contains("social", "email", "cpc");
    }

    @Test
    void goalsConvertWithRevenueInOneCurrency() {
        JsonNode goals = query("{\"metrics\":[\"conversions\",\"revenue\"],\"dimensions\":[\"event:goal\"]}");
        Map<String, JsonNode> byGoal = new HashMap<>();
        for (JsonNode r : goals.get("results")) byGoal.put(r.get("dimensions").get(0).asText(), r.get("metrics"));
        assertThat(byGoal.keySet()).containsExactlyInAnyOrder("Signup", "Trial started", "Purchase");
        assertThat(byGoal.get("Signup").get(0).asDouble()).isEqualTo(result.signups());
        assertThat(byGoal.get("Purchase").get(0).asDouble()).isEqualTo(result.purchases());
        assertThat(byGoal.get("Purchase").get(1).decimalValue()).isEqualByComparingTo(result.revenue());
        assertThat(result.revenue()).isPositive();
        assertThat(goals.get("meta").get("currency").asText()).isEqualTo("EUR");
        assertThat(goals.get("meta").has("revenue_not_included")).isFalse();
    }

    @Test
    void browsersDevicesAndInAppBrowsersAreRealOnes() {
        Map<String, Long> browsers = counts(query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:browser\"]}"));
        assertThat(browsers.keySet()).contains("Chrome", "Mobile Safari", "Firefox", "Edge", "Safari", "Samsung Internet",
                "Facebook");
        assertThat(browsers).doesNotContainKey("(none)");
        Map<String, Long> devices = counts(query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:device\"]}"));
        assertThat(devices.keySet()).containsExactlyInAnyOrder("desktop", "mobile", "tablet");
        JsonNode drops = outpost.get("/api/v1/drops?site=" + SITE + "&from=" + FIRST + "&to=" + LAST).json().get("drops");
        assertThat(drops.get("bot_user_agent").asLong()).isEqualTo(result.dropped()).isPositive();
    }

    @Test
    void postsHaveFetchedReadingsHandEntriesAndUnknownCounts() {
        List<String> sources = new ArrayList<>();
        for (var p : result.posts()) {
            JsonNode e = outpost.get("/api/v1/posts/" + p.id() + "/engagement").json();
            JsonNode now = e.get("engagement");
            sources.add(now.get("source").isNull() ? "none" : now.get("source").asText());
            // Never due for a real fetch: these posts do not exist on their networks.
            assertThat(now.get("next_fetch_at").isNull()).isTrue();
            if (p.network().equals("Hacker News")) {
                assertThat(now.get("shares").isNull()).as("Hacker News has no shares").isTrue();
                assertThat(now.get("comments").asLong()).isPositive();
                assertThat(e.get("snapshots").size()).as("the schedule's readings").isGreaterThan(5);
            }
        }
        assertThat(sources).contains("fetch", "manual");
    }

    @Test
    void theSameSeedGivesTheSameTrafficAndAnotherSeedOther() {
        List<String> a = small(11), b = small(11), c = small(12);
        assertThat(a).hasSizeGreaterThan(1_000);
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void refusesAPeriodInTheFuture() {
        assertThatThrownBy(() -> TrafficGenerator.generate(db, TrafficGenerator.site(db, SITE, "UTC"),
                LocalDate.now(ZoneOffset.UTC).plusDays(5), 2, 1_000, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("future");
    }

    /** Every stored event of a small run on a fresh database, without the ids that differ between databases. */
    static List<String> small(long seed) {
        try (Database fresh = Database.open(TestDatabases.freshUrl())) {
            Site site = TrafficGenerator.site(fresh, "seed.outpost.test", "Europe/Berlin");
            TrafficGenerator.generate(fresh, site, LAST, 5, 2_000, seed);
            return fresh.jdbi().withHandle(h -> h.createQuery("""
                            SELECT e.ts, e.name, e.path, e.referrer, e.channel, e.network, e.browser, e.device, e.screen_width,
                                   e.engaged_ms, e.revenue_micros, e.post_match, p.url
                            FROM events e LEFT JOIN posts p ON p.id = e.post_id ORDER BY e.ts, e.id""")
                    .map((rs, ctx) -> {
                        StringBuilder sb = new StringBuilder();
                        for (int i = 1; i <= 13; i++) sb.append(rs.getString(i)).append('|');
                        return sb.toString();
                    }).list());
        }
    }

    static JsonNode query(String fragment) {
        String body = fragment.substring(0, fragment.length() - 1) + ",\"site\":\"" + SITE + "\",\"date_range\":[\"" + FIRST
                + "\",\"" + LAST + "\"],\"limit\":1000}";
        var r = outpost.send("POST", "/api/v1/query", body, Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
                "Content-Type", "application/json"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode row(JsonNode answer, List<String> dimensions) {
        for (JsonNode r : answer.get("results")) {
            List<String> d = new ArrayList<>();
            r.get("dimensions").forEach(x -> d.add(x.asText()));
            if (d.equals(dimensions)) return r.get("metrics");
        }
        throw new AssertionError("no row " + dimensions + " in " + answer);
    }

    /** First dimension → first metric. */
    static Map<String, Long> counts(JsonNode answer) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode r : answer.get("results")) out.put(r.get("dimensions").get(0).asText(), r.get("metrics").get(0).asLong());
        return out;
    }
}
