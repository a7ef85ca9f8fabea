package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.store.Database;
import dev.outpost.store.EngagementStore;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A post's page. Site in UTC, "now" 2026-11-21 12:00. Post P on Reddit, published 11-20 08:00:
 * alice comes through its tracked link at 08:30 (exact) and buys for 50.00 EUR; bob comes from
 * Reddit at 10:10 (inferred, third hour), carol the next day at 09:00 (hour 26). One click on the
 * tracked link.
 */
class PostPageTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-19T09:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    static final String SITE = "post.example";
    static final Seed seed = new Seed(outpost, CLOCK, SITE);
    static String postId, quietId, otherSitePostId, otherNetworkId, goneId, slug;

    @BeforeAll
    static void data() {
        seed.site("UTC");
        seed.goal("purchase");
        new Seed(outpost, CLOCK, "elsewhere.example").site("UTC");
        var post = seed.admin("POST", "/api/v1/posts", "{\"site\":\"" + SITE + "\",\"title\":\"Launch thread\","
                + "\"url\":\"https://www.reddit.com/r/shop/comments/p0s7a1/launch/\",\"target\":\"https://" + SITE + "/launch\","
                + "\"published_at\":\"2026-11-20T08:00:00Z\",\"campaign\":\"autumn\"}").json();
        postId = post.get("id").asText();
        slug = post.get("slug").asText();
        quietId = seed.admin("POST", "/api/v1/posts", "{\"site\":\"" + SITE + "\",\"url\":\"https://news.ycombinator.com/item?id=4242\","
                + "\"target\":\"https://" + SITE + "/\",\"published_at\":\"2026-11-10T08:00:00Z\"}").json().get("id").asText();
        otherNetworkId = seed.admin("POST", "/api/v1/posts", "{\"site\":\"" + SITE + "\",\"url\":\"https://forum.example.org/t/42\","
                + "\"target\":\"https://" + SITE + "/\"}").json().get("id").asText();
        goneId = seed.admin("POST", "/api/v1/posts", "{\"site\":\"" + SITE + "\",\"url\":\"https://forum.example.org/t/43\","
                + "\"target\":\"https://" + SITE + "/\"}").json().get("id").asText();
        otherSitePostId = seed.admin("POST", "/api/v1/posts", "{\"site\":\"elsewhere.example\",\"url\":\"https://x.com/a/status/1\","
                + "\"target\":\"https://elsewhere.example/\"}").json().get("id").asText();

        seed.at("2026-11-20T08:29:00Z");
        var click = outpost.send("GET", "/go/" + slug, null, Map.of("User-Agent", TestOutpost.CHROME));
        assertThat(click.status()).isEqualTo(302);
        seed.at("2026-11-20T08:30:00Z");
        seed.pageview("alice0001", TestOutpost.CHROME, "/launch?op_post=" + slug, "https://www.reddit.com/");
        seed.at("2026-11-20T08:35:00Z");
        seed.event("alice0001", TestOutpost.CHROME, "purchase", "/checkout", ",\"revenue\":{\"amount\":\"50.00\",\"currency\":\"EUR\"}");
        seed.stored();
        seed.at("2026-11-20T10:10:00Z");
        seed.pageview("bob000001", Seed.FIREFOX, "/launch", "https://www.reddit.com/");
        seed.at("2026-11-21T09:00:00Z");
        seed.pageview("carol0001", Seed.IPHONE, "/launch", "https://www.reddit.com/");
        seed.stored();
        seed.at("2026-11-21T12:00:00Z");
    }

    static String path(String id) {
        return "/sites/" + SITE + "/posts/" + id;
    }

    @Test
    void showsThePostAndItsTrackedLink() {
        Document d = Seed.page(outpost, path(postId), 200);
        assertThat(d.selectFirst("h1").text()).isEqualTo("Launch thread");
        assertThat(d.selectFirst(".site-head .domain").text()).isEqualTo("Reddit · published 20 Nov 2026, 08:00 (UTC) · campaign autumn");
        assertThat(d.selectFirst("#tracked-link").val()).isEqualTo("http://127.0.0.1/go/" + slug);
        assertThat(d.selectFirst("button[data-copy=tracked-link]")).isNotNull();
        assertThat(d.selectFirst("#post-links a[href^=https://www.reddit.com]").attr("rel")).contains("noopener");
        assertThat(d.selectFirst("#post-links .hint code").text()).isEqualTo("https://post.example/launch");
    }

    @Test
    void factsKeepExactAndInferredApart() {
        Elements totals = Seed.page(outpost, path(postId), 200).select(".totals .total");
        assertThat(totals.eachText()).containsExactly(
                "Tracked link clicks 1",
                "Visitors 3 1 exact · 2 inferred",
                "Visits 3 1 exact · 2 inferred",
                "Converted visitors 1 1 exact · 0 inferred",
                "Conversion rate 33.3% 100% exact · 0% inferred",
                "Conversions 1 1 exact · 0 inferred",
                "Revenue €50.00 €50.00 exact · €0.00 inferred");
    }

    @Test
    void visitsByHourAfterPublication() {
        Elements bars = Seed.page(outpost, path(postId), 200).select("#hours svg rect.bar");
        assertThat(bars).hasSize(PostPage.HOURS);
        assertThat(bars.get(0).selectFirst("title").text()).isEqualTo("Hour 1 after publication: 1 visit");
        assertThat(bars.get(1).selectFirst("title").text()).isEqualTo("Hour 2 after publication: 0 visits");
        assertThat(bars.get(2).selectFirst("title").text()).isEqualTo("Hour 3 after publication: 1 visit");
        assertThat(bars.get(25).selectFirst("title").text()).isEqualTo("Hour 26 after publication: 1 visit");
    }

    @Test
    void theHoursExportAsAnHourlyCsvOfThePostsFirstDays() {
        String href = Seed.page(outpost, path(postId), 200).selectFirst("#hours a.csv").attr("href");
        assertThat(href).isEqualTo("/sites/post.example/export/timeseries.csv?period=custom&from=2026-11-20&to=2026-11-22"
                + "&f=visit%3Apost%3Ais%3A" + postId);
        String[] lines = outpost.signedIn().get(href).body().split("\r\n");
        assertThat(lines).hasSize(1 + 72);
        assertThat(lines[0]).isEqualTo("hour,visitors,visits,pageviews,conversions,revenue_eur");
        assertThat(lines).contains("2026-11-20 08:00:00,1,1,1,1,50.00", "2026-11-20 10:00:00,1,1,1,0,0.00",
                "2026-11-21 09:00:00,1,1,1,0,0.00");
    }

    @Test
    void landingPagesAndTheirCsv() {
        Document d = Seed.page(outpost, path(postId), 200);
        assertThat(DashboardPageTest.rows(d.getElementById("entry_pages")))
                .containsExactly(java.util.List.of("/launch", "3", "100%", "0s", "1", "33.3%", "1"));
        String csv = d.selectFirst("#entry_pages a.csv").attr("href");
        assertThat(csv).isEqualTo("/sites/post.example/export/entry_pages.csv?period=custom&from=2026-11-19&to=2026-11-21"
                + "&f=visit%3Apost%3Ais%3A" + postId);
        assertThat(outpost.signedIn().get(csv).body()).contains("/launch,3,3,100,0,1,33.33");
        assertThat(d.selectFirst(".range-label a").attr("href"))
                .isEqualTo("/sites/post.example?period=custom&from=2026-11-19&to=2026-11-21&f=visit%3Apost%3Ais%3A" + postId);
    }

    @Test
    void aPostWithoutVisitsOrCountsSaysSo() {
        Document d = Seed.page(outpost, path(quietId), 200);
        assertThat(d.selectFirst("h1").text()).isEqualTo("news.ycombinator.com/item?id=4242");
        assertThat(d.selectFirst("#hours .more").text()).isEqualTo("No visits from this post yet.");
        assertThat(d.selectFirst("#entry_pages .empty").text()).isEqualTo("No visits from this post yet.");
        assertThat(d.selectFirst("#engagement .empty").text()).startsWith("No counts yet. They are fetched from Hacker News");
    }

    @Test
    void aPostOnAnUnknownNetworkIsFlagged() {
        Document d = Seed.page(outpost, path(otherNetworkId), 200);
        assertThat(d.selectFirst(".notice").text()).contains("only its tracked link credits visits");
        assertThat(d.selectFirst("#engagement .empty").text()).contains("has no open API for them here: enter them below");
    }

    @Test
    void countsEnteredByHandAreStoredAsTheApiStoresThem() {
        var r = outpost.signedIn().postForm(path(postId) + "/engagement", Map.of("comments", "12", "shares", "3", "likes", ""));
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.raw().headers().firstValue("Location")).hasValue(path(postId) + "#engagement");
        var api = outpost.get("/api/v1/posts/" + postId + "/engagement").json();
        assertThat(api.get("engagement").get("comments").asLong()).isEqualTo(12);
        assertThat(api.get("engagement").get("shares").asLong()).isEqualTo(3);
        assertThat(api.get("engagement").get("likes").isNull()).isTrue(); // empty means unknown, not 0
        assertThat(api.get("engagement").get("source").asText()).isEqualTo("manual");

        Document d = Seed.page(outpost, path(postId), 200);
        assertThat(d.select("#engagement dl.engagement dd").eachText()).containsExactly("12", "3", "—", "20", "33.3");
        assertThat(d.selectFirst("#engagement dl .muted dt").text()).isEqualTo("Likes");
        assertThat(d.selectFirst("#engagement .hint").text()).contains("entered by hand");
    }

    @Test
    void badCountsComeBackInTheFormWithTheReason() {
        var r = outpost.signedIn().postForm(path(quietId) + "/engagement", Map.of("comments", "lots", "shares", "2"));
        assertThat(r.status()).isEqualTo(400);
        Document d = Jsoup.parse(r.body());
        assertThat(d.selectFirst("#engagement .error").text()).isEqualTo("comments: must be a whole number of 0 or more, not 'lots'");
        assertThat(d.selectFirst("input[name=comments]").val()).isEqualTo("lots");
        assertThat(d.selectFirst("input[name=shares]").val()).isEqualTo("2");

        var negative = outpost.signedIn().postForm(path(quietId) + "/engagement", Map.of("likes", "-4"));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(Jsoup.parse(negative.body()).selectFirst("#engagement .error").text()).isEqualTo("likes: must be 0 or more, not -4");

        var none = outpost.signedIn().postForm(path(quietId) + "/engagement", Map.of("comments", " ", "shares", ""));
        assertThat(none.status()).isEqualTo(400);
        assertThat(Jsoup.parse(none.body()).selectFirst("#engagement .error").text()).isEqualTo("Enter at least one of comments, shares, likes.");

        // Nothing of it was stored.
        assertThat(outpost.get("/api/v1/posts/" + quietId + "/engagement").json().get("snapshots")).isEmpty();
    }

    @Test
    void aFormWithoutTheSessionsTokenIsRefused() {
        var r = outpost.signedIn().postForm(path(quietId) + "/engagement", Map.of("comments", "5", "csrf", "forged"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(Jsoup.parse(r.body()).text()).contains("This form has expired");
        assertThat(outpost.get("/api/v1/posts/" + quietId + "/engagement").json().get("snapshots")).isEmpty();
    }

    @Test
    void aFailingFetchShowsItsErrorAndNextTryAndADeletedPostIsMarked() {
        try (Database db = Database.open(outpost.jdbcUrl())) {
            EngagementStore store = new EngagementStore(db);
            long errorAt = Instant.parse("2026-11-21T11:00:00Z").toEpochMilli();
            store.saveState(new EngagementStore.State(Long.parseLong(quietId), Instant.parse("2026-11-21T13:30:00Z").toEpochMilli(),
                    2, "HTTP 503 from hacker-news.firebaseio.com", errorAt, null, null));
            // Gone before any reading: the dashboard marks it all the same.
            store.saveState(new EngagementStore.State(Long.parseLong(goneId), null, 0, null, null, null, errorAt));
        }
        Document failing = Seed.page(outpost, path(quietId), 200);
        assertThat(failing.selectFirst("#engagement p.error").text())
                .isEqualTo("Last fetch failed: HTTP 503 from hacker-news.firebaseio.com Next try: 21 Nov 2026, 13:30.");
        Document deleted = Seed.page(outpost, path(goneId), 200);
        assertThat(deleted.selectFirst(".notice.bad").text()).isEqualTo("This post was deleted on Other; its counts are no longer fetched.");
        Document dashboard = Seed.page(outpost, "/sites/" + SITE + "?period=30d", 200);
        assertThat(dashboard.select("#posts .note").eachText()).contains("deleted on Other");
    }

    @Test
    void theModelPickerChangesTheCredit() {
        Document d = Seed.page(outpost, path(postId) + "?model=first_touch", 200);
        assertThat(d.selectFirst("form.model option[selected]").val()).isEqualTo("first_touch");
        Seed.page(outpost, path(postId) + "?model=nope", 400);
    }

    @Test
    void aPostOfAnotherSiteOrNoPostIsNotFound() {
        assertThat(Seed.page(outpost, path(otherSitePostId), 404).selectFirst(".message").text())
                .isEqualTo("id: post.example has no post " + otherSitePostId);
        Seed.page(outpost, path("999999"), 404);
        assertThat(Seed.page(outpost, path("abc"), 400).selectFirst(".message").text()).isEqualTo("id: 'abc' is not a post id (a whole number)");
        assertThat(outpost.signedIn().postForm(path(otherSitePostId) + "/engagement", Map.of("comments", "1")).status()).isEqualTo(404);
    }
}
