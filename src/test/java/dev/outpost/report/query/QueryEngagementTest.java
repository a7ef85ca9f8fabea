package dev.outpost.report.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The post metrics of {@code POST /api/v1/query} (comments, shares, likes, engagements and the two ratios) against
 * data sent through the real API, every figure worked out by hand. The site is in UTC; the range is 2026-11-19..21.
 *
 * <pre>
 * post  network      target  latest reading (comments/shares/likes)     visits in range
 * P1    Reddit       /a      20 / 4 / 150 (an older 10 / 2 / 100)      V1 alice tracked link (exact), V3 carol (inferred)
 * P2    Reddit       /b      5 / - / -                                  V2 bob (inferred)
 * P3    Hacker News  /c      30 / - / 200                               V4 dave (inferred)
 * P4    X            /d      no reading                                 V6 frank, t.co (inferred)
 * P5    Mastodon     /e      1 / 1 / 1                                  none
 *                                                                       V5 erin direct, no post
 * </pre>
 * Signups (goal "signup"): alice in V1, dave in V4. Engagements = comments + shares:
 * P1 24, P2 5, P3 30; Reddit 29; the site 20+5+30+1 comments, 4+1 shares = 61.
 */
class QueryEngagementTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-19T07:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
            "Content-Type", "application/json");
    static final String SITE = "engagement-query.example";
    static final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    static void data() {
        ok(send("POST", "/api/v1/sites", "{\"domain\":\"" + SITE + "\",\"timezone\":\"UTC\"}"));
        ok(send("POST", "/api/v1/goals", "{\"site\":\"" + SITE + "\",\"event\":\"signup\"}"));
        post("P1", "https://www.reddit.com/r/shop/comments/p1p1p1/launch/", "/a");
        post("P2", "https://www.reddit.com/r/shop/comments/p2p2p2/more/", "/b");
        post("P3", "https://news.ycombinator.com/item?id=4242", "/c");
        post("P4", "https://x.com/shop/status/4444", "/d");
        post("P5", "https://mastodon.social/@shop/5555", "/e");

        at("2026-11-19T12:00:00Z");
        counts("P1", "{\"comments\":10,\"shares\":2,\"likes\":100}");
        at("2026-11-20T12:00:00Z");
        counts("P1", "{\"comments\":20,\"shares\":4,\"likes\":150}");
        counts("P2", "{\"comments\":5}");
        counts("P3", "{\"comments\":30,\"likes\":200}");
        counts("P5", "{\"comments\":1,\"shares\":1,\"likes\":1}");

        String slug = outpost.get("/api/v1/posts/" + ids.get("P1")).json().get("slug").asText();
        at("2026-11-20T09:00:00Z");
        pageview("alice0001", "/a?op_post=" + slug, "https://www.reddit.com/");
        at("2026-11-20T09:01:00Z");
        event("alice0001", "signup", "/a");
        at("2026-11-20T10:00:00Z");
        pageview("bob0000001", "/b", "https://www.reddit.com/");
        at("2026-11-20T11:00:00Z");
        pageview("carol0001", "/a", "https://www.reddit.com/");
        at("2026-11-20T13:00:00Z");
        pageview("dave0000001", "/c", "https://news.ycombinator.com/");
        at("2026-11-20T13:02:00Z");
        event("dave0000001", "signup", "/c");
        at("2026-11-20T14:00:00Z");
        pageview("erin0000001", "/", null);
        at("2026-11-20T15:00:00Z");
        pageview("frank0001", "/d", "https://t.co/abc123");

        at("2026-11-21T12:00:00Z");
        outpost.exportEvents(SITE);
    }

    static final String ALL = "\"visits\",\"comments\",\"shares\",\"likes\",\"engagements\",\"visits_per_100_engagements\","
            + "\"conversions\",\"conversions_per_100_visits\"";

    @Test
    void postsShowTheirLatestReadingNextToTheirVisitsAndTheRatios() {
        JsonNode rows = byKey(query("{\"metrics\":[" + ALL + "],\"dimensions\":[\"visit:post\"]}"));
        assertThat(rows.get(ids.get("P1")).toString()).isEqualTo("[2,20,4,150,24,8.33,1,50]");
        // Unknown counts are null, not 0; engagements are the comments alone when shares are unknown.
        assertThat(rows.get(ids.get("P2")).toString()).isEqualTo("[1,5,null,null,5,20,0,0]");
        assertThat(rows.get(ids.get("P3")).toString()).isEqualTo("[1,30,null,200,30,3.33,1,100]");
        assertThat(rows.get(ids.get("P4")).toString()).isEqualTo("[1,null,null,null,null,null,0,0]");
        assertThat(rows.get("(none)").toString()).isEqualTo("[1,null,null,null,null,null,0,0]");
        assertThat(rows.size()).as("a post without visits in the range has no row").isEqualTo(5);
    }

    @Test
    void networksAddUpTheirPostsCounts() {
        JsonNode rows = byKey(query("{\"metrics\":[" + ALL + "],\"dimensions\":[\"visit:network\"]}"));
        assertThat(rows.get("Reddit").toString()).isEqualTo("[3,25,4,150,29,10.34,1,33.33]");
        assertThat(rows.get("Hacker News").toString()).isEqualTo("[1,30,null,200,30,3.33,1,100]");
        assertThat(rows.get("X").toString()).isEqualTo("[1,null,null,null,null,null,0,0]");
        assertThat(rows.get("(none)").toString()).isEqualTo("[1,null,null,null,null,null,0,0]");
        assertThat(rows.size()).isEqualTo(4);
    }

    @Test
    void withoutDimensionsTheSiteTotalCountsEveryPost() {
        JsonNode r = query("{\"metrics\":[" + ALL + "]}");
        assertThat(r.get("results").get(0).get("metrics").toString()).isEqualTo("[6,56,5,351,61,9.84,2,33.33]");
        assertThat(r.get("meta").get("metrics").toString()).isEqualTo("[" + ALL + "]");
    }

    @Test
    void askingOnlyForEngagementShowsOnlyIt() {
        JsonNode r = query("{\"metrics\":[\"likes\"]}");
        assertThat(r.get("results").get(0).get("metrics").toString()).isEqualTo("[351]");
        assertThat(r.get("meta").get("metrics").toString()).isEqualTo("[\"likes\"]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a network filter sums that network's posts | {"metrics":["visits","comments","shares","likes","engagements"],"filters":[["is","visit:network",["Reddit"]]]} | [3,25,4,150,29]
            a post filter keeps that post              | {"metrics":["visits","comments","visits_per_100_engagements"],"filters":[["is","visit:post",["{P3}"]]]} | [1,30,3.33]
            other filters narrow visits, not posts     | {"metrics":["visits","engagements","visits_per_100_engagements"],"filters":[["is","visit:post_match",["exact"]]]} | [1,61,1.64]
            """)
    void filtersOnPostsAndNetworksNarrowThePostsCounted(String name, String query, String expected) {
        JsonNode r = query(query.replace("{P3}", ids.get("P3")));
        assertThat(r.get("results").get(0).get("metrics").toString()).as(name).isEqualTo(expected);
    }

    @Test
    void conversionsPer100VisitsWorksWithAnyVisitDimension() {
        JsonNode rows = byKey(query("{\"metrics\":[\"visits\",\"conversions_per_100_visits\"],\"dimensions\":[\"visit:channel\"]}"));
        assertThat(rows.get("social").toString()).isEqualTo("[5,40]");
        assertThat(rows.get("direct").toString()).isEqualTo("[1,0]");
    }

    @Test
    void postsSortByTheirCountsWithUnknownLast() {
        JsonNode r = query("{\"metrics\":[\"comments\"],\"dimensions\":[\"visit:post\"],\"order_by\":[[\"comments\",\"desc\"]]}");
        StringBuilder order = new StringBuilder();
        for (JsonNode row : r.get("results")) order.append(row.get("metrics").get(0)).append(' ');
        assertThat(order.toString().strip()).isEqualTo("30 20 5 null null");
    }

    @Test
    void thePreviousPeriodHasNoEngagementOfItsOwn() {
        JsonNode r = query("{\"metrics\":[\"visits\",\"comments\",\"conversions_per_100_visits\"],\"dimensions\":[\"visit:network\"],"
                + "\"date_range\":[\"2026-11-20\",\"2026-11-20\"],\"include\":{\"comparison\":\"previous_period\"}}");
        for (JsonNode row : r.get("results")) {
            if (!row.get("dimensions").get(0).asText().equals("Reddit")) continue;
            assertThat(row.get("metrics").toString()).isEqualTo("[3,25,33.33]");
            assertThat(row.get("comparison").get("metrics").toString()).isEqualTo("[0,null,null]");
            assertThat(row.get("comparison").get("change").toString()).isEqualTo("[null,null,null]");
            return;
        }
        throw new AssertionError("no Reddit row: " + r);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            engagement by day      | {"metrics":["comments"],"dimensions":["time:day"]} | metrics: comments needs the dimension visit:post or visit:network, or none (engagement is a property of posts, not of time:day)
            engagement by channel  | {"metrics":["visits","engagements"],"dimensions":["visit:network","visit:channel"]} | metrics: engagements needs the dimension visit:post or visit:network, or none (engagement is a property of posts, not of visit:channel)
            ratio by page          | {"metrics":["visits_per_100_engagements"],"dimensions":["event:page"]} | metrics: visits_per_100_engagements needs the dimension visit:post or visit:network, or none
            conversion ratio by page | {"metrics":["conversions_per_100_visits"],"dimensions":["event:page"]} | metrics: conversions_per_100_visits cannot be broken down by event:page
            conversion ratio by goal | {"metrics":["conversions_per_100_visits"],"dimensions":["event:goal"]} | metrics: conversions_per_100_visits cannot be broken down by event:goal
            asked twice            | {"metrics":["likes","likes"]} | metrics: 'likes' is asked twice
            unknown metric lists them all | {"metrics":["reposts"]} | metrics: unknown metric 'reposts'; known are visitors, visits, pageviews, conversions, revenue, conversion_rate, bounce_rate, visit_duration, converting_visitors, comments, shares, likes, engagements, visits_per_100_engagements, conversions_per_100_visits
            order by one not asked | {"metrics":["comments"],"order_by":[["likes","desc"]]} | order_by: 'likes' is not one of the query's metrics or dimensions
            """)
    void refusesPostMetricsWhereTheyMeanNothing(String name, String body, String error) {
        ObjectNode b = (ObjectNode) parse(body);
        b.put("site", SITE);
        var r = send("POST", "/api/v1/query", b.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).startsWith(error);
    }

    // ------------------------------------------------------------------ helpers

    static JsonNode query(String fragment) {
        ObjectNode body = (ObjectNode) parse(fragment);
        body.put("site", SITE);
        if (!body.has("date_range")) body.putArray("date_range").add("2026-11-19").add("2026-11-21");
        var r = send("POST", "/api/v1/query", body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The first dimension of each row → its metrics. */
    static JsonNode byKey(JsonNode answer) {
        ObjectNode out = JSON.createObjectNode();
        for (JsonNode r : answer.get("results")) out.set(r.get("dimensions").get(0).asText(), r.get("metrics"));
        return out;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void post(String name, String url, String target) {
        var r = send("POST", "/api/v1/posts", "{\"site\":\"" + SITE + "\",\"url\":\"" + url + "\",\"target\":\"https://" + SITE
                + target + "\",\"published_at\":\"2026-11-19T08:00:00Z\"}");
        ok(r);
        ids.put(name, r.json().get("id").asText());
    }

    static void counts(String post, String body) {
        ok(send("PUT", "/api/v1/posts/" + ids.get(post) + "/engagement", body));
    }

    static TestOutpost.Response send(String method, String path, String body) {
        return outpost.send(method, path, body, ADMIN);
    }

    static void ok(TestOutpost.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
    }

    static void at(String instant) {
        CLOCK.set(Instant.parse(instant));
    }

    static void pageview(String vid, String path, String referrer) {
        String ref = referrer == null ? "" : ",\"referrer\":\"" + referrer + "\"";
        beacon("{\"site\":\"" + SITE + "\",\"url\":\"https://" + SITE + path + "\",\"vid\":\"" + vid + "\"" + ref + "}");
    }

    static void event(String vid, String name, String path) {
        beacon("{\"site\":\"" + SITE + "\",\"name\":\"" + name + "\",\"url\":\"https://" + SITE + path + "\",\"vid\":\"" + vid + "\"}");
    }

    static void beacon(String json) {
        var r = outpost.beacon(json);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).doesNotContain("dropped");
    }
}
