package dev.outpost.posts.engagement;

import static dev.outpost.posts.engagement.FakeNetwork.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one HTTP client: retries, backoff, Retry-After, timeouts, size cap, redirects, spacing, address guard. */
class FetchClientTest {
    static final String AGENT = "server:dev.outpost.test:1.0 (engagement tests)";

    private FakeNetwork net;
    private FetchClient client;

    static FetchClient.Settings settings() {
        return new FetchClient.Settings(Duration.ofMillis(500), Duration.ZERO, 3, Duration.ofMillis(20),
                Duration.ofSeconds(3), 64 * 1024, AGENT, true);
    }

    @BeforeEach
    void start() {
        net = new FakeNetwork();
        client = new FetchClient(settings());
    }

    @AfterEach
    void stop() {
        net.shutdown();
    }

    private URI uri(String target) {
        return URI.create(net.base() + target);
    }

    private static MockResponse status(int code) {
        return json(code, "{\"error\":\"" + code + "\"}");
    }

    @Test
    void sendsADescriptiveUserAgentAndAsksForJson() throws Exception {
        net.on("/a", json("{\"ok\":true}"));
        assertThat(client.json(uri("/a")).get("ok").asBoolean()).isTrue();
        assertThat(net.hits("/a")).singleElement().satisfies(h -> {
            assertThat(h.userAgent()).isEqualTo(AGENT);
            assertThat(h.accept()).isEqualTo("application/json");
        });
    }

    @Test
    void retriesAServerErrorAndReturnsTheAnswerThatFollows() throws Exception {
        net.on("/flaky", status(500), status(502), json("{\"n\":1}"));
        assertThat(client.json(uri("/flaky")).get("n").asInt()).isEqualTo(1);
        assertThat(net.hits("/flaky")).hasSize(3);
    }

    @Test
    void givesUpAfterThreeTriesAndSaysWhatTheHostAnswered() {
        net.on("/down", status(500));
        assertThatThrownBy(() -> client.get(uri("/down")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.RETRY))
                .hasMessage(net.host() + " answered 500 (3 tries)");
        assertThat(net.hits("/down")).hasSize(3);
    }

    @Test
    void backsOffLongerBeforeEachRetry() throws Exception {
        client = new FetchClient(new FetchClient.Settings(Duration.ofSeconds(2), Duration.ZERO, 3, Duration.ofMillis(200),
                Duration.ofSeconds(3), 64 * 1024, AGENT, true));
        net.on("/slow-to-heal", status(503), status(503), json("{}"));
        client.get(uri("/slow-to-heal"));
        var hits = net.hits("/slow-to-heal");
        long first = TimeUnit.NANOSECONDS.toMillis(hits.get(1).atNanos() - hits.get(0).atNanos());
        long second = TimeUnit.NANOSECONDS.toMillis(hits.get(2).atNanos() - hits.get(1).atNanos());
        // Equal jitter: the n-th pause is between half and all of 200 ms * 2^(n-1).
        assertThat(first).isBetween(100L, 2_000L);
        assertThat(second).isGreaterThanOrEqualTo(200L);
    }

    @Test
    void doesNotRetryANotFoundAndCallsItGone() {
        net.on("/gone", json(404, Fixtures.MASTODON_NOT_FOUND));
        assertThatThrownBy(() -> client.json(uri("/gone")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE))
                .hasMessageContaining("404");
        net.on("/removed", json(410, "{}"));
        assertThatThrownBy(() -> client.json(uri("/removed")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE));
        assertThat(net.hits("/gone")).hasSize(1);
    }

    @Test
    void honoursRetryAfterInSecondsOnA429() throws Exception {
        net.on("/limited", new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build(), json("{}"));
        client.get(uri("/limited"));
        var hits = net.hits("/limited");
        assertThat(hits).hasSize(2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(hits.get(1).atNanos() - hits.get(0).atNanos())).isGreaterThanOrEqualTo(950L);
    }

