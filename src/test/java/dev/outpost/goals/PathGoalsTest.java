package dev.outpost.goals;

import dev.outpost.domain.Goal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many goals of both kinds on one site, with the characters LIKE treats specially in their paths,
 * counted through the query API and shown on the dashboard. {@code wide.example} has the same goals
 * and 60 more, past the number of path prefixes SQL narrows by.
 */
class PathGoalsTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
            "Content-Type", "application/json");

    /** Goal name → its event or path, as given to the API. */
    static final Map<String, String> GOALS = new TreeMap<>(Map.of(
            "signup", "event:signup",
            "purchase", "event:purchase",
            "thanks", "/thank-you*",
            "pricing", "/pricing",
            "percent", "/100%off",
            "underscore", "/a_b",
            "backslash", "/docs\\x*",
            "bang", "/x!y",
            "middle", "/shop/*/done"));

    /** What each visitor's one event is: a pageview of a path, or a named event. */
    static final String[][] VISITS = {
            {"pageview", "/thank-you"}, {"pageview", "/thank-you/order-7?x=1"}, {"pageview", "/Thank-you"},
            {"pageview", "/pricing"}, {"pageview", "/pricing?plan=pro"}, {"pageview", "/pricing/enterprise"},
            {"pageview", "/100%25off"}, {"pageview", "/100xoff"}, {"pageview", "/a_b"}, {"pageview", "/axb"},
            {"pageview", "/docs%5Cx/1"}, {"pageview", "/docsx/1"}, {"pageview", "/x!y"}, {"pageview", "/x!!y"},
            {"pageview", "/shop/cart/done"}, {"pageview", "/shop/done"}, {"signup", "/"}, {"purchase", "/checkout"},
            {"pageview", "/"}, {"refund", "/thank-you"}};

    static final Map<String, Integer> EXPECTED = new TreeMap<>(Map.of(
            "thanks", 2, "pricing", 2, "percent", 1, "underscore", 1, "backslash", 1, "bang", 1, "middle", 1,
            "signup", 1, "purchase", 1));

    @BeforeAll
    static void data() {
        for (String site : new String[] {"narrow.example", "wide.example"}) {
            ok(post("/api/v1/sites", "{\"domain\":\"" + site + "\",\"timezone\":\"UTC\"}"));
            GOALS.forEach((name, what) -> {
                String goal = what.startsWith("event:")
                        ? "\"event\":" + quote(what.substring(6)) : "\"path\":" + quote(what);
                ok(post("/api/v1/goals", "{\"site\":\"" + site + "\",\"name\":\"" + name + "\"," + goal + "}"));
            });
        }
        for (int i = 0; i < 60; i++) ok(post("/api/v1/goals", "{\"site\":\"wide.example\",\"path\":\"/filler-" + i + "/*\"}"));
        for (String site : new String[] {"narrow.example", "wide.example"}) {
            for (int i = 0; i < VISITS.length; i++) {
                CLOCK.set(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(60L * i));
                String vid = "\"vid\":\"visitor" + (100 + i) + "\"";
                // A named event comes after a pageview of "/", the visit it is credited to.
                if (!VISITS[i][0].equals("pageview")) beacon("{\"site\":\"" + site + "\",\"url\":\"https://" + site + "/\"," + vid + "}");
                String name = VISITS[i][0].equals("pageview") ? "" : "\"name\":\"" + VISITS[i][0] + "\",";
                beacon("{\"site\":\"" + site + "\"," + name + "\"url\":\"https://" + site + VISITS[i][1] + "\"," + vid + "}");
            }
            outpost.exportEvents(site);
        }
        CLOCK.set(Instant.parse("2026-11-21T12:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"narrow.example", "wide.example"})
    void eachGoalCountsTheEventsThatReachedIt(String site) {
        var r = post("/api/v1/query", "{\"site\":\"" + site + "\",\"metrics\":[\"conversions\"],\"dimensions\":[\"event:goal\"],"
                + "\"date_range\":[\"2026-11-20\",\"2026-11-21\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, Integer> counted = new TreeMap<>();
        for (JsonNode row : r.json().get("results")) {
            int n = row.get("metrics").get(0).asInt();
            if (n > 0) counted.put(row.get("dimensions").get(0).asText(), n);
        }
        assertThat(counted).isEqualTo(EXPECTED);

        var total = post("/api/v1/query", "{\"site\":\"" + site + "\",\"metrics\":[\"visitors\",\"conversions\"],"
                + "\"date_range\":[\"2026-11-20\",\"2026-11-21\"]}");
        assertThat(total.json().get("results").get(0).get("metrics").toString()).isEqualTo("[20,11]");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"narrow.example", "wide.example"})
    void theDashboardShowsTheGoals(String site) {
        var page = outpost.signedIn().get("/sites/" + site + "?period=custom&from=2026-11-20&to=2026-11-21");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("underscore").contains("backslash");
    }

    private static void beacon(String json) {
        var r = outpost.beacon(json);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    private static TestOutpost.Response post(String path, String body) {
        return outpost.send("POST", path, body, ADMIN);
    }

    private static void ok(TestOutpost.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\") + "\"";
    }
}
