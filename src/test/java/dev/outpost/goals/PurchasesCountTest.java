package dev.outpost.goals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.access.KeyCommands;
import dev.outpost.store.Database;
import dev.outpost.store.GoalStore;
import dev.outpost.support.TestOutpost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Purchases count the moment they arrive (a goal is made for them), refunds take revenue back
 * where it was counted, a {@code conversions} key can send them and do nothing else, and the
 * server hands out the WordPress plugin.
 */
class PurchasesCountTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().with("OUTPOST_TRUSTED_PROXIES", "127.0.0.1");

    static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
            "Content-Type", "application/json");

    private static TestOutpost.Response admin(String path, String body) {
        return outpost.send("POST", path, body, ADMIN);
    }

    private static List<String> goalEvents(String site) {
        List<String> out = new ArrayList<>();
        for (JsonNode g : outpost.get("/api/v1/goals?site=" + site).json().get("goals")) {
            out.add(g.get("name").asText() + "=" + (g.get("event").isNull() ? "path " + g.get("path").asText() : g.get("event").asText()));
        }
        return out;
    }

    /** Goals are made off the beacon's thread: wait for them a little. */
    private static List<String> goalEventsOnceMade(String site, int n) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        List<String> goals = goalEvents(site);
        while (goals.size() < n && System.nanoTime() < end) {
            Thread.sleep(50);
            goals = goalEvents(site);
        }
        return goals;
    }

    /** [conversions, revenue] of today, by the default model. */
    private static String today(String site) {
        var r = admin("/api/v1/query", "{\"site\":\"" + site + "\",\"metrics\":[\"conversions\",\"revenue\"],\"date_range\":\"day\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // As sent: a parsed number would lose revenue's trailing zeros.
        Matcher m = Pattern.compile("\"metrics\":(\\[[^]]*])").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1);
    }

    private static void visit(String site, String ip) {
        outpost.beacon("{\"site\":\"" + site + "\",\"url\":\"https://" + site + "/shoes\",\"referrer\":\"https://www.reddit.com/\"}",
                Map.of("X-Forwarded-For", ip));
    }

    private static String conversion(String site, String key, String ip, String amount) {
        return "{\"site\":\"" + site + "\",\"goal\":\"purchase\",\"idempotency_key\":\"" + key + "\",\"ip\":\"" + ip
                + "\",\"user_agent\":\"" + TestOutpost.CHROME + "\",\"revenue\":{\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}}";
    }

    @Test
    void aPurchaseBeaconMakesAPurchaseGoalAndCountsWithoutOneMadeByHand() throws Exception {
        outpost.createSite("beacon.example");
        visit("beacon.example", "203.0.113.1");
        outpost.beacon("{\"site\":\"beacon.example\",\"name\":\"purchase\",\"url\":\"https://beacon.example/checkout\","
                + "\"revenue\":{\"amount\":\"29.90\",\"currency\":\"EUR\"}}", Map.of("X-Forwarded-For", "203.0.113.1"));
        outpost.exportEvents("beacon.example");

        assertThat(goalEventsOnceMade("beacon.example", 1)).containsExactly("Purchase=purchase");
        assertThat(today("beacon.example")).isEqualTo("[1,29.90]");
        // More purchases make no more goals.
        outpost.beacon("{\"site\":\"beacon.example\",\"name\":\"purchase\",\"url\":\"https://beacon.example/checkout\"}");
        outpost.exportEvents("beacon.example");
        Thread.sleep(200);
        assertThat(goalEvents("beacon.example")).containsExactly("Purchase=purchase");
    }

    @Test
    void anyEventWithRevenueGetsAGoalButOtherEventsDoNot() throws Exception {
        outpost.createSite("revenue.example");
        outpost.beacon("{\"site\":\"revenue.example\",\"name\":\"signup\",\"url\":\"https://revenue.example/\"}");
        outpost.beacon("{\"site\":\"revenue.example\",\"name\":\"subscription\",\"url\":\"https://revenue.example/plans\","
                + "\"revenue\":{\"amount\":\"9\",\"currency\":\"USD\"}}");
        outpost.exportEvents("revenue.example");
        assertThat(goalEventsOnceMade("revenue.example", 1)).containsExactly("Subscription=subscription");
    }

    @Test
    void aPurchaseGoalMadeByHandIsKeptAndAPathGoalsNameIsNotTaken() throws Exception {
        outpost.createSite("hand.example");
        assertThat(admin("/api/v1/goals", "{\"site\":\"hand.example\",\"path\":\"/thanks\",\"name\":\"Purchase\"}").status()).isEqualTo(201);
        outpost.beacon("{\"site\":\"hand.example\",\"name\":\"purchase\",\"url\":\"https://hand.example/checkout\"}");
        outpost.exportEvents("hand.example");
        assertThat(goalEventsOnceMade("hand.example", 2)).containsExactly("Purchase=path /thanks", "purchase=purchase");

        outpost.createSite("mine.example");
        assertThat(admin("/api/v1/goals", "{\"site\":\"mine.example\",\"event\":\"purchase\",\"name\":\"Orders\"}").status()).isEqualTo(201);
        outpost.beacon("{\"site\":\"mine.example\",\"name\":\"purchase\",\"url\":\"https://mine.example/checkout\"}");
        outpost.exportEvents("mine.example");
        Thread.sleep(300);
        assertThat(goalEvents("mine.example")).containsExactly("Orders=purchase");
    }

    @Test
    void nodesRacingToMakeTheGoalMakeOne() throws Exception {
        long site = outpost.createSite("race.example").get("id").asLong();
        int nodes = 6, rounds = 20;
        List<Database> dbs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<AutoGoals> goals = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Database db = Database.open(outpost.jdbcUrl());
                dbs.add(db);
                goals.add(new AutoGoals(new GoalStore(db), Clock.systemUTC()));
            }
            // Each round every node sees the same new event at the same moment.
            CyclicBarrier together = new CyclicBarrier(nodes);
            List<Future<Boolean>> made = new ArrayList<>();
            for (AutoGoals node : goals) {
                made.add(pool.submit(() -> {
                    boolean all = true;
                    for (int r = 0; r < rounds; r++) {
                        together.await();
                        all &= node.ensure(site, "order" + r);
                    }
                    return all;
                }));
            }
            for (Future<Boolean> f : made) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdown();
            dbs.forEach(Database::close);
        }
        List<String> expected = new ArrayList<>();
        for (int r = 0; r < rounds; r++) expected.add("Order" + r + "=order" + r);
        assertThat(goalEvents("race.example")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aServerSideConversionToANewGoalNameCountsAtOnce() {
        outpost.createSite("server.example");
        visit("server.example", "203.0.113.2");
        outpost.exportEvents("server.example");
        var r = admin("/api/v1/conversions", conversion("server.example", "1001", "203.0.113.2", "50.00"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(goalEvents("server.example")).containsExactly("Purchase=purchase");
        assertThat(today("server.example")).isEqualTo("[1,50.00]");
    }

    @Test
    void refundsComeOffTheRevenueOnceAndAFullOneTakesTheConversionBack() {
        outpost.createSite("refund.example");
        visit("refund.example", "203.0.113.3");
        outpost.exportEvents("refund.example");
        assertThat(admin("/api/v1/conversions", conversion("refund.example", "2001", "203.0.113.3", "80.00")).status()).isEqualTo(201);
        assertThat(admin("/api/v1/conversions", conversion("refund.example", "2002", "203.0.113.3", "20.00")).status()).isEqualTo(201);
        assertThat(today("refund.example")).isEqualTo("[2,100.00]");

        String partial = "{\"site\":\"refund.example\",\"conversion\":\"2001\",\"idempotency_key\":\"2001-refund-1\","
                + "\"revenue\":{\"amount\":\"30\",\"currency\":\"EUR\"}}";
        var first = admin("/api/v1/conversions/refunds", partial);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("revenue").asText()).isEqualTo("50.00");
        assertThat(first.json().get("counted").asBoolean()).isTrue();
        var again = admin("/api/v1/conversions/refunds", partial);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(today("refund.example")).isEqualTo("[2,70.00]");

        // The rest of it, then a cancellation on top: the conversion is gone, the other stays.
        var rest = admin("/api/v1/conversions/refunds", "{\"site\":\"refund.example\",\"conversion\":\"2001\","
                + "\"idempotency_key\":\"2001-refund-2\",\"revenue\":{\"amount\":\"50\",\"currency\":\"EUR\"}}");
        assertThat(rest.json().get("counted").asBoolean()).as(rest.body()).isFalse();
        assertThat(rest.json().get("revenue").asText()).isEqualTo("0.00");
        assertThat(admin("/api/v1/conversions/refunds", "{\"site\":\"refund.example\",\"conversion\":\"2001\","
                + "\"idempotency_key\":\"2001-cancel\"}").status()).isEqualTo(201);
        assertThat(today("refund.example")).isEqualTo("[1,20.00]");

        // A cancellation without an amount takes the whole of the other one back.
        var cancel = admin("/api/v1/conversions/refunds", "{\"site\":\"refund.example\",\"conversion\":\"2002\",\"idempotency_key\":\"2002-cancel\"}");
        assertThat(cancel.json().get("counted").asBoolean()).as(cancel.body()).isFalse();
        assertThat(today("refund.example")).isEqualTo("[0,null]");
        var stored = outpost.exportEvents("refund.example").stream().filter(e -> e.get("name").asText().startsWith("purchase")).toList();
        assertThat(stored).extracting(e -> e.get("name").asText()).containsOnly("purchase:refunded").hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no conversion named   | {"site":"refund.example","idempotency_key":"r1"}                                              | 400 | conversion: is required
            an unknown conversion | {"site":"refund.example","conversion":"nope","idempotency_key":"r2"}                          | 404 | conversion: no conversion with idempotency_key 'nope'
            no key                | {"site":"refund.example","conversion":"3001"}                                                 | 400 | idempotency_key: is required
            the conversion's key  | {"site":"refund.example","conversion":"3001","idempotency_key":"3001"}                        | 400 | idempotency_key: must differ
            another currency      | {"site":"refund.example","conversion":"3001","idempotency_key":"r3","revenue":{"amount":"1","currency":"USD"}} | 400 | revenue.currency: the conversion's revenue is in EUR
            a negative refund     | {"site":"refund.example","conversion":"3001","idempotency_key":"r4","revenue":{"amount":"-1","currency":"EUR"}} | 400 | revenue.amount: must not be negative
            """)
    void refusesBadRefundsAndWritesNothing(String name, String body, int status, String error) {
        if (outpost.get("/api/v1/sites").body().indexOf("refund.example") < 0) outpost.createSite("refund.example");
        admin("/api/v1/conversions", conversion("refund.example", "3001", "203.0.113.9", "10.00"));
        var r = admin("/api/v1/conversions/refunds", body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).contains(error);
        var ok = admin("/api/v1/conversions/refunds", "{\"site\":\"refund.example\",\"conversion\":\"3001\",\"idempotency_key\":\"r-probe-"
                + name.hashCode() + "\",\"revenue\":{\"amount\":\"0\",\"currency\":\"EUR\"}}");
        assertThat(ok.json().get("revenue").asText()).as(ok.body()).isEqualTo("10.00");
    }

    @Test
    void aConversionsKeySendsConversionsAndRefundsAndNothingElse() {
        outpost.createSite("keys.example");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try {
            exit = KeyCommands.key(List.of("add", "--name", "WooCommerce", "--scope", "conversions"), outpost.config(outpost.jdbcUrl()),
                    new PrintStream(printed, true, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        Matcher m = Pattern.compile("op_[A-Za-z0-9_-]+").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        Map<String, String> key = Map.of("Authorization", "Bearer " + m.group(), "Content-Type", "application/json");

        var sent = outpost.send("POST", "/api/v1/conversions", conversion("keys.example", "4001", "203.0.113.4", "5.00"), key);
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        var refunded = outpost.send("POST", "/api/v1/conversions/refunds",
                "{\"site\":\"keys.example\",\"conversion\":\"4001\",\"idempotency_key\":\"4001-cancel\"}", key);
        assertThat(refunded.status()).as(refunded.body()).isEqualTo(201);

        var read = outpost.send("GET", "/api/v1/sites", null, key);
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.json().get("error").asText())
                .isEqualTo("Authorization: this key has scope 'conversions'; GET /api/v1/sites needs 'read' or 'admin'");
        assertThat(outpost.send("POST", "/api/v1/query", "{\"site\":\"keys.example\",\"metrics\":[\"conversions\"]}", key).status())
                .isEqualTo(403);
        assertThat(outpost.send("POST", "/api/v1/goals", "{\"site\":\"keys.example\",\"event\":\"x\"}", key).status()).isEqualTo(403);
    }

    @Test
    void theSettingsPageMakesConversionsKeys() {
        var browser = outpost.signedIn();
        assertThat(org.jsoup.Jsoup.parse(browser.get("/settings").body()).select("select[name=scope] option"))
                .extracting(o -> o.attr("value")).contains("read", "conversions", "admin");
        var r = browser.postForm("/settings/keys", Map.of("name", "Shop", "scope", "conversions"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String secret = org.jsoup.Jsoup.parse(r.body()).selectFirst(".secret input.copy").val();
        assertThat(outpost.send("GET", "/api/v1/goals?site=x", null, Map.of("Authorization", "Bearer " + secret)).status()).isEqualTo(403);
    }

    @Test
    void theServerHandsOutTheWordPressPluginAsAZip() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(outpost.baseUrl() + "/downloads/outpost-wordpress.zip")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("zip");
        List<String> names = new ArrayList<>();
        String plugin = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
                if (e.getName().equals("outpost/outpost.php")) plugin = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        // WordPress installs an uploaded zip from the folder inside it.
        assertThat(names).contains("outpost/outpost.php", "outpost/readme.txt", "outpost/uninstall.php");
        assertThat(names).allMatch(n -> n.startsWith("outpost/"));
        assertThat(plugin).isEqualTo(java.nio.file.Files.readString(java.nio.file.Path.of("tracker-snippet/wordpress/outpost/outpost.php")));
    }
}
