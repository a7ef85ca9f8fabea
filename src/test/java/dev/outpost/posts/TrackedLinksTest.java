package dev.outpost.posts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.ingest.VisitorIds;
import dev.outpost.store.Database;
import dev.outpost.store.SaltStore;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackedLinksTest {
    static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(clock);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static Database db;
    private static long siteId;

    @BeforeAll
    static void setUp() {
        siteId = outpost.createSite("links.example", "links-example.pages.dev").get("id").asLong();
        db = Database.open(outpost.jdbcUrl());
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    /** Registers a post and answers its slug. */
    private static JsonNode post(String... targets) {
        var body = JSON.createObjectNode().put("site", "links.example").put("url", "https://x.com/me/status/" + System.nanoTime());
        var arr = body.putArray("targets");
        for (String t : targets) arr.add(t);
        var r = outpost.send("POST", "/api/v1/posts", body.toString(),
                Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY, "Content-Type", "application/json"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static HttpResponse<String> follow(String method, String path, Map<String, String> headers) {
        var b = HttpRequest.newBuilder(URI.create(outpost.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("User-Agent", TestOutpost.CHROME);
        headers.forEach(b::setHeader);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> click(String slug) {
        return follow("GET", "/go/" + slug, Map.of());
    }

    private record Click(long ts, String visitorId, String referrerHost) {}

    private static List<Click> clicks(JsonNode post) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT ts, visitor_id, referrer_host FROM clicks WHERE post_id = :id ORDER BY id")
                .bind("id", post.get("id").asLong())
                .map((rs, ctx) -> new Click(rs.getLong(1), rs.getString(2), rs.getString(3))).list());
    }

    private static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElse(null);
    }

    @Test
    void redirectsToTheLandingUrlWithOpPostAddedAndItsQueryAndFragmentKept() {
        JsonNode p = post("https://links.example/pricing?plan=pro&ref=x#faq");
        String slug = p.get("slug").asText();
        var r = click(slug);
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(location(r)).isEqualTo("https://links.example/pricing?plan=pro&ref=x&op_post=" + slug + "#faq");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void recordsAClickWithTheDailyVisitorIdAndTheReferrerHost() {
        JsonNode p = post("https://links.example/");
        var r = follow("GET", "/go/" + p.get("slug").asText(), Map.of("Referer", "https://www.T.co/abc?x=1"));
        assertThat(r.statusCode()).isEqualTo(302);
        long now = clock.millis();
        String expected = new VisitorIds(new SaltStore(db, SaltStore.key(null, outpost.jdbcUrl()))).daily(siteId, "127.0.0.1", TestOutpost.CHROME, now);
        assertThat(clicks(p)).containsExactly(new Click(now, expected, "t.co"));

        click(p.get("slug").asText());
        assertThat(clicks(p)).hasSize(2).last().extracting(Click::referrerHost).isNull();
        assertThat(outpost.get("/api/v1/posts/" + p.get("id").asLong()).json().get("clicks").asLong()).isEqualTo(2);
    }

    @Test
    void headAnswersTheSameRedirectButRecordsNothing() {
        JsonNode p = post("https://links.example/head");
        var r = follow("HEAD", "/go/" + p.get("slug").asText(), Map.of());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(location(r)).isEqualTo("https://links.example/head?op_post=" + p.get("slug").asText());
        assertThat(clicks(p)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Twitterbot           | User-Agent  | Twitterbot/1.0
            facebookexternalhit  | User-Agent  | facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)
            Slackbot             | User-Agent  | Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)
            curl                 | User-Agent  | curl/8.4.0
            Chrome prefetch      | Sec-Purpose | prefetch
            old prefetch header  | Purpose     | prefetch
            """)
    void botsPreviewFetchersAndPrefetchesAreRedirectedButNotCounted(String name, String header, String value) {
        JsonNode p = post("https://links.example/bots");
        var r = follow("GET", "/go/" + p.get("slug").asText(), Map.of(header, value));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(location(r)).startsWith("https://links.example/bots?op_post=");
        assertThat(clicks(p)).isEmpty();
    }

    @Test
    void aRequestWithoutUserAgentIsRedirectedButNotCounted() throws IOException {
        JsonNode p = post("https://links.example/no-ua");
        try (Socket s = new Socket("127.0.0.1", outpost.server().port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /go/" + p.get("slug").asText() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 302").contains("op_post=" + p.get("slug").asText());
        }
        assertThat(clicks(p)).isEmpty();
    }

    @Test
    void toPicksALandingUrlByIndexAndAnythingElseTheFirst() {
        JsonNode p = post("https://links.example/one", "https://links-example.pages.dev/two");
        String slug = p.get("slug").asText();
        assertThat(location(follow("GET", "/go/" + slug + "?to=1", Map.of()))).isEqualTo("https://links-example.pages.dev/two?op_post=" + slug);
        assertThat(location(follow("GET", "/go/" + slug + "?to=0", Map.of()))).isEqualTo("https://links.example/one?op_post=" + slug);
        assertThat(location(follow("GET", "/go/" + slug + "?to=2", Map.of()))).isEqualTo("https://links.example/one?op_post=" + slug);
        assertThat(location(follow("GET", "/go/" + slug + "?to=-1", Map.of()))).isEqualTo("https://links.example/one?op_post=" + slug);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            to                 | ?to=http://evil.example
            encoded to         | ?to=https%3A%2F%2Fevil.example%2F
            url                | ?url=https://evil.example/&next=//evil.example&redirect=https://evil.example
            """)
    void neverRedirectsAnywhereButARegisteredLandingUrl(String name, String query) {
        JsonNode p = post("https://links.example/safe");
        var r = follow("GET", "/go/" + p.get("slug").asText() + query, Map.of());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(location(r)).isEqualTo("https://links.example/safe?op_post=" + p.get("slug").asText());
    }

    @Test
    void anUnknownSlugAnswersAFriendly404Page() {
        for (String slug : List.of("nothing-here", "UNKNOWN", "not_a_slug")) {
            var r = click(slug);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(r.body()).contains("This link doesn't lead anywhere (any more)");
            assertThat(location(r)).isNull();
        }
    }

    @Test
    void buildsTheLocationFromTheRegisteredUrlOnly() {
        assertThat(TrackedLinks.location("https://s.example", "abc")).isEqualTo("https://s.example/?op_post=abc");
        assertThat(TrackedLinks.location("https://s.example/p?", "abc")).isEqualTo("https://s.example/p?op_post=abc");
        assertThat(TrackedLinks.location("https://s.example/p?op_post=old&a=1", "abc")).isEqualTo("https://s.example/p?a=1&op_post=abc");
        assertThat(TrackedLinks.location("https://s.example:8443/p#/route?x=1", "abc"))
                .isEqualTo("https://s.example:8443/p?op_post=abc#/route?x=1");
        assertThat(TrackedLinks.location("https://s.example/caf%C3%A9?q=a%20b", "abc")).isEqualTo("https://s.example/caf%C3%A9?q=a%20b&op_post=abc");
        assertThat(TrackedLinks.location("https://s.example/café", "abc")).isEqualTo("https://s.example/caf%C3%A9?op_post=abc");
    }
}
