package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /sites/{domain}/export/{table}.csv}: every table as RFC 4180 CSV, for the view in the
 * query string. The site is in UTC; "now" is 2026-11-21 12:00, "7d" is 11-15..11-21.
 *
 * <pre>
 * visit  visitor  start (UTC)   entry   source                                   conversion
 * V1     ann      11-20 09:00   /a,b    utm news/email, campaign "=1+2"          purchase 29.90 EUR
 * V2     ben      11-20 10:00   /       utm news/email, campaign a,"b"           -
 * V3     cat      11-21 08:00   /       utm news/email, campaign "@sum"          -
 * V4     dan      11-21 09:00   /launch reddit, post 'Launch, "v2"' (inferred)   -
 * </pre>
 */
class CsvExportTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-19T09:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    static final String SITE = "csv.example";
    static final Seed seed = new Seed(outpost, CLOCK, SITE);
    static String postId;

    @BeforeAll
    static void data() {
        seed.site("UTC");
        seed.goal("purchase");
        postId = seed.admin("POST", "/api/v1/posts", "{\"site\":\"" + SITE + "\",\"title\":\"Launch, \\\"v2\\\"\","
                + "\"url\":\"https://www.reddit.com/r/shop/comments/z9y8x7/launch/\",\"target\":\"https://" + SITE + "/launch\","
                + "\"published_at\":\"2026-11-19T08:00:00Z\"}").json().get("id").asText();
        String utm = "utm_source=news&utm_medium=email&utm_campaign=";
        seed.at("2026-11-20T09:00:00Z");
        seed.pageview("ann000001", TestOutpost.CHROME, "/a,b?" + utm + "%3D1%2B2", null);
        seed.at("2026-11-20T09:01:00Z");
        seed.event("ann000001", TestOutpost.CHROME, "purchase", "/a,b", ",\"revenue\":{\"amount\":\"29.90\",\"currency\":\"EUR\"}");
        seed.stored();
        seed.at("2026-11-20T10:00:00Z");
        seed.pageview("ben000001", TestOutpost.CHROME, "/?" + utm + "a%2C%22b%22", null);
        seed.at("2026-11-21T08:00:00Z");
        seed.pageview("cat000001", TestOutpost.CHROME, "/?" + utm + "%40sum", null);
        seed.at("2026-11-21T09:00:00Z");
        seed.pageview("dan000001", TestOutpost.CHROME, "/launch", "https://www.reddit.com/");
        seed.stored();
        seed.at("2026-11-21T12:00:00Z");
    }

    static TestOutpost.Response csv(String table, String query) {
        return outpost.signedIn().get("/sites/" + SITE + "/export/" + table + ".csv" + query);
    }

    static String body(String table, String query) {
        TestOutpost.Response r = csv(table, query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aTableIsADownloadOfCsv() {
        TestOutpost.Response r = csv("channels", "?period=7d");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(r.raw().headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"csv.example-channels-2026-11-15-2026-11-21.csv\"");
        assertThat(r.body()).isEqualTo("""
                channel,visitors,visits,converting_visitors,conversion_rate,conversions,revenue_eur\r
                email,3,3,1,33.33,1,29.90\r
                social,1,1,0,0.00,0,0.00\r
                """);
    }

    @Test
    void textThatASpreadsheetWouldRunIsNeutralisedAndQuotesAreDoubled() {
        assertThat(body("campaigns", "?period=7d")).isEqualTo("""
                utm_campaign,visitors,visits,converting_visitors,conversion_rate,conversions,revenue_eur\r
                '=1+2,1,1,1,100.00,1,29.90\r
                '@sum,1,1,0,0.00,0,0.00\r
                "a,""b""\",1,1,0,0.00,0,0.00\r
                """);
    }

    @Test
    void fieldsWithCommasAreQuoted() {
        assertThat(body("pages", "?period=7d")).isEqualTo("""
                page,visitors,pageviews\r
                /,2,2\r
                "/a,b",1,1\r
                /launch,1,1\r
                """);
    }

    @Test
    void theExportFollowsTheViewsFiltersPeriodAndModel() {
        assertThat(body("sources", "?period=today&f=visit:channel:is:email&model=first_touch")).isEqualTo("""
                source,visitors,visits,converting_visitors,conversion_rate,conversions,revenue\r
                news,1,1,0,0.00,0,\r
                """); // no revenue that day: no currency, no amounts
    }

    @Test
    void postsKeepExactAndInferredInTheirOwnColumns() {
        assertThat(body("posts", "?period=7d")).isEqualTo(
                "post,post_id,url,published_at,network,visitors,visits,visits_exact,visits_inferred,converting_visitors,conversion_rate,conversions,"
                        + "conversions_exact,conversions_inferred,revenue_eur,comments,shares,likes,"
                        + "visits_per_100_engagements,conversions_per_100_visits\r\n"
                        + "\"Launch, \"\"v2\"\"\"," + postId + ",https://www.reddit.com/r/shop/comments/z9y8x7/launch/,"
                        + "2026-11-19T08:00:00Z,Reddit,1,1,0,1,0,0.00,0,0,0,0.00,,,,,\r\n"); // no engagement read: no ratios
    }

    @Test
    void theTimeSeriesHasEveryDayEvenWithoutVisits() {
        assertThat(body("timeseries", "?period=7d")).isEqualTo("""
                day,visitors,visits,pageviews,conversions,revenue_eur\r
                2026-11-15,0,0,0,0,0.00\r
                2026-11-16,0,0,0,0,0.00\r
                2026-11-17,0,0,0,0,0.00\r
                2026-11-18,0,0,0,0,0.00\r
                2026-11-19,0,0,0,0,0.00\r
                2026-11-20,2,2,2,1,29.90\r
                2026-11-21,2,2,2,0,0.00\r
                """);
        String today = body("timeseries", "?period=today");
        assertThat(today.split("\r\n")).hasSize(25).startsWith("hour,visitors,visits,pageviews,conversions,revenue")
                .contains("2026-11-21 08:00:00,1,1,1,0,", "2026-11-21 00:00:00,0,0,0,0,");
    }

    @Test
    void everyTableOfThePageCanBeExported() {
        Document d = Seed.page(outpost, "/sites/" + SITE + "?period=7d", 200);
        var links = d.select("a.csv").eachAttr("href");
        assertThat(links).hasSize(Sheets.KEYS.size());
        for (String href : links) {
            var r = outpost.signedIn().get(href);
            assertThat(r.status()).as(href).isEqualTo(200);
            assertThat(r.body()).as(href).contains("\r\n");
        }
    }

    @Test
    void anUnknownTableIsA404AndABadParameterA400() {
        var r = csv("planets", "");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("table: no table 'planets'; known are outposts, posts");
        var bad = csv("channels", "?period=fortnight");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("period: unknown period");
        assertThat(outpost.signedIn().get("/sites/nope.example/export/channels.csv").status()).isEqualTo(404);
    }
}
