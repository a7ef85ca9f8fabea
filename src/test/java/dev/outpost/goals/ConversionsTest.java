package dev.outpost.goals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Goals, server-side conversions, and a post's credited conversions end to end. */
class ConversionsTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK).with("OUTPOST_TRUSTED_PROXIES", "127.0.0.1");

    static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
            "Content-Type", "application/json");

    @BeforeAll
    static void site() {
        outpost.createSite("shop.example");
    }

    private static TestOutpost.Response post(String path, String body) {
        return outpost.send("POST", path, body, ADMIN);
    }

    @Test
    void goalsAreCreatedListedAndDeleted() {
        var g = post("/api/v1/goals", "{\"site\":\"shop.example\",\"path\":\"/thank-you*\",\"value\":\"10\",\"currency\":\"EUR\"}");
        assertThat(g.status()).as(g.body()).isEqualTo(201);
        assertThat(g.json().get("name").asText()).isEqualTo("Visit /thank-you*");
        assertThat(g.json().get("value").asText()).isEqualTo("10.00");
        assertThat(post("/api/v1/goals", "{\"site\":\"shop.example\",\"path\":\"/thank-you*\"}").status()).isEqualTo(409);

        JsonNode list = outpost.get("/api/v1/goals?site=shop.example").json().get("goals");
        assertThat(list).extracting(n -> n.get("name").asText()).contains("Visit /thank-you*");
        long id = g.json().get("id").asLong();
        assertThat(outpost.send("DELETE", "/api/v1/goals/" + id, null, ADMIN).status()).isEqualTo(204);
        assertThat(outpost.send("DELETE", "/api/v1/goals/" + id, null, ADMIN).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            neither event nor path | {"site":"shop.example"}                                     | event or path: give exactly one
            both event and path    | {"site":"shop.example","event":"a","path":"/a"}             | event or path: give exactly one
            path without slash     | {"site":"shop.example","path":"thanks"}                     | path: must start with '/'
            value without currency | {"site":"shop.example","event":"x1","value":"5"}            | currency: is required
            negative value         | {"site":"shop.example","event":"x2","value":"-5","currency":"EUR"} | value: must not be negative
            unknown site           | {"site":"nope.example","event":"x3"}                        | site: no site 'nope.example'
            """)
    void refusesBadGoals(String name, String body, String error) {
        var r = post("/api/v1/goals", body);
        assertThat(r.status()).isBetween(400, 404);
        assertThat(r.json().get("error").asText()).contains(error);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nobody                 | {"site":"shop.example","goal":"purchase","idempotency_key":"k1"}                          | vid, or ip and user_agent
            no key                 | {"site":"shop.example","goal":"purchase","vid":"abcdefgh12"}                              | idempotency_key: is required
            bad currency           | {"site":"shop.example","goal":"purchase","idempotency_key":"k2","vid":"abcdefgh12","revenue":{"amount":"5","currency":"EURO"}} | revenue.currency
            negative amount        | {"site":"shop.example","goal":"purchase","idempotency_key":"k3","vid":"abcdefgh12","revenue":{"amount":"-5","currency":"EUR"}} | revenue.amount: must not be negative
            bad ip                 | {"site":"shop.example","goal":"purchase","idempotency_key":"k4","ip":"my laptop","user_agent":"x"} | ip:
            """)
    void refusesBadConversions(String name, String body, String error) {
        var r = post("/api/v1/conversions", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains(error);
    }

    @Test
    void aRetriedServerSideConversionCountsOnceForTheVisitorTheBeaconsSaw() {
        CLOCK.set(Instant.parse("2026-11-20T11:00:00Z"));
        outpost.beacon("{\"site\":\"shop.example\",\"url\":\"https://shop.example/cart\"}",
                Map.of("X-Forwarded-For", "203.0.113.50", "User-Agent", TestOutpost.CHROME));
        // The shop's webhook comes after the visit is stored, as it does in life (minutes later).
        outpost.exportEvents("shop.example");
        String body = "{\"site\":\"shop.example\",\"goal\":\"order\",\"idempotency_key\":\"order-1001\","
                + "\"ip\":\"203.0.113.50\",\"user_agent\":\"" + TestOutpost.CHROME + "\","
                + "\"revenue\":{\"amount\":\"49.00\",\"currency\":\"USD\"}}";
        var first = post("/api/v1/conversions", body);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("duplicate").asBoolean()).isFalse();
        var again = post("/api/v1/conversions", body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();

        var stored = outpost.exportEvents("shop.example").stream().filter(e -> e.get("name").asText().equals("order")).toList();
        assertThat(stored).hasSize(1);
        var cart = outpost.exportEvents("shop.example").stream().filter(e -> e.get("path").asText().equals("/cart")).findFirst().orElseThrow();
        assertThat(stored.get(0).get("visitor_id").asText()).isEqualTo(cart.get("visitor_id").asText());
        assertThat(stored.get(0).get("session_id").asLong()).isEqualTo(cart.get("session_id").asLong());
        assertThat(stored.get(0).get("revenue_amount").asText()).isEqualTo("49.00");
    }

    @Test
    void aPurchaseAfterATrackedLinkIsCreditedToThePostExactly() throws Exception {
        CLOCK.set(Instant.parse("2026-11-21T09:00:00Z"));
        assertThat(post("/api/v1/goals", "{\"site\":\"shop.example\",\"event\":\"purchase\"}").status()).isEqualTo(201);
        var created = post("/api/v1/posts", "{\"site\":\"shop.example\",\"url\":\"https://www.reddit.com/r/shop/comments/q1w2e3/new_shoes/\","
                + "\"target\":\"https://shop.example/shoes\",\"published_at\":\"2026-11-21T08:00:00Z\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long postId = created.json().get("id").asLong();
        String tracked = created.json().get("tracked_url").asText();
        String slug = created.json().get("slug").asText();

        // Follow the tracked link the way a person does, then land with what it appended.
        HttpResponse<String> go = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create(outpost.baseUrl() + "/go/" + slug))
                        .header("User-Agent", TestOutpost.CHROME).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(go.statusCode()).isEqualTo(302);
        String landing = go.headers().firstValue("Location").orElseThrow();
        assertThat(landing).startsWith("https://shop.example/shoes").contains("op_post=" + slug);
        assertThat(tracked).endsWith("/go/" + slug);

        Map<String, String> buyer = Map.of("X-Forwarded-For", "198.51.100.77", "User-Agent", TestOutpost.CHROME);
        outpost.beacon("{\"site\":\"shop.example\",\"url\":\"" + landing + "\",\"referrer\":\"https://www.reddit.com/\"}", buyer);
        CLOCK.advance(Duration.ofMinutes(5));
        outpost.beacon("{\"site\":\"shop.example\",\"name\":\"purchase\",\"url\":\"https://shop.example/checkout\","
                + "\"revenue\":{\"amount\":\"80\",\"currency\":\"EUR\"}}", buyer);
        outpost.exportEvents("shop.example");

        JsonNode p = outpost.get("/api/v1/posts/" + postId).json();
        assertThat(p.get("clicks").asLong()).isEqualTo(1);
        assertThat(p.get("visitors").asLong()).isEqualTo(1);
        assertThat(p.get("visitors_exact").asLong()).isEqualTo(1);
        assertThat(p.get("conversions").decimalValue()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(p.get("conversions_exact").decimalValue()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(p.get("conversions_inferred").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(p.get("attribution").asText()).isEqualTo("last_non_direct");

        // One visit, so every model gives it the whole conversion; an unknown model is refused.
        assertThat(outpost.get("/api/v1/posts/" + postId + "?attribution=first_touch").json().get("conversions").decimalValue())
                .isEqualByComparingTo(BigDecimal.ONE);
        var bad = outpost.get("/api/v1/posts/" + postId + "?attribution=magic");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).startsWith("attribution:");
    }
}