    @Test
    void honoursRetryAfterAsAnHttpDateOnA503() throws Exception {
        // HTTP dates have whole seconds: two seconds ahead is at least one second of waiting.
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(2).atZone(ZoneOffset.UTC));
        net.on("/maintenance", new MockResponse.Builder().code(503).setHeader("Retry-After", date).build(), json("{}"));
        client.get(uri("/maintenance"));
        var hits = net.hits("/maintenance");
        assertThat(hits).hasSize(2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(hits.get(1).atNanos() - hits.get(0).atNanos())).isGreaterThanOrEqualTo(950L);
    }

    @Test
    void aRetryAfterLongerThanItWaitsEndsTheRequestWithTheTimeToComeBackAndRestsTheHost() {
        net.on("/go-away", new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build());
        Instant before = Instant.now();
        assertThatThrownBy(() -> client.get(uri("/go-away")))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.kind).isEqualTo(FetchException.Kind.RETRY);
                    assertThat(e.retryAt).isBetween(before.plusSeconds(3590), before.plusSeconds(3610));
                })
                .hasMessageContaining("429").hasMessageContaining("3600 s");
        assertThat(net.hits("/go-away")).hasSize(1);

        // Every other request to that host now waits its turn without being sent.
        net.on("/other", json("{}"));
        assertThatThrownBy(() -> client.get(uri("/other")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.DEFER));
        assertThat(net.hits("/other")).isEmpty();
    }

    @Test
    void anExhaustedRateLimitWindowRestsTheHostUntilItResets() throws Exception {
        net.on("/last-one", new MockResponse.Builder().code(200).setHeader("X-RateLimit-Remaining", "0.0")
                .setHeader("X-RateLimit-Reset", "1").body("{}").build());
        net.on("/next", json("{}"));
        client.get(uri("/last-one"));
        long start = System.nanoTime();
        client.get(uri("/next"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(900L);
    }

    @Test
    void spacesRequestsToOneHost() throws Exception {
        client = new FetchClient(new FetchClient.Settings(Duration.ofSeconds(2), Duration.ofMillis(300), 1,
                Duration.ofMillis(20), Duration.ofSeconds(3), 64 * 1024, AGENT, true));
        net.on("/p", json("{}"));
        client.get(uri("/p"));
        client.get(uri("/p"));
        client.get(uri("/p"));
        var hits = net.hits("/p");
        // Spaced 300 ms apart when sent; the server sees them arrive with some jitter (the first one
        // also waits for its connection), so allow for it. Unspaced, the three arrive within a few ms.
        assertThat(TimeUnit.NANOSECONDS.toMillis(hits.get(2).atNanos() - hits.get(0).atNanos())).isGreaterThanOrEqualTo(450L);
    }

    @Test
    void timesOutASlowAnswerAndRetriesIt() {
        net.on("/slow", new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).body("{}").build());
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.get(uri("/slow")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.RETRY))
                .hasMessage(net.host() + ": timed out after 500 ms (3 tries)");
        // Three tries of half a second, not three of the answer's three seconds.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(6_000L);
    }

    @Test
    void timesOutABodyThatTrickles() {
        String big = "{\"pad\":\"" + "x".repeat(4_000) + "\"}";
        net.on("/trickle", new MockResponse.Builder().body(big).throttleBody(100, 100, TimeUnit.MILLISECONDS).build());
        assertThatThrownBy(() -> client.get(uri("/trickle")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.RETRY))
                .hasMessageContaining("timed out");
    }

    @Test
    void refusesAnAnswerLargerThanTheCap() {
        net.on("/huge", json("[" + "1,".repeat(40_000) + "1]"));
        assertThatThrownBy(() -> client.get(uri("/huge")))
                .isInstanceOf(FetchException.class).hasMessageContaining("larger than 64 KiB");
    }

    @Test
    void callsMalformedJsonWhatItIs() {
        net.on("/html", new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<html><body>Our CDN is having a moment</body></html>").build());
        assertThatThrownBy(() -> client.json(uri("/html")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.RETRY))
                .hasMessage(net.host() + ": malformed JSON in the answer");
    }

    @Test
    void followsARedirectOnTheSameHost() throws Exception {
        net.on("/old", new MockResponse.Builder().code(301).setHeader("Location", "/new?x=1").build());
        net.on("/new?x=1", json("{\"moved\":true}"));
        assertThat(client.json(uri("/old")).get("moved").asBoolean()).isTrue();
    }

    @Test
    void refusesARedirectToAnotherHostWithoutFollowingIt() {
        // 127.0.0.1 is this very server under another name: refused all the same, the check is on the host.
        net.on("/elsewhere", new MockResponse.Builder().code(302)
                .setHeader("Location", "http://127.0.0.1:" + net.port() + "/internal").build());
        net.on("/internal", json("{\"secret\":true}"));
        assertThatThrownBy(() -> client.get(uri("/elsewhere")))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("redirected to another host (127.0.0.1); refused");
        assertThat(net.hits("/internal")).isEmpty();
    }

    @Test
    void refusesLoopbackAndPrivateAddressesUnlessAllowed() {
        FetchClient guarded = new FetchClient(new FetchClient.Settings(Duration.ofMillis(500), Duration.ZERO, 3,
                Duration.ofMillis(20), Duration.ofSeconds(3), 64 * 1024, AGENT, false));
        net.on("/a", json("{}"));
        assertThatThrownBy(() -> guarded.get(uri("/a")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.STOP))
                .hasMessageContaining("internal address").hasMessageContaining("OUTPOST_FETCH_ALLOW_PRIVATE");
        assertThat(net.hitCount()).isZero();
    }

    @Test
    void sameHostMeansSameSchemeHostAndPortOrAnUpgradeToHttps() {
        assertThat(FetchClient.sameHost(URI.create("https://a.example/x"), URI.create("https://A.example:443/y"))).isTrue();
        assertThat(FetchClient.sameHost(URI.create("http://a.example/x"), URI.create("https://a.example/y"))).isTrue();
        assertThat(FetchClient.sameHost(URI.create("https://a.example/x"), URI.create("http://a.example/y"))).isFalse();
        assertThat(FetchClient.sameHost(URI.create("https://a.example/x"), URI.create("https://a.example:8443/y"))).isFalse();
        assertThat(FetchClient.sameHost(URI.create("https://a.example/x"), URI.create("https://b.a.example/y"))).isFalse();
    }
}
