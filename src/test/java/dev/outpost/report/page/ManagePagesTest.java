package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Managing without the API, through real HTTP: a site's settings and deletion, the posts list with
 * its refresh button, a post's and a goal's edit and delete. A refused form comes back with the API's
 * own message for the same input; nobody without a session reaches any of it.
 */
class ManagePagesTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    /** Hacker News' API, played here: the refresh button's fetch goes to it. */
    static final MockWebServer HN = new MockWebServer();

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK)
            .with("OUTPOST_ENGAGEMENT_SCHEDULE", "false")
            .with("OUTPOST_FETCH_ALLOW_PRIVATE", "true")
            .with("OUTPOST_FETCH_HOST_SPACING_MS", "0")
            .with("OUTPOST_HN_URL", hnBase());

    static final String SITE = "manage.example";

    static String hnBase() {
        try {
            HN.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return HN.url("/").toString().replaceAll("/$", "");
    }

    @BeforeAll
    static void sites() {
        outpost.createSite(SITE);
        outpost.createSite("other.example");
    }

    @AfterAll
    static void stopHn() {
        HN.close();
    }

    static JsonNode site(String domain) {
        for (JsonNode s : outpost.get("/api/v1/sites").json().get("sites")) if (s.get("domain").asText().equals(domain)) return s;
        return null;
    }

    static JsonNode post(String site, String url, String target) {
        var r = outpost.send("POST", "/api/v1/posts", "{\"site\":\"" + site + "\",\"url\":\"" + url + "\",\"target\":\"" + target
                + "\",\"published_at\":\"2026-11-20T08:00:00Z\"}", Seed.ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    static Document html(TestOutpost.Response r) {
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        return Jsoup.parse(r.body());
    }

    // ---------------------------------------------------------------- the site

    @Test
    void siteSettingsChangeNameTimeZoneAndAliasesAndAnAliasThenCounts() {
        outpost.createSite("rename.example");
        Document form = Seed.page(outpost, "/sites/rename.example/settings", 200);
        assertThat(form.selectFirst("input[name=name]").val()).isEqualTo("rename.example");
        assertThat(form.selectFirst("input[name=timezone]").val()).isEqualTo("UTC");

        var r = outpost.signedIn().postForm("/sites/rename.example/settings",
                form("name", "Renamed blog", "timezone", "Europe/Berlin", "aliases", "blog.rename.example\r\n\r\nlocalhost\n"));
        assertThat(r.status()).as(r.body()).isEqualTo(303);
        JsonNode s = site("rename.example");
        assertThat(s.get("name").asText()).isEqualTo("Renamed blog");
        assertThat(s.get("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(s.get("aliases")).extracting(JsonNode::asText).containsExactlyInAnyOrder("blog.rename.example", "localhost");
        // The alias counts at once on this node: a local test copy is no longer refused.
        var beacon = outpost.beacon("{\"site\":\"rename.example\",\"url\":\"http://localhost:8000/\"}");
        assertThat(beacon.status()).as(beacon.body()).isEqualTo(202);

        Document again = Seed.page(outpost, "/sites/rename.example/settings", 200);
        assertThat(again.selectFirst("textarea[name=aliases]").text()).contains("localhost", "blog.rename.example");
    }

    @Test
    void aBadTimeZoneShowsTheFormAgainWithTheApisMessageAndWhatWasTyped() {
        String apiMessage = outpost.send("POST", "/api/v1/sites", "{\"domain\":\"tz.example\",\"timezone\":\"Mars/Olympus\"}",
                Seed.ADMIN).json().get("error").asText();
        var r = outpost.signedIn().postForm("/sites/" + SITE + "/settings", form("name", "Typed name", "timezone", "Mars/Olympus",
                "aliases", ""));
        assertThat(r.status()).isEqualTo(400);
        Document d = html(r);
        assertThat(d.selectFirst(".error").text()).isEqualTo(apiMessage)
                .isEqualTo("timezone: 'Mars/Olympus' is not an IANA time zone such as Europe/Berlin");
        assertThat(d.selectFirst("input[name=name]").val()).isEqualTo("Typed name");
        assertThat(site(SITE).get("timezone").asText()).isEqualTo("UTC");
    }

    @Test
    void anAliasAnotherSiteHoldsIsRefusedWith409() {
        var r = outpost.signedIn().postForm("/sites/" + SITE + "/settings", form("name", "", "timezone", "UTC",
                "aliases", "other.example"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(html(r).selectFirst(".error").text()).isEqualTo("aliases: 'other.example' already belongs to another site");
        var bad = outpost.signedIn().postForm("/sites/" + SITE + "/settings", form("timezone", "UTC", "aliases", "not a host"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(html(bad).selectFirst(".error").text()).isEqualTo("aliases: 'not a host' is not a host name");
    }

    @Test
    void deletingASiteAsksFirstAndTakesItsPagesAway() {
        outpost.createSite("doomed.example");
        Document form = Seed.page(outpost, "/sites/doomed.example/settings", 200);
        var button = form.selectFirst("#delete form[action=/sites/doomed.example/delete] button");
        assertThat(button.classNames()).contains("danger");
        assertThat(button.attr("data-confirm")).contains("doomed.example", "cannot be undone");

        var r = outpost.signedIn().postForm("/sites/doomed.example/delete", Map.of());
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/");
        assertThat(site("doomed.example")).isNull();
        Seed.page(outpost, "/sites/doomed.example", 404);
        assertThat(outpost.beacon("{\"site\":\"doomed.example\",\"url\":\"https://doomed.example/\"}").status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- posts

    @Test
    void thePostsListShowsEachPostWithItsVisitsAndEngagementAndTheBreadcrumbLinksToIt() {
        outpost.createSite("list.example");
        Document empty = Seed.page(outpost, "/sites/list.example/posts", 200);
        assertThat(empty.selectFirst("#post-list .empty").text()).startsWith("No posts yet.");
        assertThat(empty.selectFirst("#post-list .empty a").attr("href")).isEqualTo("/sites/list.example/setup#posts");

        JsonNode hn = post("list.example", "https://news.ycombinator.com/item?id=4711", "https://list.example/launch");
        JsonNode forum = post("list.example", "https://forum.example.org/t/99", "https://list.example/");
        var put = outpost.send("PUT", "/api/v1/posts/" + forum.get("id").asText() + "/engagement",
                "{\"comments\":12,\"shares\":3,\"likes\":40}", Seed.ADMIN);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        Seed seed = new Seed(outpost, CLOCK, "list.example");
        seed.pageview("visitor01", TestOutpost.CHROME, "/launch?op_post=" + hn.get("slug").asText(), "https://news.ycombinator.com/");
        seed.pageview("visitor02", Seed.FIREFOX, "/launch?op_post=" + hn.get("slug").asText(), "https://news.ycombinator.com/");
        seed.stored();

        Document d = Seed.page(outpost, "/sites/list.example/posts", 200);
        var hnRow = d.selectFirst("#post-" + hn.get("id").asText());
        assertThat(hnRow.selectFirst("th a").attr("href")).isEqualTo("/sites/list.example/posts/" + hn.get("id").asText());
        assertThat(hnRow.select("td").eachText()).startsWith("Hacker News", "20 Nov 2026", "2");
        assertThat(hnRow.selectFirst("form[action$=/refresh] button").text()).isEqualTo("Refresh engagement");
        var forumRow = d.selectFirst("#post-" + forum.get("id").asText());
        assertThat(forumRow.select("td.num").eachText()).containsExactly("0", "12", "3", "40");
        assertThat(forumRow.selectFirst("form[action$=/refresh]")).as("no open API: counts are entered by hand").isNull();
        assertThat(forumRow.selectFirst("button.danger[data-confirm]").text()).isEqualTo("Delete");

        Document postPage = Seed.page(outpost, "/sites/list.example/posts/" + hn.get("id").asText(), 200);
        assertThat(postPage.selectFirst(".crumbs a[href=/sites/list.example/posts]").text()).isEqualTo("Posts");
    }

    @Test
    void theRefreshButtonFetchesTheCountsAndSaysWhenTheNetworkFails() {
        JsonNode hn = post(SITE, "https://news.ycombinator.com/item?id=5150", "https://" + SITE + "/");
        String id = hn.get("id").asText();
        HN.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"by\":\"jane\",\"descendants\":71,\"id\":5150,\"score\":256,\"type\":\"story\"}").build());
        var ok = outpost.signedIn().postForm("/sites/" + SITE + "/posts/" + id + "/refresh", Map.of());
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        Document d = html(ok);
        assertThat(d.selectFirst(".notice").text()).contains("fetched just now");
        assertThat(d.selectFirst("#post-" + id).select("td.num").eachText()).containsExactly("0", "71", "—", "256");
        assertThat(outpost.get("/api/v1/posts/" + id + "/engagement").json().get("engagement").get("comments").asLong()).isEqualTo(71);

        for (int i = 0; i < 3; i++) HN.enqueue(new MockResponse.Builder().code(500).body("{}").build());
        var failed = outpost.signedIn().postForm("/sites/" + SITE + "/posts/" + id + "/refresh", Map.of());
        assertThat(failed.status()).isEqualTo(502);
        assertThat(html(failed).selectFirst(".error").text()).contains("fetch: ", "answered 500");
    }

    @Test
    void aPostIsEditedThroughThePatchChecksAndABadTargetGetsThePatchMessage() {
        JsonNode p = post(SITE, "https://www.reddit.com/r/blog/comments/abc123/launch/", "https://" + SITE + "/launch");
        String path = "/sites/" + SITE + "/posts/" + p.get("id").asText();
        Document form = Seed.page(outpost, path + "/edit", 200);
        assertThat(form.selectFirst("input[name=published_at]").val()).isEqualTo("2026-11-20T08:00:00Z");
        assertThat(form.selectFirst("textarea[name=targets]").text()).isEqualTo("https://" + SITE + "/launch");

        var r = outpost.signedIn().postForm(path + "/edit", form("title", "Launch thread", "campaign", "autumn",
                "published_at", "2026-11-19", "targets", "https://" + SITE + "/launch\nhttps://" + SITE + "/pricing"));
        assertThat(r.status()).as(r.body()).isEqualTo(303);
        assertThat(r.raw().headers().firstValue("Location")).hasValue(path);
        JsonNode after = outpost.get("/api/v1/posts/" + p.get("id").asText()).json();
        assertThat(after.get("title").asText()).isEqualTo("Launch thread");
        assertThat(after.get("campaign").asText()).isEqualTo("autumn");
        assertThat(after.get("published_at").asText()).startsWith("2026-11-19");
        assertThat(after.get("targets")).extracting(JsonNode::asText)
                .containsExactly("https://" + SITE + "/launch", "https://" + SITE + "/pricing");

        String bad = "https://elsewhere.example/launch";
        String apiMessage = outpost.send("PATCH", "/api/v1/posts/" + p.get("id").asText(), "{\"targets\":[\"" + bad + "\"]}",
                Seed.ADMIN).json().get("error").asText();
        var refused = outpost.signedIn().postForm(path + "/edit", form("title", "Changed?", "campaign", "",
                "published_at", "2026-11-19", "targets", bad));
        assertThat(refused.status()).isEqualTo(400);
        Document d = html(refused);
        assertThat(d.selectFirst(".error").text()).isEqualTo(apiMessage).startsWith("targets: host 'elsewhere.example'");
        assertThat(d.selectFirst("input[name=title]").val()).isEqualTo("Changed?");
        assertThat(outpost.get("/api/v1/posts/" + p.get("id").asText()).json().get("title").asText()).isEqualTo("Launch thread");

        var noDate = outpost.signedIn().postForm(path + "/edit", form("published_at", " ", "targets", "https://" + SITE + "/"));
        assertThat(noDate.status()).isEqualTo(400);
        assertThat(html(noDate).selectFirst(".error").text()).isEqualTo("published_at: cannot be removed; send an instant or a day");
    }

    @Test
    void aPostIsDeletedFromItsEditPageAfterAConfirm() {
        JsonNode p = post(SITE, "https://x.com/me/status/123456", "https://" + SITE + "/");
        String path = "/sites/" + SITE + "/posts/" + p.get("id").asText();
        Document form = Seed.page(outpost, path + "/edit", 200);
        var button = form.selectFirst("form[action=" + path + "/delete] button");
        assertThat(button.classNames()).contains("danger");
        assertThat(button.attr("data-confirm")).startsWith("Delete the post");

        var r = outpost.signedIn().postForm(path + "/delete", Map.of());
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/sites/" + SITE + "/posts");
        assertThat(outpost.get("/api/v1/posts/" + p.get("id").asText()).status()).isEqualTo(404);
        Seed.page(outpost, path + "/edit", 404);
    }

    @Test
    void anotherSitesPostOrANonsenseIdIsAnHtmlErrorNotA500() {
        JsonNode other = post("other.example", "https://x.com/o/status/9", "https://other.example/");
        Seed.page(outpost, "/sites/" + SITE + "/posts/" + other.get("id").asText() + "/edit", 404);
        var del = outpost.signedIn().postForm("/sites/" + SITE + "/posts/" + other.get("id").asText() + "/delete", Map.of());
        assertThat(del.status()).isEqualTo(404);
        assertThat(outpost.get("/api/v1/posts/" + other.get("id").asText()).status()).isEqualTo(200);
        Seed.page(outpost, "/sites/" + SITE + "/posts/abc/edit", 400);
        Seed.page(outpost, "/sites/" + SITE + "/goals/nope/edit", 400);
        Seed.page(outpost, "/sites/" + SITE + "/goals/999999/edit", 404);
    }

    // ---------------------------------------------------------------- goals

    @Test
    void aGoalIsEditedWithTheApisChecksAndDeleted() {
        var created = outpost.send("POST", "/api/v1/goals", "{\"site\":\"" + SITE + "\",\"event\":\"signup\"}", Seed.ADMIN);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String path = "/sites/" + SITE + "/goals/" + id;
        Document setup = Seed.page(outpost, "/sites/" + SITE + "/setup", 200);
        assertThat(setup.selectFirst("#goals a[href=" + path + "/edit]").text()).isEqualTo("signup");

        var r = outpost.signedIn().postForm(path + "/edit", form("event", "", "path", "/thanks*", "name", "Thank-you page",
                "value", "29.90", "currency", "EUR"));
        assertThat(r.status()).as(r.body()).isEqualTo(303);
        JsonNode g = outpost.get("/api/v1/goals?site=" + SITE).json().get("goals").get(0);
        assertThat(g.get("name").asText()).isEqualTo("Thank-you page");
        assertThat(g.get("path").asText()).isEqualTo("/thanks*");
        assertThat(g.get("event").isNull()).isTrue();
        assertThat(g.get("value").asText()).isEqualTo("29.90");

        String apiMessage = outpost.send("POST", "/api/v1/goals", "{\"site\":\"" + SITE + "\",\"path\":\"thanks\"}", Seed.ADMIN)
                .json().get("error").asText();
        var refused = outpost.signedIn().postForm(path + "/edit", form("path", "thanks", "name", "Typed"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(html(refused).selectFirst(".error").text()).isEqualTo(apiMessage).startsWith("path: must start with '/'");
        assertThat(html(refused).selectFirst("input[name=name]").val()).isEqualTo("Typed");

        Document form = Seed.page(outpost, path + "/edit", 200);
        assertThat(form.selectFirst("button.danger[data-confirm]").text()).isEqualTo("Delete goal");
        var del = outpost.signedIn().postForm(path + "/delete", Map.of());
        assertThat(del.status()).isEqualTo(303);
        assertThat(outpost.get("/api/v1/goals?site=" + SITE).json().get("goals")).isEmpty();
    }

    // ---------------------------------------------------------------- who may

    @Test
    void withoutASessionNoManagementPageOrFormIsReached() {
        JsonNode p = post(SITE, "https://x.com/me/status/777", "https://" + SITE + "/");
        String post = "/sites/" + SITE + "/posts/" + p.get("id").asText();
        for (String path : new String[] {"/sites/" + SITE + "/posts", "/sites/" + SITE + "/settings", post + "/edit",
                "/sites/" + SITE + "/recent.json"}) {
            var r = outpost.send("GET", path, null, Map.of());
            assertThat(r.status()).as(path).isEqualTo(303);
            assertThat(r.raw().headers().firstValue("Location").orElse("")).as(path).startsWith("/login");
        }
        // A shared link shows the dashboard only: its token opens none of these.
        var share = outpost.signedIn().postForm("/settings/shares", Map.of("site", SITE));
        String url = Jsoup.parse(share.body()).selectFirst("#new-share").val();
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(outpost.send("GET", "/share/" + token, null, Map.of()).status()).isEqualTo(200);
        assertThat(outpost.send("GET", "/share/" + token + "/posts", null, Map.of()).status()).isEqualTo(404);

        // A form post without the session and its token changes nothing.
        var anonymous = outpost.send("POST", post + "/delete", "csrf=x", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(anonymous.status()).isEqualTo(403);
        var forged = outpost.send("POST", post + "/delete", "csrf=forged", Map.of("Cookie", outpost.signedIn().cookie(),
                "Content-Type", "application/x-www-form-urlencoded"));
        assertThat(forged.status()).isEqualTo(403);
        var siteForged = outpost.send("POST", "/sites/" + SITE + "/delete", "", Map.of("Cookie", outpost.signedIn().cookie(),
                "Content-Type", "application/x-www-form-urlencoded"));
        assertThat(siteForged.status()).isEqualTo(403);
        assertThat(outpost.get("/api/v1/posts/" + p.get("id").asText()).status()).isEqualTo(200);
        assertThat(site(SITE)).isNotNull();
    }
}
