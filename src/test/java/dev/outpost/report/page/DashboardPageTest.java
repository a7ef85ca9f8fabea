package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dashboard over real HTTP on a fixed data set sent through the beacon endpoint. The site's zone
 * is Europe/Berlin (UTC+1); "now" is 2026-11-21 12:00 UTC, so "7d" is 11-15..11-21 and the period
 * before it 11-08..11-14.
 *
 * <pre>
 * visit  visitor  start (UTC)   entry     source                        post        pv  engaged  bounce  device
 * E      erin     11-10 12:00   /         direct                        -           1   0        yes     desktop   (before)
 * F      frank    11-12 12:00   /blog     google (search)               -           1   0        yes     desktop   (before)
 * V1     alice    11-20 09:00   /launch   reddit, tracked link          P exact     2   30 s     no      desktop
 * V2     bob      11-20 10:00   /launch   reddit                        P inferred  1   0        yes     desktop (Firefox)
 * V3     carol    11-20 11:00   /pricing  utm newsletter/email/launch   -           1   12 s     no      mobile
 * V4     dave     11-21 08:00   /         direct                        -           1   4 s      yes     desktop
 * V5     gina     11-21 11:45   /         direct                        -           1   0        yes     desktop   (realtime)
 * </pre>
 * alice buys for 80.00 EUR in V1. Over 7d: 5 visitors, 5 visits, 6 pageviews, 3 bounces (60%), 46 s
 * engaged (9 s a visit), 1 conversion (20%), €80.00. Before: 2, 2, 2, 100%, 0 s, 0, 0%, €0.00.
 * Post P has 12 comments, 3 shares and 40 likes entered by hand.
 */
class DashboardPageTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-10T12:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    static final String SITE = "dash.example";
    static final String EMPTY_SITE = "empty.example";
    static final Seed seed = new Seed(outpost, CLOCK, SITE);
    static String postId;

    @BeforeAll
    static void data() {
        seed.site("Europe/Berlin");
        seed.goal("purchase");
        new Seed(outpost, CLOCK, EMPTY_SITE).site("UTC");

        seed.at("2026-11-10T12:00:00Z");
        seed.pageview("erin00001", TestOutpost.CHROME, "/", null);
        seed.at("2026-11-12T12:00:00Z");
        seed.pageview("frank0001", TestOutpost.CHROME, "/blog", "https://www.google.com/");
        seed.stored();

        seed.at("2026-11-19T09:00:00Z");
        var post = seed.admin("POST", "/api/v1/posts", "{\"site\":\"" + SITE + "\",\"title\":\"Launch thread\","
                + "\"url\":\"https://www.reddit.com/r/shop/comments/q1w2e3/launch/\",\"target\":\"https://" + SITE + "/launch\","
                + "\"published_at\":\"2026-11-19T08:00:00Z\"}").json();
        postId = post.get("id").asText();
        seed.admin("PUT", "/api/v1/posts/" + postId + "/engagement", "{\"comments\":12,\"shares\":3,\"likes\":40}");

        seed.at("2026-11-20T09:00:00Z"); // V1
        seed.pageview("alice0001", TestOutpost.CHROME, "/launch?op_post=" + post.get("slug").asText(), "https://www.reddit.com/");
        seed.at("2026-11-20T09:01:00Z");
        seed.event("alice0001", TestOutpost.CHROME, "engagement", "/launch", ",\"engaged_ms\":30000");
        seed.at("2026-11-20T09:02:00Z");
        seed.pageview("alice0001", TestOutpost.CHROME, "/pricing", null);
        seed.at("2026-11-20T09:03:00Z");
        seed.event("alice0001", TestOutpost.CHROME, "purchase", "/checkout", ",\"revenue\":{\"amount\":\"80.00\",\"currency\":\"EUR\"}");
        seed.stored();

        seed.at("2026-11-20T10:00:00Z"); // V2
        seed.pageview("bob000001", Seed.FIREFOX, "/launch", "https://www.reddit.com/r/foo/");
        seed.at("2026-11-20T11:00:00Z"); // V3
        seed.pageview("carol0001", Seed.IPHONE, "/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=launch", null);
        seed.at("2026-11-20T11:01:00Z");
        seed.event("carol0001", Seed.IPHONE, "engagement", "/pricing", ",\"engaged_ms\":12000");
        seed.at("2026-11-21T08:00:00Z"); // V4
        seed.pageview("dave00001", TestOutpost.CHROME, "/", null);
        seed.at("2026-11-21T08:01:00Z");
        seed.event("dave00001", TestOutpost.CHROME, "engagement", "/", ",\"engaged_ms\":4000");
        seed.at("2026-11-21T11:45:00Z"); // V5
        seed.pageview("gina00001", TestOutpost.CHROME, "/", null);
        seed.stored();
        seed.at("2026-11-21T12:00:00Z");
    }

    static Document dashboard(String query) {
        return Seed.page(outpost, "/sites/" + SITE + query, 200);
    }

    // ---------------------------------------------------------------- totals and change

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            visitors        | 5       | ▲ 150%  | up good
            visits          | 5       | ▲ 150%  | up good
            pageviews       | 6       | ▲ 200%  | up good
            bounce_rate     | 60%     | ▼ 40 pts | down good
            visit_duration  | 9s      | new     | new
            conversions     | 1       | new     | new
            conversion_rate | 20%     | ▲ 20 pts | up good
            revenue         | €80.00  | new     | new
            """)
    void totalsAndTheirChangeAgainstThePreviousPeriod(String metric, String value, String change, String css) {
        Element total = dashboard("?period=7d").getElementById("total-" + metric);
        assertThat(total).isNotNull();
        assertThat(total.selectFirst(".value").text()).isEqualTo(value);
        Element c = total.selectFirst(".change");
        assertThat(c.text()).isEqualTo(change);
        assertThat(c.classNames()).containsAll(List.of(css.split(" ")));
    }

    @Test
    void withoutVisitsBeforeEveryFigureIsNewAndWithoutAnyThereIsNoChange() {
        Document firstDay = dashboard("?period=custom&from=2026-11-10&to=2026-11-10"); // erin only; nobody on the 9th
        // eachText leaves out the empty ones: visitors, visits, pageviews and bounce rate are new.
        assertThat(firstDay.select(".total .change").eachText()).containsExactly("new", "new", "new", "new");
        assertThat(firstDay.selectFirst("#total-bounce_rate .change").text()).isEqualTo("new");
        assertThat(firstDay.selectFirst("#total-visitors .change").text()).isEqualTo("new");
        assertThat(firstDay.selectFirst("#total-conversions .change").text()).isEqualTo(""); // 0, and 0 before
        assertThat(dashboard("?period=last_month").select(".total .change").eachText()).isEmpty();
    }

    @Test
    void previousFiguresAreInTheChangesTooltip() {
        Document d = dashboard("?period=7d");
        assertThat(d.selectFirst("#total-visitors .change").attr("title")).isEqualTo("Previous period: 2");
        assertThat(d.selectFirst("#total-bounce_rate .change").attr("title")).isEqualTo("Previous period: 100%");
    }

    @Test
    void periodsAreTheSitesDays() {
        // Today in Berlin holds dave and gina; yesterday alice, bob and carol; 30 days everyone.
        assertThat(dashboard("?period=today").selectFirst("#total-visitors .value").text()).isEqualTo("2");
        assertThat(dashboard("?period=yesterday").selectFirst("#total-visitors .value").text()).isEqualTo("3");
        assertThat(dashboard("").selectFirst("#total-visitors .value").text()).isEqualTo("7");
        assertThat(dashboard("?period=month").selectFirst("#total-visitors .value").text()).isEqualTo("7");
        assertThat(dashboard("?period=last_month").selectFirst("#total-visitors .value").text()).isEqualTo("0");
        assertThat(dashboard("?period=custom&from=2026-11-10&to=2026-11-12").selectFirst("#total-visitors .value").text())
                .isEqualTo("2");
        assertThat(dashboard("?period=7d").selectFirst(".range-label").text()).isEqualTo("15 Nov – 21 Nov 2026 (Europe/Berlin)");
        assertThat(dashboard("?period=today").selectFirst(".range-label").text()).isEqualTo("Sat, 21 Nov 2026 (Europe/Berlin)");
    }

    @Test
    void periodPickerLinksKeepTheFiltersAndMarkTheCurrentPeriod() {
        Document d = dashboard("?period=7d&f=visit:channel:is:social");
        Elements links = d.select(".periods a");
        assertThat(links.eachText()).containsExactly("Today", "Yesterday", "7 days", "30 days", "90 days", "This month", "Last month");
        assertThat(d.selectFirst(".periods a.active").text()).isEqualTo("7 days");
        assertThat(links.get(0).attr("href")).isEqualTo("/sites/dash.example?period=today&f=visit%3Achannel%3Ais%3Asocial");
        // 30 days is the default: its link leaves the period out.
        assertThat(links.get(3).attr("href")).isEqualTo("/sites/dash.example?f=visit%3Achannel%3Ais%3Asocial");
        // The custom range form carries the filter and starts from the shown days.
        Element range = d.selectFirst("form.range");
        assertThat(range.attr("action")).isEqualTo("/sites/dash.example");
        assertThat(range.selectFirst("input[name=from]").val()).isEqualTo("2026-11-15");
        assertThat(range.selectFirst("input[name=to]").val()).isEqualTo("2026-11-21");
        assertThat(range.select("input[type=hidden]").eachAttr("value")).containsExactly("custom", "visit:channel:is:social");
    }

    @Test
    void theAttributionModelPickerShowsTheModelInUse() {
        Document d = dashboard("?period=7d&model=first_touch");
        Element select = d.selectFirst("form.model select[name=model]");
        assertThat(select.select("option").eachAttr("value")).containsExactly("first_touch", "last_touch", "last_non_direct",
                "linear", "position_based", "time_decay");
        assertThat(select.selectFirst("option[selected]").val()).isEqualTo("first_touch");
        assertThat(d.select("form.model input[type=hidden]").eachAttr("value")).containsExactly("7d");
        // Links elsewhere keep the model.
        assertThat(d.selectFirst(".periods a").attr("href")).isEqualTo("/sites/dash.example?period=today&model=first_touch");
    }

    @Test
    void realtimeCountsTheLastHalfHour() {
        assertThat(dashboard("").selectFirst(".realtime [data-live-count]").text()).isEqualTo("1 visitor");
        assertThat(dashboard("").selectFirst(".realtime").attr("data-live-url")).isEqualTo("/sites/dash.example/live.json");
    }

    // ---------------------------------------------------------------- chart

    @Test
    void theChartHasADotPerDayOrPerHourForOneDay() {
        Document week = dashboard("?period=7d");
        Elements dots = week.select("svg.chart g[data-series=visitors] circle.dot");
        assertThat(dots).hasSize(7);
        assertThat(dots.get(5).selectFirst("title").text()).isEqualTo("Fri 20 Nov: 3 visitors (previous period: 0)");
        assertThat(dots.get(6).selectFirst("title").text()).isEqualTo("Sat 21 Nov: 2 visitors (previous period: 0)");
        assertThat(dots.get(0).selectFirst("title").text()).isEqualTo("Sun 15 Nov: 0 visitors (previous period: 0)");
        assertThat(dashboard("?from=2026-11-20&to=2026-11-21").select("svg.chart g[data-series=visitors] circle.dot")).hasSize(38); // hours up to 3 days; those still to come (after 13:00 Berlin) not drawn
        Elements hours = dashboard("?period=today").select("svg.chart g[data-series=visitors] circle.dot");
        assertThat(hours).as("today's hours up to now, none still to come drawn as 0").hasSize(14);
        // dave at 09:00 and gina at 12:45 Berlin time.
        assertThat(hours.get(9).selectFirst("title").text()).startsWith("21 Nov 09:00: 1 visitor ");
        assertThat(hours.get(12).selectFirst("title").text()).startsWith("21 Nov 12:00: 1 visitor ");
    }

    // ---------------------------------------------------------------- tables

    @Test
    void outpostsShowNetworksWithTheirPostsEngagement() {
        Element t = dashboard("?period=7d").getElementById("outposts");
        assertThat(t.select("thead th").eachText()).containsExactly("Outpost", "Visitors", "Converted", "Conv. rate",
                "Conversions", "Revenue", "Comments", "Shares", "Likes", "Visits / 100 eng.");
        assertThat(rows(t)).containsExactly(List.of("Reddit", "2", "1", "50%", "1", "€80.00", "12", "3", "40", "13.3"));
        assertThat(t.selectFirst("td.muted").text()).isEqualTo("40"); // likes are shown, but quietly
        // Shortened headings are spelled out under the table, where a phone (no tooltips) shows them too.
        assertThat(t.select("dl.legend dt").eachText()).containsExactly("Visits / 100 eng.");
        assertThat(t.selectFirst("dl.legend dd").text()).isEqualTo("Visits for every 100 comments and shares on the network (likes left out)");
        assertThat(t.select("thead th").eachAttr("title")).contains("Converted visitors out of visitors (never above 100%)");
    }

    @Test
    void postsKeepExactAndInferredApart() {
        Element t = dashboard("?period=7d").getElementById("posts");
        assertThat(t.select("thead th").eachText()).startsWith("Post", "Network", "Visitors", "Visits", "Converted", "Conv. rate",
                "Conversions", "Revenue");
        Element row = t.selectFirst("tbody tr");
        assertThat(row.selectFirst("th a.filter").text()).isEqualTo("Launch thread");
        assertThat(row.selectFirst("th a.details").attr("href")).isEqualTo("/sites/dash.example/posts/" + postId);
        List<String> cells = row.select("td").eachText();
        assertThat(cells.subList(0, 7)).containsExactly("Reddit", "2", "2 1 exact · 1 inferred", "1", "50%",
                "1 1 exact · 0 inferred", "€80.00");
        assertThat(cells.subList(7, 11)).containsExactly("12", "3", "40", "13.3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            channels    | Direct:2:0:0%:0:€0.00 ; Social:2:1:50%:1:€80.00 ; Email:1:0:0%:0:€0.00
            sources     | (none):2:0:0%:0:€0.00 ; Reddit:2:1:50%:1:€80.00 ; newsletter:1:0:0%:0:€0.00
            campaigns   | launch:1:0:0%:0:€0.00
            pages       | /:2:2 ; /launch:2:2 ; /pricing:2:2
            entry_pages | /:2:100%:2s:0:0%:0 ; /launch:2:50%:15s:1:50%:1 ; /pricing:1:0%:12s:0:0%:0
            goals       | purchase:1:20%:1:€80.00
            browsers    | Chrome:3:33.3% ; Firefox:1:0% ; Mobile Safari:1:0%
            os          | Windows:3:33.3% ; Linux:1:0% ; iOS:1:0%
            devices     | desktop:4:25% ; mobile:1:0%
            """)
    void everyTableHasItsRows(String table, String expected) {
        Element t = dashboard("?period=7d").getElementById(table);
        List<List<String>> want = new java.util.ArrayList<>();
        for (String row : expected.split(";")) want.add(List.of(row.strip().split(":")));
        assertThat(rows(t)).isEqualTo(want);
    }

    @Test
    void everyRowLinksToThePageFilteredByIt() {
        Document d = dashboard("?period=7d");
        assertThat(d.selectFirst("#outposts tbody tr").attr("data-href"))
                .isEqualTo("/sites/dash.example?period=7d&f=visit%3Anetwork%3Ais%3AReddit");
        assertThat(d.selectFirst("#outposts tbody th a.filter").attr("href"))
                .isEqualTo("/sites/dash.example?period=7d&f=visit%3Anetwork%3Ais%3AReddit");
        assertThat(d.selectFirst("#pages tbody th a").attr("href")).isEqualTo("/sites/dash.example?period=7d&f=event%3Apage%3Ais%3A%2F");
        assertThat(d.selectFirst("#posts tbody th a.filter").attr("href"))
                .isEqualTo("/sites/dash.example?period=7d&f=visit%3Apost%3Ais%3A" + postId);
        assertThat(d.selectFirst("#goals tbody th a").attr("href")).isEqualTo("/sites/dash.example?period=7d&f=event%3Agoal%3Ais%3Apurchase");
        assertThat(d.selectFirst("#sources tbody th a").attr("href")).isEqualTo("/sites/dash.example?period=7d&f=visit%3Asource%3Ais%3A%28none%29");
    }

    @Test
    void aFilterNarrowsTheWholePageAndShowsAsARemovableChip() {
        Document d = dashboard("?period=7d&f=visit:network:is:Reddit&f=visit:device:is:desktop");
        assertThat(d.selectFirst("#total-visitors .value").text()).isEqualTo("2");
        assertThat(d.selectFirst("#total-conversions .value").text()).isEqualTo("1");
        assertThat(rows(d.getElementById("channels"))).containsExactly(List.of("Social", "2", "1", "50%", "1", "€80.00"));
        Elements chips = d.select(".chips .chip");
        assertThat(chips.eachText()).containsExactly("Outpost is Reddit ×", "Device is desktop ×");
        assertThat(chips.get(0).selectFirst("a").attr("href")).isEqualTo("/sites/dash.example?period=7d&f=visit%3Adevice%3Ais%3Adesktop");
        assertThat(chips.get(1).selectFirst("a").attr("href")).isEqualTo("/sites/dash.example?period=7d&f=visit%3Anetwork%3Ais%3AReddit");
        assertThat(d.selectFirst(".chips a.clear").attr("href")).isEqualTo("/sites/dash.example?period=7d");
        // A row of a filtered table adds its filter to the ones there are.
        assertThat(d.selectFirst("#browsers tbody tr").attr("data-href")).isEqualTo("/sites/dash.example?period=7d"
                + "&f=visit%3Anetwork%3Ais%3AReddit&f=visit%3Adevice%3Ais%3Adesktop&f=visit%3Abrowser%3Ais%3AChrome");
        // The CSV links export the same view.
        assertThat(d.selectFirst("#channels a.csv").attr("href")).isEqualTo("/sites/dash.example/export/channels.csv"
                + "?period=7d&f=visit%3Anetwork%3Ais%3AReddit&f=visit%3Adevice%3Ais%3Adesktop");
    }

    @Test
    void aPostFilterChipNamesThePost() {
        Document d = dashboard("?period=7d&f=visit:post:is:" + postId);
        assertThat(d.select(".chips .chip").eachText()).containsExactly("Post is Launch thread ×");
        assertThat(d.selectFirst("#total-visits .value").text()).isEqualTo("2");
    }

    @Test
    void otherOperatorsWorkFromTheUrl() {
        assertThat(dashboard("?period=7d&f=event:page:contains:launch").selectFirst("#total-visitors .value").text()).isEqualTo("2");
        assertThat(dashboard("?period=7d&f=visit:channel:is_not:direct").selectFirst("#total-visitors .value").text()).isEqualTo("3");
        assertThat(dashboard("?period=7d&f=" + java.net.URLEncoder.encode("visit:entry_page:matches:^/(launch|pricing)$",
                java.nio.charset.StandardCharsets.UTF_8)).selectFirst("#total-visitors .value").text())
                .isEqualTo("3");
        assertThat(dashboard("?period=7d&f=visit:network:is:(none)").select(".chips .chip").eachText())
                .containsExactly("Outpost is (none) ×");
    }

    @Test
    void modelChangesTheCredit() {
        // One conversion, one touch: every model gives V1 all of it.
        assertThat(dashboard("?period=7d&model=linear").selectFirst("#total-conversions .value").text()).isEqualTo("1");
    }

    // ---------------------------------------------------------------- empty states

    @Test
    void aSiteWithoutPageviewsSaysWhatToDo() {
        Document d = Seed.page(outpost, "/sites/" + EMPTY_SITE, 200);
        assertThat(d.selectFirst(".notice.waiting").text()).contains("No pageviews yet").contains("setup page");
        assertThat(d.selectFirst(".notice.waiting a").attr("href")).isEqualTo("/sites/empty.example/setup");
        assertThat(d.selectFirst("#total-visitors .value").text()).isEqualTo("0");
        assertThat(d.selectFirst("#total-revenue .value").text()).isEqualTo("—");
        assertThat(d.selectFirst("#posts .empty").text()).startsWith("No posts yet.");
        assertThat(d.selectFirst("#outposts .empty").text()).contains("tracked links");
        assertThat(d.selectFirst("#campaigns .empty").text()).contains("utm_campaign");
        assertThat(d.selectFirst("#goals .empty").text()).isEqualTo("No conversions in this period.");
        assertThat(d.select("svg.chart g[data-series=visitors] circle.dot")).hasSize(30);
    }

    @Test
    void aSiteWithDataHasNoWaitingNotice() {
        assertThat(dashboard("").select(".notice.waiting")).isEmpty();
    }

    // ---------------------------------------------------------------- refusals

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown period        | ?period=fortnight                               | period: unknown period 'fortnight'; use today, yesterday, 7d, 30d, 90d, month, last_month, custom
            custom without from   | ?period=custom&to=2026-11-20                    | from: is required for a custom period, as a day like 2026-11-25
            malformed day         | ?period=custom&from=2026-13-01&to=2026-11-20    | from: '2026-13-01' is not a day like 2026-11-25
            reversed days         | ?from=2026-11-20&to=2026-11-01                  | to: 2026-11-01 is before from (2026-11-20)
            too long              | ?from=2000-01-01&to=2026-11-01                  | from: a custom period is at most 3660 days long
            unknown model         | ?model=magic                                    | model: attribution model must be one of first_touch, last_touch, last_non_direct, linear, position_based, time_decay; got: magic
            malformed filter      | ?f=network=Reddit                               | f: 'network=Reddit' must be dimension:operator:value, e.g. visit:network:is:Reddit
            unknown dimension     | ?f=visit:planet:is:Mars                         | f: 'visit:planet:is:Mars': unknown dimension 'visit:planet'
            unknown operator      | ?f=visit:network:equals:Reddit                  | f: 'visit:network:equals:Reddit': unknown operator 'equals'
            time filter           | ?f=time:day:is:2026-11-20                       | f: 'time:day:is:2026-11-20': time:day cannot be filtered
            bad regex             | ?f=visit:source:matches:(x                      | f: 'visit:source:matches:(x': invalid regular expression
            empty value           | ?f=visit:network:is:                            | f: 'visit:network:is:': values must be non-empty strings
            """)
    void aBadParameterIsA400PageNamingIt(String name, String query, String message) {
        Document d = Seed.page(outpost, "/sites/" + SITE + query.replace("(", "%28").replace("^", "%5E"), 400);
        assertThat(d.selectFirst(".error-page .message").text()).startsWith(message);
        assertThat(d.title()).isEqualTo("That did not work · Outpost");
    }

    @Test
    void anUnknownSiteIsA404Page() {
        Document d = Seed.page(outpost, "/sites/nope.example", 404);
        assertThat(d.selectFirst(".error-page .message").text()).isEqualTo("site: no site 'nope.example' on this server");
        Seed.page(outpost, "/sites/nope.example/setup", 404);
        Seed.page(outpost, "/sites/nope.example/posts/1", 404);
    }

    @Test
    void pagesAreNotCachedNorFramedAndLoadNothingFromElsewhere() {
        var r = outpost.signedIn().get("/sites/" + SITE);
        assertThat(r.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.raw().headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        Document d = Seed.page(outpost, "/sites/" + SITE, 200);
        assertThat(d.select("script[src], link[href]").eachAttr("abs:src").stream().filter(s -> !s.isEmpty()))
                .allMatch(s -> s.startsWith(outpost.baseUrl()));
        assertThat(d.select("script:not([src])")).isEmpty();
        assertThat(d.select("[style]")).isEmpty();
    }

    @Test
    void assetsAreServed() {
        for (String asset : List.of("/assets/outpost.css", "/assets/outpost-ui.js", "/assets/favicon.svg")) {
            var r = outpost.send("GET", asset, null, java.util.Map.of());
            assertThat(r.status()).as(asset).isEqualTo(200);
            assertThat(r.body()).isNotBlank();
        }
    }

    /** A table's body rows: the row's name, then its cells' text (sub-lines included). */
    static List<List<String>> rows(Element table) {
        List<List<String>> out = new java.util.ArrayList<>();
        for (Element tr : table.select("tbody tr")) {
            List<String> row = new java.util.ArrayList<>();
            row.add(tr.selectFirst("th a.filter, th a, th").ownText().isEmpty() ? tr.selectFirst("th").text()
                    : tr.selectFirst("th a.filter, th a, th").ownText());
            row.addAll(tr.select("td").eachText());
            out.add(row);
        }
        return out;
    }
}
