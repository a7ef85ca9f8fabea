package dev.outpost.report.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * {@code POST /api/v1/query} against a fixed data set sent through the real beacon API, with every
 * expected figure worked out by hand below. The site's zone is Europe/Berlin (UTC+1 in November),
 * the queried range 2026-11-20..21 Berlin time unless a case says otherwise.
 *
 * <pre>
 * visit  visitor  start (UTC)       entry          source                       post       pv engaged  bounce  browser/os/device
 * V6     erin     11-18 12:00       /launch        reddit (before the post)     -          1  0        yes     Chrome/Windows/desktop
 * V1     alice    11-20 09:00       /launch        reddit, tracked link         P exact    2  30 s     no      Chrome/Windows/desktop
 * V2     bob      11-20 10:00       /launch        reddit                       P inferred 1  0        yes     Firefox/Linux/desktop
 * V3     carol    11-20 11:00       /pricing       utm newsletter/email/launch  -          1  12 s     no      Mobile Safari/iOS/mobile
 * V4     dave     11-20 12:00       /              direct                       -          1  4 s      yes     Chrome/Windows/desktop
 * V7     frank    11-20 23:30 (Berlin 11-21 00:30) /blog/post-1 direct          -          2  0        no      Chrome/Windows/desktop
 * V5     alice    11-21 08:00       /              direct                       -          1  0        yes     Chrome/Windows/desktop
 * </pre>
 * Conversions (goals purchase, signup): alice purchase 80.00 EUR in V1 (11-20 09:03); bob signup in
 * V2 (11-20 10:05); alice purchase 20.00 USD in V5 (11-21 08:05), whose touches are V1 and V5.
 * In range: 5 visitors, 6 visits, 8 pageviews, 3 bounces, 46 s engaged (7.67 s a visit),
 * 2 converting visitors.
 */
class QueryApiTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-18T12:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
            "Content-Type", "application/json");
    static final String SITE = "query.example";
    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    static String postId;

    @BeforeAll
    static void data() {
        ok(admin("/api/v1/sites", "{\"domain\":\"" + SITE + "\",\"timezone\":\"Europe/Berlin\"}"));
        ok(admin("/api/v1/goals", "{\"site\":\"" + SITE + "\",\"event\":\"purchase\"}"));
        ok(admin("/api/v1/goals", "{\"site\":\"" + SITE + "\",\"event\":\"signup\"}"));

        // V6: erin from Reddit before the post exists: no post, only the previous period.
        at("2026-11-18T12:00:00Z");
        pageview("erin00001", TestOutpost.CHROME, "/launch", "https://www.reddit.com/");
        outpost.exportEvents(SITE);

        at("2026-11-19T09:00:00Z");
        var post = admin("/api/v1/posts", "{\"site\":\"" + SITE + "\",\"url\":\"https://www.reddit.com/r/shop/comments/q1w2e3/launch/\","
                + "\"target\":\"https://" + SITE + "/launch\",\"title\":\"We launched\",\"published_at\":\"2026-11-19T08:00:00Z\"}");
        ok(post);
        postId = post.json().get("id").asText();
        String slug = post.json().get("slug").asText();

        at("2026-11-20T09:00:00Z"); // V1
        pageview("alice0001", TestOutpost.CHROME, "/launch?op_post=" + slug, "https://www.reddit.com/");
        at("2026-11-20T09:01:00Z");
        event("alice0001", TestOutpost.CHROME, "engagement", "/launch", ",\"engaged_ms\":30000");
        at("2026-11-20T09:02:00Z");
        pageview("alice0001", TestOutpost.CHROME, "/pricing", null);
        at("2026-11-20T09:03:00Z");
        event("alice0001", TestOutpost.CHROME, "purchase", "/checkout", ",\"revenue\":{\"amount\":\"80.00\",\"currency\":\"EUR\"}");
        outpost.exportEvents(SITE);

        at("2026-11-20T10:00:00Z"); // V2
        pageview("bob000001", FIREFOX, "/launch", "https://www.reddit.com/r/foo/");
        at("2026-11-20T10:05:00Z");
        event("bob000001", FIREFOX, "signup", "/launch", "");

        at("2026-11-20T11:00:00Z"); // V3
        pageview("carol0001", IPHONE, "/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=launch&utm_content=hero&utm_term=shoes", null);
        at("2026-11-20T11:01:00Z");
        event("carol0001", IPHONE, "engagement", "/pricing", ",\"engaged_ms\":12000");

        at("2026-11-20T12:00:00Z"); // V4
        pageview("dave00001", TestOutpost.CHROME, "/", null);
        at("2026-11-20T12:01:00Z");
        event("dave00001", TestOutpost.CHROME, "engagement", "/", ",\"engaged_ms\":4000");

        at("2026-11-20T23:30:00Z"); // V7: already the 21st in Berlin
        pageview("frank0001", TestOutpost.CHROME, "/blog/post-1", null);
        at("2026-11-20T23:32:00Z");
        pageview("frank0001", TestOutpost.CHROME, "/blog/post-2", null);

        at("2026-11-21T08:00:00Z"); // V5
        pageview("alice0001", TestOutpost.CHROME, "/", null);
        at("2026-11-21T08:05:00Z");
        event("alice0001", TestOutpost.CHROME, "purchase", "/checkout", ",\"revenue\":{\"amount\":\"20\",\"currency\":\"USD\"}");

        at("2026-11-21T12:00:00Z"); // "today" for the queries: the 21st in Berlin
        outpost.exportEvents(SITE);
    }

    // ------------------------------------------------------------------ every metric, dimension, filter

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            totals count every metric over the range | {"metrics":["visitors","visits","pageviews","conversions","revenue","conversion_rate","bounce_rate","visit_duration"]} | [[[],[5,6,8,3,80.00,40.00,50,8]]]
            networks split visits and credit by the default model | {"metrics":["visitors","visits","pageviews","conversions","revenue","conversion_rate","bounce_rate","visit_duration"],"dimensions":["visit:network"]} | [[["(none)"],[4,4,5,0,0.00,0.00,50,4]],[["Reddit"],[2,2,3,3,80.00,100.00,50,15]]]
            last touch gives the second purchase to the direct visit | {"metrics":["visitors","conversions","revenue","conversion_rate"],"dimensions":["visit:network"],"attribution":"last_touch"} | [[["(none)"],[4,1,0.00,25.00]],[["Reddit"],[2,2,80.00,100.00]]]
            linear splits the second purchase in halves | {"metrics":["conversions"],"dimensions":["visit:network"],"attribution":"linear","order_by":[["visit:network","asc"]]} | [[["(none)"],[0.5]],[["Reddit"],[2.5]]]
            revenue in an asked currency | {"metrics":["revenue"],"dimensions":["visit:network"],"attribution":"last_touch","currency":"USD","order_by":[["visit:network","asc"]]} | [[["(none)"],[20.00]],[["Reddit"],[0.00]]]
            channels | {"metrics":["visitors","visits"],"dimensions":["visit:channel"]} | [[["direct"],[3,3]],[["social"],[2,2]],[["email"],[1,1]]]
            sources | {"metrics":["visits"],"dimensions":["visit:source"]} | [[["(none)"],[3]],[["Reddit"],[2]],[["newsletter"],[1]]]
            posts | {"metrics":["visits","conversions"],"dimensions":["visit:post"]} | [[["(none)"],[4,0]],[["{post}"],[2,3]]]
            exact and inferred post credit stay apart | {"metrics":["visits","conversions"],"dimensions":["visit:post","visit:post_match"]} | [[["(none)","(none)"],[4,0]],[["{post}","exact"],[1,2]],[["{post}","inferred"],[1,1]]]
            utm source | {"metrics":["visits"],"dimensions":["visit:utm_source"]} | [[["(none)"],[5]],[["newsletter"],[1]]]
            utm medium | {"metrics":["visits"],"dimensions":["visit:utm_medium"]} | [[["(none)"],[5]],[["email"],[1]]]
            utm campaign | {"metrics":["visits"],"dimensions":["visit:utm_campaign"]} | [[["(none)"],[5]],[["launch"],[1]]]
            utm content | {"metrics":["visits"],"dimensions":["visit:utm_content"]} | [[["(none)"],[5]],[["hero"],[1]]]
            utm term | {"metrics":["visits"],"dimensions":["visit:utm_term"]} | [[["(none)"],[5]],[["shoes"],[1]]]
            entry pages | {"metrics":["visits","bounce_rate"],"dimensions":["visit:entry_page"]} | [[["/"],[2,100]],[["/launch"],[2,50]],[["/blog/post-1"],[1,0]],[["/pricing"],[1,0]]]
            browsers from the first event | {"metrics":["visitors"],"dimensions":["visit:browser"]} | [[["Chrome"],[3]],[["Firefox"],[1]],[["Mobile Safari"],[1]]]
            operating systems | {"metrics":["visits"],"dimensions":["visit:os"]} | [[["Windows"],[4]],[["Linux"],[1]],[["iOS"],[1]]]
            devices | {"metrics":["visits"],"dimensions":["visit:device"]} | [[["desktop"],[5]],[["mobile"],[1]]]
            pages count pageviews and the visits that saw them | {"metrics":["visitors","visits","pageviews","bounce_rate","visit_duration"],"dimensions":["event:page"]} | [[["/"],[2,2,2,100,2]],[["/launch"],[2,2,2,50,15]],[["/pricing"],[2,2,2,0,21]],[["/blog/post-1"],[1,1,1,0,0]],[["/blog/post-2"],[1,1,1,0,0]]]
            goals count converters against all visitors | {"metrics":["visitors","conversions","revenue","conversion_rate"],"dimensions":["event:goal"]} | [[["purchase"],[1,2,80.00,20.00]],[["signup"],[1,1,0.00,20.00]]]
            goals with visitors alone | {"metrics":["visitors"],"dimensions":["event:goal"]} | [[["purchase"],[1]],[["signup"],[1]]]
            goals with converting visitors alone | {"metrics":["converting_visitors"],"dimensions":["event:goal"]} | [[["purchase"],[1]],[["signup"],[1]]]
            goals with the rate alone | {"metrics":["conversion_rate"],"dimensions":["event:goal"]} | [[["purchase"],[20.00]],[["signup"],[20.00]]]
            goals with revenue alone | {"metrics":["revenue"],"dimensions":["event:goal"]} | [[["purchase"],[80.00]],[["signup"],[0.00]]]
            goals with visitors alone under a visit filter | {"metrics":["visitors"],"dimensions":["event:goal"],"filters":[["is","visit:channel",["social"]]]} | [[["purchase"],[1]],[["signup"],[1]]]
            goals with visitors alone by day | {"metrics":["visitors"],"dimensions":["event:goal","time:day"],"order_by":[["time:day","asc"]]} | [[["purchase","2026-11-20"],[1]],[["signup","2026-11-20"],[1]],[["purchase","2026-11-21"],[1]]]
            days are the site's days | {"metrics":["visitors","visits","pageviews","conversions"],"dimensions":["time:day"]} | [[["2026-11-20"],[4,4,5,2]],[["2026-11-21"],[2,2,3,1]]]
            hours are the site's hours | {"metrics":["visits"],"dimensions":["time:hour"]} | [[["2026-11-20 10:00:00"],[1]],[["2026-11-20 11:00:00"],[1]],[["2026-11-20 12:00:00"],[1]],[["2026-11-20 13:00:00"],[1]],[["2026-11-21 00:00:00"],[1]],[["2026-11-21 09:00:00"],[1]]]
            weeks start on monday | {"metrics":["visitors"],"dimensions":["time:week"]} | [[["2026-11-16"],[5]]]
            months | {"metrics":["visitors"],"dimensions":["time:month"]} | [[["2026-11-01"],[5]]]
            is | {"metrics":["visitors","visits"],"filters":[["is","visit:channel",["social"]]]} | [[[],[2,2]]]
            is with several values | {"metrics":["visits"],"filters":[["is","visit:channel",["social","email"]]]} | [[[],[3]]]
            is_not | {"metrics":["visitors","visits"],"filters":[["is_not","visit:channel",["social"]]]} | [[[],[4,4]]]
            is none | {"metrics":["visits"],"filters":[["is","visit:network",["(none)"]]]} | [[[],[4]]]
            is_not none | {"metrics":["visits"],"filters":[["is_not","visit:network",["(none)"]]]} | [[[],[2]]]
            is_not keeps visits without the value | {"metrics":["visits"],"filters":[["is_not","visit:utm_source",["newsletter"]]]} | [[[],[5]]]
            contains | {"metrics":["visits"],"filters":[["contains","visit:entry_page",["blog"]]]} | [[[],[1]]]
            contains is case sensitive | {"metrics":["visits"],"filters":[["contains","visit:entry_page",["Launch"]]]} | [[[],[0]]]
            matches | {"metrics":["visits"],"filters":[["matches","visit:entry_page",["^/[lp][a-z]+$"]]]} | [[[],[3]]]
            matches on the entry browser | {"metrics":["visitors"],"filters":[["matches","visit:browser",["Safari"]]]} | [[[],[1]]]
            is on the post | {"metrics":["visits","conversions"],"filters":[["is","visit:post",["{post}"]]]} | [[[],[2,3]]]
            is on the post match | {"metrics":["visits","conversions"],"filters":[["is","visit:post_match",["exact"]]]} | [[[],[1,2]]]
            is on the campaign | {"metrics":["visitors"],"filters":[["is","visit:utm_campaign",["launch"]]]} | [[[],[1]]]
            is on the device | {"metrics":["visitors"],"filters":[["is","visit:device",["mobile"]]]} | [[[],[1]]]
            is on the os | {"metrics":["visitors"],"filters":[["is","visit:os",["Linux"]]]} | [[[],[1]]]
            a page filter keeps visits that saw the page and counts its pageviews | {"metrics":["visitors","visits","pageviews"],"filters":[["is","event:page",["/pricing"]]]} | [[[],[2,2,2]]]
            contains on pages | {"metrics":["visits","pageviews"],"filters":[["contains","event:page",["blog"]]]} | [[[],[1,2]]]
            matches on pages | {"metrics":["visits","pageviews"],"filters":[["matches","event:page",["^/$"]]]} | [[[],[2,2]]]
            is_not on pages keeps visits with another page | {"metrics":["visits","pageviews"],"filters":[["is_not","event:page",["/launch"]]]} | [[[],[5,6]]]
            a goal filter narrows conversions only | {"metrics":["visitors","conversions","conversion_rate"],"filters":[["is","event:goal",["purchase"]]]} | [[[],[5,2,20.00]]]
            is_not on goals | {"metrics":["conversions"],"filters":[["is_not","event:goal",["purchase"]]]} | [[[],[1]]]
            filters combine with and | {"metrics":["visits"],"filters":[["is","visit:channel",["social"]],["is","event:page",["/pricing"]]]} | [[[],[1]]]
            a page filter keeps the credit of visits that saw the page | {"metrics":["visits","conversions"],"dimensions":["visit:network"],"filters":[["is","event:page",["/pricing"]]],"order_by":[["visit:network","asc"]]} | [[["(none)"],[1,0]],[["Reddit"],[1,2]]]
            contains on pages with credit | {"metrics":["visits","conversions"],"dimensions":["visit:network"],"filters":[["contains","event:page",["launch"]]]} | [[["Reddit"],[2,3]]]
            matches on pages with credit: the direct visit's purchase went to the earlier Reddit visit | {"metrics":["visits","conversions"],"filters":[["matches","event:page",["^/$"]]]} | [[[],[2,0]]]
            a filter and a dimension | {"metrics":["visits","conversions"],"dimensions":["visit:post_match"],"filters":[["contains","visit:source",["Red"]]]} | [[["exact"],[1,2]],[["inferred"],[1,1]]]
            credit reaches a visit before the range | {"metrics":["visitors","conversions"],"dimensions":["visit:network"],"date_range":["2026-11-21","2026-11-21"]} | [[["(none)"],[2,0]],[["Reddit"],[0,1]]]
            credit before the range obeys the filters | {"metrics":["conversions"],"date_range":["2026-11-21","2026-11-21"],"filters":[["is","visit:channel",["social"]]]} | [[[],[1]]]
            day is today in the site's zone | {"metrics":["visits"],"date_range":"day"} | [[[],[2]]]
            seven days end today | {"metrics":["visitors","visits"],"date_range":"7d"} | [[[],[6,7]]]
            month is this month so far | {"metrics":["visits"],"date_range":"month"} | [[[],[7]]]
            an empty range has a zero row | {"metrics":["visitors","conversions","revenue","conversion_rate","bounce_rate","visit_duration"],"date_range":["2026-10-01","2026-10-02"]} | [[[],[0,0,null,0.00,0,0]]]
            ordering by a metric ascending | {"metrics":["visitors"],"dimensions":["visit:channel"],"order_by":[["visitors","asc"]]} | [[["email"],[1]],[["social"],[2]],[["direct"],[3]]]
            ordering by a dimension descending | {"metrics":["visitors"],"dimensions":["visit:channel"],"order_by":[["visit:channel","desc"]]} | [[["social"],[2]],[["email"],[1]],[["direct"],[3]]]
            """)
    void answers(String name, String query, String expected) {
        JsonNode r = query(query);
        assertThat(shape(r.get("results"))).as(name + ": " + r).isEqualTo(parse(expected.replace("{post}", postId)));
    }

    // ------------------------------------------------------------------ meta, comparison, pagination

    @Test
    void metaSaysWhatWasCountedAndWhichCurrenciesWereLeftOut() {
        JsonNode meta = query("{\"metrics\":[\"revenue\"]}").get("meta");
        assertThat(meta.get("site").asText()).isEqualTo(SITE);
        assertThat(meta.get("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(meta.get("date_range").toString()).isEqualTo("[\"2026-11-20\",\"2026-11-21\"]");
        assertThat(meta.get("attribution").asText()).isEqualTo("last_non_direct");
        // One EUR and one USD purchase: the tie goes to the alphabetically first, the other is named.
        assertThat(meta.get("currency").asText()).isEqualTo("EUR");
        assertThat(meta.get("revenue_not_included").toString()).isEqualTo("[\"USD\"]");
        assertThat(meta.get("total_rows").asInt()).isEqualTo(1);
    }

    @Test
    void thirtyDaysIsTheDefaultRangeEndingToday() {
        JsonNode r = post("{\"site\":\"" + SITE + "\",\"metrics\":[\"visits\"]}").json();
        assertThat(r.get("meta").get("date_range").toString()).isEqualTo("[\"2026-10-23\",\"2026-11-21\"]");
        assertThat(r.get("results").get(0).get("metrics").toString()).isEqualTo("[7]");
    }

    @Test
    void comparisonGivesThePreviousPeriodAndTheChange() {
        JsonNode r = query("{\"metrics\":[\"visitors\",\"visits\",\"bounce_rate\",\"conversions\"],"
                + "\"include\":{\"comparison\":\"previous_period\"}}");
        assertThat(r.get("meta").get("comparison_date_range").toString()).isEqualTo("[\"2026-11-18\",\"2026-11-19\"]");
        JsonNode row = r.get("results").get(0);
        assertThat(row.get("metrics").toString()).isEqualTo("[5,6,50,3]");
        assertThat(row.get("comparison").get("metrics").toString()).isEqualTo("[1,1,100,0]");
        // Counts change by percent; rates by points; from nothing there is no percentage.
        assertThat(row.get("comparison").get("change").toString()).isEqualTo("[400,500,-50,null]");
    }

    @Test
    void comparisonRowsMatchByDimension() {
        JsonNode r = query("{\"metrics\":[\"visitors\"],\"dimensions\":[\"visit:channel\"],"
                + "\"include\":{\"comparison\":\"previous_period\"}}");
        assertThat(shapeWithComparison(r.get("results"))).isEqualTo(parse(
                "[[[\"direct\"],[3],[0],[null]],[[\"social\"],[2],[1],[100]],[[\"email\"],[1],[0],[null]]]"));
    }

    @Test
    void pagesAreCutAfterSortingAndCountTheRowsOfAllPages() {
        String q = "{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:entry_page\"],\"order_by\":[[\"visit:entry_page\",\"asc\"]],"
                + "\"limit\":2,\"page\":%d}";
        JsonNode second = query(q.formatted(2));
        assertThat(shape(second.get("results"))).isEqualTo(parse("[[[\"/launch\"],[2]],[[\"/pricing\"],[1]]]"));
        assertThat(second.get("meta").get("total_rows").asInt()).isEqualTo(4);
        assertThat(second.get("meta").get("page").asInt()).isEqualTo(2);
        assertThat(query(q.formatted(1)).get("results").get(0).get("dimensions").toString()).isEqualTo("[\"/\"]");
        assertThat(query(q.formatted(3)).get("results")).isEmpty();
    }

    @Test
    void rowsByPostNameTheirPostsInMetaAndKeepBareIds() {
        JsonNode r = query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:post\",\"visit:post_match\"]}");
        assertThat(shape(r.get("results"))).isEqualTo(parse(("[[[\"(none)\",\"(none)\"],[4]],[[\"{post}\",\"exact\"],[1]],"
                + "[[\"{post}\",\"inferred\"],[1]]]").replace("{post}", postId)));
        assertThat(r.get("meta").get("posts").toString())
                .isEqualTo("{\"" + postId + "\":{\"title\":\"We launched\",\"network\":\"Reddit\"}}");
        // Only the posts of the rows shown; other dimensions have no posts in meta.
        assertThat(query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:post\"],\"limit\":1}").get("meta").get("posts").toString())
                .isEqualTo("{}");
        assertThat(query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:network\"]}").get("meta").has("posts")).isFalse();
    }

    // ------------------------------------------------------------------ the answer's JSON, to the byte

    /**
     * The answer's JSON text as the query API contract has it (key order, absent and null keys,
     * number forms): pinned whole, so any change to how the answer is built or written shows here.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            totals with revenue and comparison | {"metrics":["visitors","conversions","revenue","conversion_rate","bounce_rate"],"include":{"comparison":"previous_period"}} | {"results":[{"dimensions":[],"metrics":[5,3,80.00,40.00,50],"comparison":{"dimensions":[],"metrics":[1,0,0.00,0.00,100],"change":[400,null,null,40,-50]}}],"meta":{"site":"query.example","timezone":"Europe/Berlin","date_range":["2026-11-20","2026-11-21"],"comparison_date_range":["2026-11-18","2026-11-19"],"metrics":["visitors","conversions","revenue","conversion_rate","bounce_rate"],"dimensions":[],"attribution":"last_non_direct","currency":"EUR","revenue_not_included":["USD"],"total_rows":1,"page":1,"limit":100}}
            rows by network with engagement, second page | {"metrics":["visits","comments","conversions_per_100_visits"],"dimensions":["visit:network"],"limit":1,"page":2} | {"results":[{"dimensions":["Reddit"],"metrics":[2,null,150]}],"meta":{"site":"query.example","timezone":"Europe/Berlin","date_range":["2026-11-20","2026-11-21"],"metrics":["visits","comments","conversions_per_100_visits"],"dimensions":["visit:network"],"attribution":"last_non_direct","total_rows":2,"page":2,"limit":1}}
            goals | {"metrics":["visitors","conversions","revenue"],"dimensions":["event:goal"],"currency":"USD"} | {"results":[{"dimensions":["purchase"],"metrics":[1,2,20.00]},{"dimensions":["signup"],"metrics":[1,1,0.00]}],"meta":{"site":"query.example","timezone":"Europe/Berlin","date_range":["2026-11-20","2026-11-21"],"metrics":["visitors","conversions","revenue"],"dimensions":["event:goal"],"attribution":"last_non_direct","currency":"USD","revenue_not_included":["EUR"],"total_rows":2,"page":1,"limit":100}}
            an empty range keeps a null currency | {"metrics":["revenue","visit_duration"],"date_range":["2026-10-01","2026-10-02"]} | {"results":[{"dimensions":[],"metrics":[null,0]}],"meta":{"site":"query.example","timezone":"Europe/Berlin","date_range":["2026-10-01","2026-10-02"],"metrics":["revenue","visit_duration"],"dimensions":[],"attribution":"last_non_direct","currency":null,"total_rows":1,"page":1,"limit":100}}
            posts | {"metrics":["visits"],"dimensions":["visit:post"],"order_by":[["visits","asc"]]} | {"results":[{"dimensions":["{post}"],"metrics":[2]},{"dimensions":["(none)"],"metrics":[4]}],"meta":{"site":"query.example","timezone":"Europe/Berlin","date_range":["2026-11-20","2026-11-21"],"metrics":["visits"],"dimensions":["visit:post"],"attribution":"last_non_direct","total_rows":2,"page":1,"limit":100,"posts":{"{post}":{"title":"We launched","network":"Reddit"}}}}
            days | {"metrics":["visitors","conversion_rate"],"dimensions":["time:day"]} | {"results":[{"dimensions":["2026-11-20"],"metrics":[4,50.00]},{"dimensions":["2026-11-21"],"metrics":[2,50.00]}],"meta":{"site":"query.example","timezone":"Europe/Berlin","date_range":["2026-11-20","2026-11-21"],"metrics":["visitors","conversion_rate"],"dimensions":["time:day"],"attribution":"last_non_direct","total_rows":2,"page":1,"limit":100}}
            """)
    void answerJsonIsPinned(String name, String fragment, String expected) {
        assertThat(raw(fragment)).as(name).isEqualTo(expected.replace("{post}", postId));
    }

    // ------------------------------------------------------------------ refusals

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown metric | {"site":"query.example","metrics":["visitorz"]} | metrics: unknown metric 'visitorz'
            no metrics | {"site":"query.example"} | metrics: is required
            empty metrics | {"site":"query.example","metrics":[]} | metrics: give at least one
            unknown dimension | {"site":"query.example","metrics":["visits"],"dimensions":["visit:planet"]} | dimensions: unknown dimension 'visit:planet'
            unknown filter operator | {"site":"query.example","metrics":["visits"],"filters":[["equals","visit:channel",["social"]]]} | filters[0]: unknown operator 'equals'
            unknown filter dimension | {"site":"query.example","metrics":["visits"],"filters":[["is","visit:planet",["x"]]]} | filters[0]: unknown dimension 'visit:planet'
            malformed filter | {"site":"query.example","metrics":["visits"],"filters":[["is","visit:channel","social"]]} | filters[0]: must be [operator, dimension, [values]]
            filter without values | {"site":"query.example","metrics":["visits"],"filters":[["is","visit:channel",[]]]} | filters[0]: give at least one value
            bad regex | {"site":"query.example","metrics":["visits"],"filters":[["matches","visit:source",["(unclosed"]]]} | filters[0]: invalid regular expression
            time filter | {"site":"query.example","metrics":["visits"],"filters":[["is","time:day",["2026-11-20"]]]} | filters[0]: time:day cannot be filtered
            unknown range name | {"site":"query.example","metrics":["visits"],"date_range":"fortnight"} | date_range: unknown range 'fortnight'
            malformed day | {"site":"query.example","metrics":["visits"],"date_range":["2026-11-01","2026-13-01"]} | date_range: '2026-13-01' is not a day
            reversed range | {"site":"query.example","metrics":["visits"],"date_range":["2026-11-25","2026-11-01"]} | date_range: 2026-11-25 is after 2026-11-01
            one-day list | {"site":"query.example","metrics":["visits"],"date_range":["2026-11-25"]} | date_range: must be a name
            zero days | {"site":"query.example","metrics":["visits"],"date_range":"0d"} | date_range: unknown range '0d'
            unknown attribution | {"site":"query.example","metrics":["visits"],"attribution":"magic"} | attribution: attribution model must be one of
            order by something not asked | {"site":"query.example","metrics":["visits"],"order_by":[["visitors","desc"]]} | order_by: 'visitors' is not one of the query's metrics or dimensions
            bad order direction | {"site":"query.example","metrics":["visits"],"order_by":[["visits","up"]]} | order_by: direction 'up'
            zero limit | {"site":"query.example","metrics":["visits"],"limit":0} | limit: must be between 1 and 10000
            page zero | {"site":"query.example","metrics":["visits"],"page":0} | page: must be between 1
            unknown comparison | {"site":"query.example","metrics":["visits"],"include":{"comparison":"year_over_year"}} | include.comparison: must be "previous_period"
            unknown field | {"site":"query.example","metrics":["visits"],"metric":["visits"]} | metric: unknown field
            bad currency | {"site":"query.example","metrics":["revenue"],"currency":"euro"} | currency: must be a 3-letter ISO 4217 code
            conversions by page | {"site":"query.example","metrics":["conversions"],"dimensions":["event:page"]} | metrics: conversions cannot be broken down by event:page
            bounce rate by goal | {"site":"query.example","metrics":["bounce_rate"],"dimensions":["event:goal"]} | metrics: bounce_rate cannot be broken down by event:goal
            no site | {"metrics":["visits"]} | site: is required
            not json | {"site": | body: malformed JSON
            """)
    void refusesBadQueriesNamingTheField(String name, String body, String error) {
        var r = post(body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).startsWith(error);
    }

    @Test
    void anUnknownSiteIsNotFound() {
        var r = post("{\"site\":\"nope.example\",\"metrics\":[\"visits\"]}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isEqualTo("site: no site 'nope.example'");
    }

    @Test
    void theQueryNeedsTheAdminKey() {
        var r = outpost.send("POST", "/api/v1/query", "{\"site\":\"" + SITE + "\",\"metrics\":[\"visits\"]}",
                Map.of("Content-Type", "application/json"));
        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void filterValuesAreBoundNotSpliced() {
        JsonNode r = query("{\"metrics\":[\"visits\"],\"filters\":[[\"is\",\"visit:channel\",[\"social' OR '1'='1\"]]]}");
        assertThat(r.get("results").get(0).get("metrics").toString()).isEqualTo("[0]");
    }

    // ------------------------------------------------------------------ helpers

    /** Runs a query over the default range of these tests (2026-11-20..21) unless it names one. */
    static JsonNode query(String fragment) {
        return parse(raw(fragment));
    }

    /** The body of a query over the default range of these tests, as sent. */
    static String raw(String fragment) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(fragment.replace("{post}", postId));
            body.put("site", SITE);
            if (!body.has("date_range")) body.putArray("date_range").add("2026-11-20").add("2026-11-21");
            var r = post(body.toString());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            return r.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestOutpost.Response post(String body) {
        return outpost.send("POST", "/api/v1/query", body, ADMIN);
    }

    /** results → [[dimensions, metrics], ...], the shape the tables above are written in. */
    static JsonNode shape(JsonNode results) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode r : results) out.addArray().add(r.get("dimensions")).add(r.get("metrics"));
        return parse(out.toString());
    }

    static JsonNode shapeWithComparison(JsonNode results) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode r : results) {
            out.addArray().add(r.get("dimensions")).add(r.get("metrics"))
                    .add(r.get("comparison").get("metrics")).add(r.get("comparison").get("change"));
        }
        return parse(out.toString());
    }

    /** Both sides read by the same mapper, so 80.00 and 80.0 are the same number. */
    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void at(String instant) {
        CLOCK.set(Instant.parse(instant));
    }

    static TestOutpost.Response admin(String path, String body) {
        return outpost.send("POST", path, body, ADMIN);
    }

    static void ok(TestOutpost.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
    }

    static void pageview(String vid, String ua, String path, String referrer) {
        String ref = referrer == null ? "" : ",\"referrer\":\"" + referrer + "\"";
        send(vid, ua, "{\"site\":\"" + SITE + "\",\"url\":\"https://" + SITE + path + "\",\"vid\":\"" + vid + "\"" + ref + "}");
    }

    static void event(String vid, String ua, String name, String path, String extra) {
        send(vid, ua, "{\"site\":\"" + SITE + "\",\"name\":\"" + name + "\",\"url\":\"https://" + SITE + path
                + "\",\"vid\":\"" + vid + "\"" + extra + "}");
    }

    static void send(String vid, String ua, String json) {
        Map<String, String> h = new HashMap<>();
        h.put("User-Agent", ua);
        var r = outpost.beacon(json, h);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).doesNotContain("dropped");
    }
}
