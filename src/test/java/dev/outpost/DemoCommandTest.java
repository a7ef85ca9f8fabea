package dev.outpost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestOutpost;
import dev.outpost.web.ApiError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code java -jar outpost.jar demo} on the database of a running server, then looked at through its JSON API. */
class DemoCommandTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    @Test
    void demoFillsNinetyDaysThatTheQueryApiShows() {
        Map<String, String> env = Map.of("OUTPOST_DATABASE_URL", outpost.jdbcUrl(), "OUTPOST_BASE_URL", "https://stats.demo.example");
        String printed = run(env, "demo", "--events", "15000");
        assertThat(printed).contains("demo.outpost.test is ready", "https://stats.demo.example/sites/demo.outpost.test",
                "https://stats.demo.example/setup", "java -jar target/outpost.jar");

        // A second run refuses to pile traffic onto the first; --reset starts over.
        assertThatThrownBy(() -> run(env, "demo")).isInstanceOf(ApiError.class).hasMessageContaining("demo --reset");
        assertThat(run(env, "demo", "--reset", "--events", "15000")).contains("deleted the old demo.outpost.test");
        assertThatThrownBy(() -> run(env, "demo", "--days", "zero")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--days");

        LocalDate today = LocalDate.now(ZoneId.of(site().get("timezone").asText()));
        JsonNode days = query("{\"metrics\":[\"visits\",\"revenue\"],\"dimensions\":[\"time:day\"],\"date_range\":\"90d\"}");
        assertThat(days.get("meta").get("date_range").get(0).asText()).isEqualTo(today.minusDays(89).toString());
        // Every day has visits (today's may still be empty just after midnight).
        assertThat(days.get("results").size()).isBetween(89, 90);
        assertThat(days.get("results").get(0).get("dimensions").get(0).asText()).isEqualTo(today.minusDays(89).toString());
        assertThat(days.get("meta").get("currency").asText()).isEqualTo("EUR");

        JsonNode totals = query("{\"metrics\":[\"visits\",\"conversions\",\"revenue\"],\"date_range\":\"90d\"}")
                .get("results").get(0).get("metrics");
        assertThat(totals.get(0).asLong()).isGreaterThan(1_500);
        assertThat(totals.get(1).decimalValue()).isPositive();
        assertThat(totals.get(2).decimalValue()).isPositive();

        JsonNode engagement = query("{\"metrics\":[\"comments\",\"likes\",\"engagements\",\"visits_per_100_engagements\"],"
                + "\"date_range\":\"90d\"}").get("results").get(0).get("metrics");
        assertThat(engagement.get(0).asLong()).isPositive();
        assertThat(engagement.get(1).asLong()).isGreaterThan(engagement.get(0).asLong());
        assertThat(engagement.get(3).decimalValue()).isPositive();

        Set<String> networks = new HashSet<>();
        for (JsonNode r : query("{\"metrics\":[\"visits\"],\"dimensions\":[\"visit:network\"],\"date_range\":\"90d\"}").get("results")) {
            networks.add(r.get("dimensions").get(0).asText());
        }
        assertThat(networks).contains("Reddit", "Hacker News", "Mastodon", "Bluesky", "LinkedIn", "X", "YouTube");

        JsonNode posts = outpost.get("/api/v1/posts?site=demo.outpost.test").json().get("posts");
        assertThat(posts.size()).as("one post every four days, none left from the first run").isBetween(20, 23);
        int withVisits = 0;
        for (JsonNode r : query("{\"metrics\":[\"visits\",\"revenue\"],\"dimensions\":[\"visit:post\"],\"date_range\":\"90d\"}")
                .get("results")) {
            if (!r.get("dimensions").get(0).asText().equals("(none)")) withVisits++;
        }
        assertThat(withVisits).as("posts that brought visits").isGreaterThanOrEqualTo(posts.size() * 3 / 4);
    }

    static JsonNode site() {
        for (JsonNode s : outpost.get("/api/v1/sites").json().get("sites")) {
            if (s.get("domain").asText().equals("demo.outpost.test")) return s;
        }
        throw new AssertionError("no demo site");
    }

    static JsonNode query(String fragment) {
        String body = fragment.substring(0, fragment.length() - 1) + ",\"site\":\"demo.outpost.test\"}";
        var r = outpost.send("POST", "/api/v1/query", body, Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
                "Content-Type", "application/json"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static String run(Map<String, String> env, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(Main.run(args, env)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString();
    }
}
