package dev.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestOutpost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BeaconEndpointTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    @BeforeAll
    static void sites() {
        outpost.createSite("shop.example");
        outpost.createSite("cors.example");
        outpost.createSite("props.example");
        outpost.createSite("json.example");
    }

    private static JsonNode only(String site) {
        List<JsonNode> events = outpost.exportEvents(site);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void storesAPageviewWithItsSourceDeviceAndCleanPath() {
        var r = outpost.beacon("""
                {"site":"shop.example","name":"pageview",
                 "url":"https://www.shop.example/p/shoes?color=red&utm_source=fb&utm_medium=social&utm_campaign=launch&fbclid=IwAR0abc",
                 "referrer":"https://l.facebook.com/","title":"Red shoes","screen_width":1280}""");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("{\"ok\":true}");
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

        JsonNode e = only("shop.example");
        assertThat(e.get("name").asText()).isEqualTo("pageview");
        assertThat(e.get("host").asText()).isEqualTo("shop.example");
        assertThat(e.get("path").asText()).isEqualTo("/p/shoes?color=red");
        assertThat(e.get("title").asText()).isEqualTo("Red shoes");
        assertThat(e.get("referrer").asText()).isEqualTo("https://l.facebook.com/");
        assertThat(e.get("referrer_host").asText()).isEqualTo("l.facebook.com");
        assertThat(e.get("channel").asText()).isEqualTo("social");
        assertThat(e.get("network").asText()).isEqualTo("Facebook");
        assertThat(e.get("source").asText()).isEqualTo("Facebook");
        assertThat(e.get("utm_source").asText()).isEqualTo("fb");
        assertThat(e.get("utm_medium").asText()).isEqualTo("social");
        assertThat(e.get("utm_campaign").asText()).isEqualTo("launch");
        assertThat(e.get("click_id").asText()).isEqualTo("fbclid");
        assertThat(e.get("browser").asText()).isEqualTo("Chrome");
        assertThat(e.get("os").asText()).isEqualTo("Windows");
        assertThat(e.get("device").asText()).isEqualTo("desktop");
        assertThat(e.get("screen_width").asInt()).isEqualTo(1280);
        assertThat(e.get("visitor_id").asText()).matches("[0-9a-f]{16}");
        assertThat(e.get("ts").asText()).endsWith("Z");
        assertThat(e.get("props").isObject()).isTrue();
        assertThat(e.get("revenue_amount").isNull()).isTrue();
    }

    @Test
    void answersWithOpenCorsAndNoCookie() {
        var r = outpost.beacon("""
                {"site":"cors.example","url":"https://cors.example/"}""", Map.of("Origin", "https://cors.example"));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(r.raw().headers().firstValue("Set-Cookie")).isEmpty();

        var pre = outpost.send("OPTIONS", "/api/event", null, Map.of("Origin", "https://cors.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.raw().headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(pre.raw().headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase("content-type");

        var sites = outpost.send("GET", "/api/v1/sites", null, Map.of("Origin", "https://evil.example",
                "Authorization", "Bearer " + TestOutpost.ADMIN_KEY));
        assertThat(sites.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void storesCustomEventsWithPropsRevenueAndFirstPartyId() {
        var r = outpost.beacon("""
                {"site":"props.example","name":"purchase","url":"https://props.example/checkout/done",
                 "props":{"plan":"pro","seats":3,"trial":false},
                 "revenue":{"amount":"29.90","currency":"eur"},"vid":"a1b2c3d4e5f6a7b8"}""");
        assertThat(r.status()).isEqualTo(202);
        JsonNode e = only("props.example");
        assertThat(e.get("name").asText()).isEqualTo("purchase");
        assertThat(e.get("props").get("plan").asText()).isEqualTo("pro");
        assertThat(e.get("props").get("seats").asText()).isEqualTo("3");
        assertThat(e.get("props").get("trial").asText()).isEqualTo("false");
        assertThat(e.get("revenue_amount").asText()).isEqualTo("29.90");
        assertThat(e.get("revenue_currency").asText()).isEqualTo("EUR");
        assertThat(e.get("visitor_id").asText()).isEqualTo("v:a1b2c3d4e5f6a7b8");
        assertThat(e.get("channel").asText()).isEqualTo("direct");
        assertThat(e.get("source").isNull()).isTrue();
    }

    @Test
    void acceptsJsonBodiesNumericRevenueAliasesAndEngagement() {
        var r = outpost.send("POST", "/api/event", """
                {"site":"json.example","name":"engagement","url":"http://json.example/a#/route",
                 "engaged_ms":5400,"scroll_depth":80,"revenue":{"amount":0.1,"currency":"JPY"}}""",
                Map.of("Content-Type", "application/json", "User-Agent", TestOutpost.CHROME));
        assertThat(r.status()).isEqualTo(202);
        JsonNode e = only("json.example");
        assertThat(e.get("engaged_ms").asInt()).isEqualTo(5400);
        assertThat(e.get("scroll_depth").asInt()).isEqualTo(80);
        assertThat(e.get("path").asText()).isEqualTo("/a#/route");
        assertThat(e.get("revenue_amount").asText()).isEqualTo("0.1");

        outpost.createSite("alias.example", "blog.alias.example");
        var alias = outpost.beacon("""
                {"site":"alias.example","url":"https://blog.alias.example/post"}""");
        assertThat(alias.status()).isEqualTo(202);
        assertThat(only("alias.example").get("host").asText()).isEqualTo("blog.alias.example");
    }

    @Test
    void countsAPageviewFromTheNoScriptPixel() {
        outpost.createSite("pixel.example");
        var r = outpost.send("GET", "/api/event.gif?site=pixel.example", null,
                Map.of("Referer", "https://pixel.example/no-js?utm_source=newsletter", "User-Agent", TestOutpost.CHROME));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("image/gif");
        JsonNode e = only("pixel.example");
        assertThat(e.get("name").asText()).isEqualTo("pageview");
        assertThat(e.get("path").asText()).isEqualTo("/no-js");
        assertThat(e.get("utm_source").asText()).isEqualTo("newsletter");
    }
}
