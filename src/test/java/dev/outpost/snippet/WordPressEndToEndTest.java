package dev.outpost.snippet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.KeyCommands;
import dev.outpost.support.TestOutpost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WordPress plugin's own PHP against a real Outpost server: tracker-snippet/wordpress/tests/e2e.php
 * stands in for WordPress and WooCommerce (hooks fired as WooCommerce fires them) and the plugin
 * makes real HTTP calls with a key of scope {@code conversions}. Paid orders count once each, with
 * their revenue less refunds; failed and cancelled ones count nothing; a call that did not reach
 * the server gets through on WP-Cron's retry; and running the whole shop again (a retry of every
 * call) changes nothing.
 */
class WordPressEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SITE = "shop.example";
    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().with("OUTPOST_TRUSTED_PROXIES", "127.0.0.1");

    static Path php;
    static String key;

    @BeforeAll
    static void shop() throws Exception {
        php = Tools.php();
        Tools.require(php != null, "php (the PHP CLI)");
        outpost.createSite(SITE);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = KeyCommands.key(List.of("add", "--name", "WooCommerce", "--scope", "conversions"),
                outpost.config(outpost.jdbcUrl()), new PrintStream(printed, true, StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("op_[A-Za-z0-9_-]+").matcher(printed.toString(StandardCharsets.UTF_8));
        assertThat(exit == 0 && m.find()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        key = m.group();
    }

    /** A buyer's visit before the order, as the snippet sends it. */
    private static void visit(String ip, String ua, String vid) {
        String body = "{\"site\":\"" + SITE + "\",\"url\":\"https://" + SITE + "/shoes\",\"referrer\":\"https://www.reddit.com/\""
                + (vid == null ? "" : ",\"vid\":\"" + vid + "\"") + "}";
        assertThat(outpost.beacon(body, Map.of("X-Forwarded-For", ip, "User-Agent", ua)).status()).isEqualTo(202);
    }

    private static JsonNode shop(String orders) throws Exception {
        WordPressPluginTest.Result r = WordPressPluginTest.run(php.toString(),
                WordPressPluginTest.WORDPRESS.resolve("tests/e2e.php").toString(), outpost.baseUrl(), SITE, key, orders);
        assertThat(r.exit()).as(r.output()).isZero();
        return JSON.readTree(r.output());
    }

    private static String today() {
        var r = outpost.send("POST", "/api/v1/query", "{\"site\":\"" + SITE + "\",\"metrics\":[\"conversions\",\"revenue\"],"
                + "\"date_range\":\"day\"}", Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"metrics\":(\\[[^]]*])").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1);
    }

    @Test
    void paidOrdersCountOnceWithTheirRevenueLessRefundsAndFailedOnesNever() throws Exception {
        visit("203.0.113.10", TestOutpost.CHROME, null);
        visit("203.0.113.11", TestOutpost.CHROME, null);
        visit("203.0.113.12", FIREFOX, "e2e-visitor-0001");
        visit("203.0.113.13", FIREFOX, null);
        visit("203.0.113.14", TestOutpost.CHROME, null);
        visit("203.0.113.15", FIREFOX, null);
        outpost.exportEvents(SITE);

        String orders = """
                [{"id":1001,"total":"29.90","currency":"EUR","ip":"203.0.113.10","ua":"%1$s","steps":["pay","complete"]},
                 {"id":1002,"total":"99.00","currency":"EUR","ip":"203.0.113.11","ua":"%1$s","steps":["fail"]},
                 {"id":1003,"total":"15.00","currency":"EUR","ip":"192.0.2.99","ua":"curl/8","vid":"e2e-visitor-0001","steps":["hold","pay"]},
                 {"id":1004,"total":"40.00","currency":"EUR","ip":"203.0.113.13","ua":"%2$s","steps":["pay","refund:10.00"]},
                 {"id":1005,"total":"60.00","currency":"EUR","ip":"203.0.113.14","ua":"%1$s","steps":["pay","cancel"]},
                 {"id":1006,"total":"5.10","currency":"EUR","ip":"203.0.113.15","ua":"%2$s","steps":["outage","pay","cron"]}]
                """.formatted(TestOutpost.CHROME, FIREFOX);
        JsonNode first = shop(orders);
        assertThat(first.get("test_connection").get("ok").asBoolean()).as(first.toString()).isTrue();
        assertThat(first.get("test_connection").get("meaning").asText()).startsWith("Connected");
        for (String paid : List.of("1001", "1003", "1004", "1005", "1006")) {
            JsonNode o = first.get("orders").get(paid);
            assertThat(o.get("meta").has("_outpost_reported")).as(paid + ": " + o).isTrue();
            assertThat(o.get("meta").has("_outpost_error")).as(paid + ": " + o).isFalse();
            assertThat(o.get("retries").asInt()).as(paid).isZero();
        }
        assertThat(first.get("orders").get("1002").get("calls").asInt()).isZero();
        // The shop's server could not reach Outpost when 1006 was paid: WP-Cron's retry got it through.
        assertThat(first.get("orders").get("1006").get("calls").asInt()).isEqualTo(2);

        // 29.90 + 15.00 + (40.00 - 10.00) + 5.10; 1005 was cancelled after payment and 1002 never paid.
        assertThat(today()).isEqualTo("[4,80.00]");
        assertThat(outpost.get("/api/v1/goals?site=" + SITE).json().get("goals").toString()).contains("\"name\":\"Purchase\"");

        // Every call again, from a shop that lost its order meta: the server's keys keep it at once.
        shop(orders);
        assertThat(today()).isEqualTo("[4,80.00]");
        List<JsonNode> purchases = outpost.exportEvents(SITE).stream().filter(e -> e.get("name").asText().startsWith("purchase")).toList();
        assertThat(purchases).extracting(e -> e.get("name").asText() + " " + e.get("props").toString() + " " + e.get("revenue_amount").asText())
                .containsExactlyInAnyOrder(
                        "purchase {\"via\":\"server\",\"key\":\"1001\"} 29.90",
                        "purchase {\"via\":\"server\",\"key\":\"1003\"} 15.00",
                        "purchase {\"via\":\"server\",\"key\":\"1004\"} 30.00",
                        "purchase:refunded {\"via\":\"server\",\"key\":\"1005\"} 0.00",
                        "purchase {\"via\":\"server\",\"key\":\"1006\"} 5.10");
    }
}
