package dev.outpost.posts.engagement;

import static dev.outpost.posts.engagement.FakeNetwork.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.support.TestOutpost;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Engagement through the real server and database: the post detail, refresh, counts by hand, and the networks'
 * APIs played by MockWebServer (nothing here reaches the internet).
 */
class EngagementApiTest {
    /** Bluesky's AppView, Reddit, Hacker News, YouTube, and a Mastodon instance, all on one fake host. */
    static final FakeNetwork net = new FakeNetwork();
    /** A second Mastodon instance: the one that asks us to wait an hour must not rest the host the others share. */
    static final FakeNetwork busy = new FakeNetwork();

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost()
            .with("OUTPOST_ENGAGEMENT_SCHEDULE", "false") // fetches here happen on request only
            .with("OUTPOST_FETCH_ALLOW_PRIVATE", "true")  // the fake networks live on loopback
            .with("OUTPOST_FETCH_HOST_SPACING_MS", "0")
            .with("OUTPOST_BLUESKY_APPVIEW_URL", net.base())
            .with("OUTPOST_REDDIT_URL", net.base())
            .with("OUTPOST_HN_URL", net.base())
            .with("OUTPOST_YOUTUBE_URL", net.base())
            .with("OUTPOST_YOUTUBE_API_KEY", "test-key");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
            "Content-Type", "application/json");

    @BeforeAll
    static void sites() {
        outpost.createSite("eng.example");
    }

    @AfterAll
    static void networks() {
        net.shutdown();
        busy.shutdown();
    }

    private static long create(String url) {
        return create("eng.example", url);
    }

    private static long create(String site, String url) {
        var body = JSON.createObjectNode().put("site", site).put("url", url).put("target", "https://" + site + "/launch");
        var r = outpost.send("POST", "/api/v1/posts", body.toString(), AUTH);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static TestOutpost.Response refresh(long id) {
        return outpost.send("POST", "/api/v1/posts/" + id + "/engagement/refresh", null, AUTH);
    }

    private static TestOutpost.Response put(long id, String body) {
        return outpost.send("PUT", "/api/v1/posts/" + id + "/engagement", body, AUTH);
    }

    private static JsonNode detail(long id) {
        var r = outpost.get("/api/v1/posts/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static String mastodonUrl(FakeNetwork instance, String statusId) {
        return instance.base() + "/@jane/" + statusId;
    }

    @Test
    void aPostWithoutReadingsShowsEmptyEngagementAndNoRatios() {
        long id = create("https://x.com/jane/status/1790000000000000001");
        JsonNode p = detail(id);
        JsonNode e = p.get("engagement");
        for (String field : new String[] {"comments", "shares", "likes", "fetched_at", "error"}) {
            assertThat(e.has(field)).as(field).isTrue();
            assertThat(e.get(field).isNull()).as(field).isTrue();
        }
        assertThat(e.get("fetchable").asBoolean()).isFalse();
        assertThat(e.get("deleted").asBoolean()).isFalse();
        assertThat(p.get("visits_per_100_engagements").isNull()).isTrue();
        assertThat(p.get("conversions_per_100_visits").isNull()).isTrue();
    }

    @Test
    void refreshReadsAMastodonPostFromItsOwnInstanceAndKeepsEveryReading() {
        String status = "/api/v1/statuses/113501234567890123";
        net.on(status, json(Fixtures.MASTODON_STATUS),
                json(Fixtures.MASTODON_STATUS.replace("\"replies_count\":7", "\"replies_count\":9")));
        long id = create(mastodonUrl(net, "113501234567890123"));
        assertThat(detail(id).get("network").asText()).isEqualTo("Mastodon");

        Instant before = Instant.now().minusSeconds(1);
        var r = refresh(id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode e = r.json();
        assertThat(e.get("comments").asLong()).isEqualTo(7);
        assertThat(e.get("shares").asLong()).isEqualTo(23);
        assertThat(e.get("likes").asLong()).isEqualTo(112);
        assertThat(Instant.parse(e.get("fetched_at").asText())).isAfter(before);
        assertThat(e.get("error").isNull()).isTrue();
        assertThat(e.get("source").asText()).isEqualTo("fetch");
        assertThat(e.get("fetchable").asBoolean()).isTrue();
        // A new post: the next reading is an hour away.
        assertThat(Instant.parse(e.get("next_fetch_at").asText())).isBetween(before.plusSeconds(3590), Instant.now().plusSeconds(3610));
        assertThat(detail(id).get("engagement")).isEqualTo(e);

        assertThat(refresh(id).json().get("comments").asLong()).isEqualTo(9);
        JsonNode history = outpost.get("/api/v1/posts/" + id + "/engagement").json();
        assertThat(history.get("post").asLong()).isEqualTo(id);
        assertThat(history.get("snapshots")).extracting(s -> s.get("comments").asLong()).containsExactly(9L, 7L);
        assertThat(history.get("engagement").get("comments").asLong()).isEqualTo(9);
    }

    @Test
    void refreshReadsBlueskyRedditHackerNewsAndYouTube() {
        net.on("/xrpc/com.atproto.identity.resolveHandle?handle=jane.bsky.social", json(Fixtures.BLUESKY_RESOLVED));
        net.on(BlueskyFetcherTest.getPosts(Fixtures.BLUESKY_DID, "3l6oveex3ii2l"), json(Fixtures.BLUESKY_POSTS));
        net.on(RedditFetcherTest.THREAD, json(Fixtures.REDDIT_THREAD));
        net.on(HackerNewsFetcherTest.ITEM, json(Fixtures.HN_STORY));
        net.on("/youtube/v3/videos?part=statistics&id=dQw4w9WgXcQ&key=test-key", json(Fixtures.YOUTUBE_VIDEO));

        assertCounts("https://bsky.app/profile/Jane.bsky.social/post/3l6oveex3ii2l", 4L, 11L, 51L);
        assertCounts("https://www.reddit.com/r/selfhosted/comments/1gq2w3e/i_built_a_selfhosted_attribution_server/", 87L, 3L, 342L);
        assertCounts("https://news.ycombinator.com/item?id=42424242", 71L, null, 256L);
        assertCounts("https://youtu.be/dQw4w9WgXcQ", 64L, null, 812L);
    }

    private static void assertCounts(String url, Long comments, Long shares, Long likes) {
        var r = refresh(create(url));
        assertThat(r.status()).as(url + ": " + r.body()).isEqualTo(200);
        JsonNode e = r.json();
        assertThat(e.get("comments").isNull() ? null : e.get("comments").asLong()).as(url).isEqualTo(comments);
        assertThat(e.get("shares").isNull() ? null : e.get("shares").asLong()).as(url).isEqualTo(shares);
        assertThat(e.get("likes").isNull() ? null : e.get("likes").asLong()).as(url).isEqualTo(likes);
    }

    @Test
    void aPostDeletedOnItsNetworkIsMarkedAndNoLongerScheduled() {
        net.on("/api/v1/statuses/404404", json(404, Fixtures.MASTODON_NOT_FOUND));
        long id = create(mastodonUrl(net, "404404"));
        var r = refresh(id);
        assertThat(r.status()).as(r.body()).isEqualTo(502);
        assertThat(r.json().get("error").asText()).isEqualTo("fetch: " + net.host() + " answered 404: no such post");
        JsonNode e = detail(id).get("engagement");
        assertThat(e.get("deleted").asBoolean()).isTrue();
        assertThat(e.get("next_fetch_at").isNull()).isTrue();
        assertThat(e.get("error").asText()).contains("404");
    }

    @Test
    void aFailingNetworkIsA502ThatKeepsTheLastCountsAndShowsTheErrorAndNextRetry() {
        String item = "/v0/item/500500.json";
        net.on(item, json(Fixtures.HN_STORY), json(500, "{\"error\":\"internal\"}"));
        long id = create("https://news.ycombinator.com/item?id=500500");
        assertThat(refresh(id).status()).isEqualTo(200);

        var r = refresh(id);
        assertThat(r.status()).as(r.body()).isEqualTo(502);
        assertThat(r.json().get("error").asText()).isEqualTo("fetch: " + net.host() + " answered 500 (3 tries)");
        JsonNode e = detail(id).get("engagement");
        assertThat(e.get("comments").asLong()).isEqualTo(71);
        assertThat(e.get("error").asText()).isEqualTo(net.host() + " answered 500 (3 tries)");
        assertThat(Instant.parse(e.get("next_fetch_at").asText()))
                .isBetween(Instant.now().plusSeconds(3 * 60), Instant.now().plusSeconds(7 * 60));
        assertThat(e.get("deleted").asBoolean()).isFalse();
    }

    @Test
    void malformedJsonIsAnErrorNotCounts() {
        net.on("/v0/item/777.json", new MockResponse.Builder().code(200).body("<html>Service Unavailable</html>").build());
        var r = refresh(create("https://news.ycombinator.com/item?id=777"));
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().get("error").asText()).isEqualTo("fetch: " + net.host() + ": malformed JSON in the answer");
        assertThat(r.json().get("engagement").get("comments").isNull()).isTrue();
    }

    @Test
    void aHostAskingUsToWaitAnHourIsLeftAloneForThatHour() {
        busy.on("/api/v1/statuses/4290", new MockResponse.Builder().code(429).setHeader("Retry-After", "3600")
                .body("{\"error\":\"Too many requests\"}").build());
        busy.on("/api/v1/statuses/4291", json(Fixtures.MASTODON_STATUS));
        long first = create(mastodonUrl(busy, "4290"));
        long second = create(mastodonUrl(busy, "4291"));

        var r = refresh(first);
        assertThat(r.status()).as(r.body()).isEqualTo(502);
        assertThat(r.json().get("error").asText()).contains("answered 429 and asked us to wait 3600 s");
        assertThat(Instant.parse(r.json().get("engagement").get("next_fetch_at").asText()))
                .isAfter(Instant.now().plusSeconds(3500));

        var again = refresh(second);
        assertThat(again.status()).as(again.body()).isEqualTo(429);
        assertThat(Long.parseLong(again.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(3500L, 3600L);
        assertThat(again.json().get("error").asText()).startsWith("fetch: ").contains("asked us to wait");
        assertThat(busy.hits("/api/v1/statuses/4291")).isEmpty();
    }

    @Test
    void aRedirectToAnotherHostIsRefused() {
        net.on("/api/v1/statuses/3030", new MockResponse.Builder().code(302)
                .setHeader("Location", "http://127.0.0.1:" + net.port() + "/api/v1/statuses/3031").build());
        net.on("/api/v1/statuses/3031", json(Fixtures.MASTODON_STATUS));
        var r = refresh(create(mastodonUrl(net, "3030")));
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().get("error").asText()).contains("redirected to another host (127.0.0.1); refused");
        assertThat(net.hits("/api/v1/statuses/3031")).isEmpty();
    }

    @Test
    void refreshExplainsWhenAPostCannotBeFetched() {
        long x = create("https://x.com/jane/status/1790000000000000002");
        var r = refresh(x);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("error").asText())
                .isEqualTo("network: X has no open API for counts; enter them with PUT /api/v1/posts/" + x + "/engagement");

        var share = refresh(create("https://www.reddit.com/r/selfhosted/s/AbCdEf1234"));
        assertThat(share.status()).isEqualTo(422);
        assertThat(share.json().get("error").asText()).startsWith("fetch: url: a Reddit share link");
    }

    @Test
    void countsEnteredByHandShowOnThePost() {
        long id = create("https://www.linkedin.com/feed/update/urn:li:activity:7160000000000000000/");
        var r = put(id, "{\"comments\":12,\"shares\":3,\"likes\":40}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("source").asText()).isEqualTo("manual");
        JsonNode e = detail(id).get("engagement");
        assertThat(e.get("comments").asLong()).isEqualTo(12);
        assertThat(e.get("shares").asLong()).isEqualTo(3);
        assertThat(e.get("likes").asLong()).isEqualTo(40);
        assertThat(e.get("fetched_at").isNull()).isFalse();

        // A count left out is not known, rather than zero.
        assertThat(put(id, "{\"comments\":15}").json().get("shares").isNull()).isTrue();
        assertThat(outpost.get("/api/v1/posts/" + id + "/engagement").json().get("snapshots")).hasSize(2);
    }

    @Test
    void deletingAPostDeletesItsReadings() {
        long id = create("https://x.com/jane/status/1790000000000000004");
        assertThat(put(id, "{\"comments\":1}").status()).isEqualTo(200);
        assertThat(outpost.send("DELETE", "/api/v1/posts/" + id, null, AUTH).status()).isEqualTo(204);
        assertThat(outpost.get("/api/v1/posts/" + id + "/engagement").status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            negative count   | {"comments":-1}                 | comments: must be 0 or more, not -1
            text             | {"comments":"12"}               | comments: must be a whole number of 0 or more, not "12"
            fraction         | {"shares":2.5}                  | shares: must be a whole number of 0 or more, not 2.5
            boolean          | {"likes":true}                  | likes: must be a whole number of 0 or more, not true
            too large        | {"likes":1000000000001}         | likes: at most 1000000000000
            huge             | {"likes":123456789012345678901234567890} | likes: at most 1000000000000
            huge negative    | {"likes":-123456789012345678901234567890} | likes: must be 0 or more
            unknown field    | {"comments":1,"views":5}        | views: unknown field; send comments, shares, likes
            nothing          | {}                              | body: send at least one of comments, shares, likes
            only nulls       | {"comments":null}               | body: send at least one of comments, shares, likes
            not an object    | [1,2]                           | body: must be a JSON object
            malformed        | {"comments":                    | body: malformed JSON
            """)
    void refusesBadCountsNamingTheFieldAndStoresNothing(String name, String body, String error) {
        long id = create("https://x.com/jane/status/1790000000000000003");
        var r = put(id, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).startsWith(error);
        assertThat(outpost.get("/api/v1/posts/" + id + "/engagement").json().get("snapshots")).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PUT  | /api/v1/posts/99999/engagement         | 404 | id: no post 99999
            POST | /api/v1/posts/99999/engagement/refresh | 404 | id: no post 99999
            GET  | /api/v1/posts/99999/engagement         | 404 | id: no post 99999
            PUT  | /api/v1/posts/abc/engagement           | 400 | id: 'abc' is not a post id
            POST | /api/v1/posts/1x/engagement/refresh    | 400 | id: '1x' is not a post id
            """)
    void answersAnUnknownOrBadPostIdClearly(String method, String path, int status, String error) {
        var r = outpost.send(method, path, method.equals("PUT") ? "{\"comments\":1}" : null, AUTH);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).startsWith(error);
    }

    @Test
    void asksForTheAdminKey() {
        assertThat(outpost.send("PUT", "/api/v1/posts/1/engagement", "{\"comments\":1}", Map.of()).status()).isEqualTo(401);
        assertThat(outpost.send("POST", "/api/v1/posts/1/engagement/refresh", null, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void thePostShowsVisitsPer100EngagementsAndConversionsPer100Visits() throws Exception {
        outpost.createSite("ratio.example");
        assertThat(outpost.send("POST", "/api/v1/goals", "{\"site\":\"ratio.example\",\"event\":\"purchase\"}", AUTH).status())
                .isEqualTo(201);
        var created = outpost.send("POST", "/api/v1/posts", "{\"site\":\"ratio.example\",\"url\":\"https://x.com/shop/status/42\","
                + "\"target\":\"https://ratio.example/shoes\"}", AUTH).json();
        long id = created.get("id").asLong();

        // One person follows the tracked link, lands, and buys.
        HttpResponse<String> go = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create(outpost.baseUrl() + "/go/" + created.get("slug").asText()))
                        .timeout(Duration.ofSeconds(10)).header("User-Agent", TestOutpost.CHROME).build(),
                        HttpResponse.BodyHandlers.ofString());
        String landing = go.headers().firstValue("Location").orElseThrow();
        outpost.beacon("{\"site\":\"ratio.example\",\"url\":\"" + landing + "\"}");
        outpost.beacon("{\"site\":\"ratio.example\",\"name\":\"purchase\",\"url\":\"https://ratio.example/checkout\"}");
        outpost.exportEvents("ratio.example");

        JsonNode before = detail(id);
        assertThat(before.get("visits_per_100_engagements").isNull()).isTrue(); // no engagement known yet
        assertThat(before.get("conversions_per_100_visits").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(100));

        // Likes are left out of engagements on purpose: 1 visit per 3 comments + 1 share.
        assertThat(put(id, "{\"comments\":3,\"shares\":1,\"likes\":50}").status()).isEqualTo(200);
        JsonNode p = detail(id);
        assertThat(p.get("visits_per_100_engagements").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(25));
        assertThat(p.get("conversions_per_100_visits").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(100));
        assertThat(p.get("visits_per_100_engagements").toString()).isEqualTo("25");
    }
}
