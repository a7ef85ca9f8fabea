package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A site's setup page: the snippet, the waiting state that turns green, and the post and goal forms. */
class SetupPageTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    static String snippet;

    @BeforeAll
    static void sites() {
        snippet = outpost.createSite("setup.example").get("snippet").asText();
        outpost.createSite("live.example");
        outpost.createSite("forms.example");
    }

    @Test
    void showsTheSitesSnippetLineAsTheApiGivesIt() {
        Document d = Seed.page(outpost, "/sites/setup.example/setup", 200);
        assertThat(d.selectFirst("#snippet-line").val()).isEqualTo(snippet)
                .isEqualTo("<script defer data-site=\"setup.example\" src=\"http://127.0.0.1/js/outpost.js\"></script>");
        assertThat(d.selectFirst("button[data-copy=snippet-line]")).isNotNull();
        assertThat(d.selectFirst("#pixel-line").val()).contains("http://127.0.0.1/api/event.gif?site=setup.example");
        assertThat(d.selectFirst("#wordpress").text()).contains("Upload Plugin", "Settings → Outpost",
                "http://127.0.0.1", "setup.example", "scope conversions", "Test connection");
        assertThat(d.selectFirst("#wordpress a[href=/downloads/outpost-wordpress.zip]")).isNotNull();
        assertThat(d.selectFirst("#goals").text()).contains("Purchases need no goal");
    }

    @Test
    void waitsForTheFirstPageviewThenTurnsGreen() {
        String path = "/sites/live.example/setup";
        Document before = Seed.page(outpost, path, 200);
        assertThat(before.selectFirst(".status").classNames()).contains("waiting");
        assertThat(before.selectFirst(".status").attr("data-live-url")).isEqualTo("/sites/live.example/live.json");
        assertThat(before.selectFirst(".status").text()).startsWith("Waiting for the first pageview");
        var live = outpost.signedIn().get("/sites/live.example/live.json");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"pageviews_total\":0,\"realtime_visitors\":0}");

        new Seed(outpost, CLOCK, "live.example").pageview("first0001", TestOutpost.CHROME, "/", null);
        new Seed(outpost, CLOCK, "live.example").stored();

        assertThat(outpost.signedIn().get("/sites/live.example/live.json").body())
                .isEqualTo("{\"pageviews_total\":1,\"realtime_visitors\":1}");
        Document after = Seed.page(outpost, path, 200);
        assertThat(after.selectFirst(".status").classNames()).contains("receiving");
        assertThat(after.selectFirst(".status").text()).startsWith("Receiving pageviews. 1 so far.");
    }

    @Test
    void aPostFromTheFormIsStoredThroughThePostsApi() {
        var r = outpost.signedIn().postForm("/sites/forms.example/posts", Map.of("url", "https://bsky.app/profile/me.example/post/3kabc",
                "target", "https://forms.example/launch", "title", "Bluesky launch"));
        assertThat(r.status()).isEqualTo(303);
        var posts = outpost.get("/api/v1/posts?site=forms.example").json().get("posts");
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).get("network").asText()).isEqualTo("Bluesky");
        assertThat(posts.get(0).get("title").asText()).isEqualTo("Bluesky launch");
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/sites/forms.example/posts/" + posts.get(0).get("id").asText());
        Document d = Seed.page(outpost, "/sites/forms.example/setup", 200);
        assertThat(d.select("#posts tbody th a").eachText()).contains("Bluesky launch");
        assertThat(d.select("#posts tbody code").eachText()).contains(posts.get(0).get("tracked_url").asText());
    }

    @Test
    void aRefusedPostComesBackWithTheReasonAndWhatWasTyped() {
        var r = outpost.signedIn().postForm("/sites/forms.example/posts", Map.of("url", "https://x.com/me/status/1",
                "target", "https://other.example/launch", "title", "Wrong target"));
        assertThat(r.status()).isEqualTo(400);
        Document d = Jsoup.parse(r.body());
        assertThat(d.selectFirst("#posts .error").text()).startsWith("target: host 'other.example' is not forms.example");
        assertThat(d.selectFirst("#posts input[name=url]").val()).isEqualTo("https://x.com/me/status/1");
        assertThat(d.selectFirst("#posts input[name=title]").val()).isEqualTo("Wrong target");
        var missing = outpost.signedIn().postForm("/sites/forms.example/posts", Map.of("url", "", "target", ""));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(Jsoup.parse(missing.body()).selectFirst("#posts .error").text()).startsWith("url: is required");
        assertThat(outpost.get("/api/v1/posts?site=forms.example").json().get("posts").toString()).doesNotContain("Wrong target");
    }

    @Test
    void goalsFromTheFormGoThroughTheGoalsApi() {
        var r = outpost.signedIn().postForm("/sites/forms.example/goals", Map.of("event", "", "path", "/thank-you*",
                "name", "Bought", "value", "29.90", "currency", "eur"));
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/sites/forms.example/setup#goals");
        var goal = outpost.get("/api/v1/goals?site=forms.example").json().get("goals").get(0);
        assertThat(goal.get("name").asText()).isEqualTo("Bought");
        assertThat(goal.get("path").asText()).isEqualTo("/thank-you*");
        assertThat(goal.get("value").asText()).isEqualTo("29.90");
        assertThat(goal.get("currency").asText()).isEqualTo("EUR");
        Document d = Seed.page(outpost, "/sites/forms.example/setup", 200);
        assertThat(d.select("#goals tbody tr").eachText()).contains("Bought visit to /thank-you* 29.90 EUR");
    }

    @Test
    void aRefusedGoalComesBackWithTheReason() {
        var neither = outpost.signedIn().postForm("/sites/forms.example/goals", Map.of("event", " ", "path", ""));
        assertThat(neither.status()).isEqualTo(400);
        assertThat(Jsoup.parse(neither.body()).selectFirst("#goals .error").text()).startsWith("event or path: give exactly one");
        var noCurrency = outpost.signedIn().postForm("/sites/forms.example/goals", Map.of("event", "signup", "value", "5"));
        assertThat(noCurrency.status()).isEqualTo(400);
        Document d = Jsoup.parse(noCurrency.body());
        assertThat(d.selectFirst("#goals .error").text()).startsWith("currency: is required");
        assertThat(d.selectFirst("#goals input[name=event]").val()).isEqualTo("signup");
        assertThat(d.selectFirst("#goals input[name=value]").val()).isEqualTo("5");
        var badPath = outpost.signedIn().postForm("/sites/forms.example/goals", Map.of("path", "thank you"));
        assertThat(badPath.status()).isEqualTo(400);
        assertThat(Jsoup.parse(badPath.body()).selectFirst("#goals .error").text()).startsWith("path: must start with '/'");

        assertThat(outpost.signedIn().postForm("/sites/forms.example/goals", Map.of("event", "twice")).status()).isEqualTo(303);
        var again = outpost.signedIn().postForm("/sites/forms.example/goals", Map.of("event", "twice"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(Jsoup.parse(again.body()).selectFirst("#goals .error").text()).isEqualTo("name: the site already has a goal named 'twice'");
    }

    @Test
    void formsWithoutTheSessionsTokenChangeNothing() {
        var post = outpost.signedIn().postForm("/sites/setup.example/posts", Map.of("url", "https://x.com/me/status/9",
                "target", "https://setup.example/", "csrf", ""));
        assertThat(post.status()).isEqualTo(403);
        var goal = outpost.signedIn().postForm("/sites/setup.example/goals", Map.of("event", "signup", "csrf", "nope"));
        assertThat(goal.status()).isEqualTo(403);
        assertThat(outpost.get("/api/v1/posts?site=setup.example").json().get("posts")).isEmpty();
        assertThat(outpost.get("/api/v1/goals?site=setup.example").json().get("goals")).isEmpty();
    }

    @Test
    void anUnknownSitesLiveFigureIsNotFound() {
        assertThat(outpost.signedIn().get("/sites/nope.example/live.json").status()).isEqualTo(404);
        assertThat(outpost.signedIn().postForm("/sites/nope.example/goals", Map.of("event", "x")).status()).isEqualTo(404);
    }

    @Test
    void saysWhatArrivedAndWhatWasDroppedOrRefusedAndWhyInTheLastMinutes() {
        outpost.createSite("recent.example");
        Document quiet = Seed.page(outpost, "/sites/recent.example/setup", 200);
        assertThat(quiet.selectFirst("#recent").attr("data-recent-url")).isEqualTo("/sites/recent.example/recent.json");
        assertThat(quiet.selectFirst("#recent [data-recent-summary]").text()).isEqualTo("Nothing has arrived in the last 10 minutes.");
        assertThat(quiet.selectFirst("#snippet .hint").text()).contains("data-allow-local", "add localhost as an alias");

        assertThat(outpost.beacon("{\"site\":\"recent.example\",\"url\":\"https://recent.example/hello\"}").status()).isEqualTo(202);
        var local = outpost.beacon("{\"site\":\"recent.example\",\"url\":\"http://localhost:4000/draft\"}");
        assertThat(local.status()).isEqualTo(400);
        var bot = outpost.beacon("{\"site\":\"recent.example\",\"url\":\"https://recent.example/\"}",
                Map.of("User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        assertThat(bot.body()).contains("bot_user_agent");

        var json = outpost.signedIn().get("/sites/recent.example/recent.json");
        assertThat(json.status()).isEqualTo(200);
        var counts = json.json().get("counts");
        assertThat(counts.get("counted").asLong()).isEqualTo(1);
        assertThat(counts.get("foreign_host").asLong()).isEqualTo(1);
        assertThat(counts.get("bot_user_agent").asLong()).isEqualTo(1);
        assertThat(json.json().get("summary").asText()).isEqualTo("1 counted · 1 refused (foreign host) · 1 dropped (bot user agent)");
        var items = json.json().get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("label").asText()).isEqualTo("Dropped");
        assertThat(items.get(1).get("outcome").asText()).isEqualTo("foreign_host");
        assertThat(items.get(1).get("what").asText()).isEqualTo("pageview of localhost/draft");
        assertThat(items.get(1).get("why").asText()).contains("not recent.example or one of its aliases", "add its host as an alias");
        assertThat(items.get(2).get("time").asText()).isEqualTo("12:00:00");

        Document d = Seed.page(outpost, "/sites/recent.example/setup", 200);
        assertThat(d.selectFirst("#recent [data-recent-summary]").text()).isEqualTo(json.json().get("summary").asText());
        assertThat(d.select("#recent li").eachText()).containsExactly(
                "12:00:00 Dropped pageview of recent.example/: a crawler, monitor or HTTP library, by its User-Agent",
                "12:00:00 Refused pageview of localhost/draft: the page's host is not recent.example or one of its aliases; "
                        + "if the page is yours (a test copy on localhost, say), add its host as an alias in the site's settings",
                "12:00:00 Counted pageview of recent.example/hello");

        Instant start = CLOCK.instant();
        try {
            CLOCK.set(start.plusSeconds(11 * 60));
            assertThat(outpost.signedIn().get("/sites/recent.example/recent.json").json().get("items")).isEmpty();
        } finally {
            CLOCK.set(start);
        }
    }
}
