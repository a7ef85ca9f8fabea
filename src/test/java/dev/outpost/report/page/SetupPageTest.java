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
}
