package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Converting visitors and the conversion rate when credit reaches back before the period: alice and
 * carol came from Reddit on 1 Nov and bought on 5 Nov, coming back by typing the address; bob came
 * from Reddit on 5 Nov and bought nothing. On 5 Nov, Reddit's (social) row has one visitor and two
 * credited conversions, but none of its visitors converted: 0%, not 200%.
 */
class ConvertingVisitorsTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    static final String SITE = "rate.example";
    static final Seed seed = new Seed(outpost, CLOCK, SITE);

    @BeforeAll
    static void data() {
        seed.site("UTC");
        seed.goal("purchase");
        seed.at("2026-11-01T10:00:00Z");
        seed.pageview("alice0001", TestOutpost.CHROME, "/launch", "https://www.reddit.com/");
        seed.pageview("carol0001", Seed.FIREFOX, "/launch", "https://www.reddit.com/");
        seed.stored();
        seed.at("2026-11-05T10:00:00Z");
        seed.pageview("bob000001", Seed.IPHONE, "/launch", "https://www.reddit.com/");
        seed.pageview("alice0001", TestOutpost.CHROME, "/pricing", null);
        seed.pageview("carol0001", Seed.FIREFOX, "/pricing", null);
        seed.at("2026-11-05T10:01:00Z");
        seed.event("alice0001", TestOutpost.CHROME, "purchase", "/checkout", "");
        seed.event("carol0001", Seed.FIREFOX, "purchase", "/checkout", "");
        seed.stored();
    }

    @Test
    void aRowsConvertedVisitorsAreSomeOfItsVisitors() {
        Map<String, JsonNode> byChannel = rows(query("\"dimensions\":[\"visit:channel\"]"));
        // visitors, converting_visitors, conversion_rate, conversions
        assertThat(byChannel.get("social").toString()).isEqualTo("[1,0,0.0,2]");
        assertThat(byChannel.get("direct").toString()).isEqualTo("[2,0,0.0,0]");
        // Filtered on Reddit's channel, the totals are that row.
        assertThat(rows(query("\"filters\":[[\"is\",\"visit:channel\",[\"social\"]]]")).get("").toString()).isEqualTo("[1,0,0.0,2]");
    }

    @Test
    void theTotalsCountEveryVisitorWhoConverted() {
        assertThat(rows(query("\"dimensions\":[]")).get("").toString()).isEqualTo("[3,2,66.67,2]");
        JsonNode goals = query("\"dimensions\":[\"event:goal\"]");
        assertThat(rows(goals).get("purchase").toString()).isEqualTo("[2,2,66.67,2]");
    }

    @Test
    void goalRowsAskedForVisitorsAloneStillCome() {
        JsonNode r = outpost.send("POST", "/api/v1/query", "{\"site\":\"" + SITE + "\",\"metrics\":[\"visitors\"],"
                + "\"dimensions\":[\"event:goal\"],\"date_range\":[\"2026-11-05\",\"2026-11-05\"]}", Seed.ADMIN).json();
        assertThat(r.get("results").toString()).isEqualTo("[{\"dimensions\":[\"purchase\"],\"metrics\":[2]}]");
    }

    static JsonNode query(String part) {
        var r = outpost.send("POST", "/api/v1/query", "{\"site\":\"" + SITE + "\",\"metrics\":[\"visitors\",\"converting_visitors\","
                + "\"conversion_rate\",\"conversions\"],\"date_range\":[\"2026-11-05\",\"2026-11-05\"]," + part + "}", Seed.ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static Map<String, JsonNode> rows(JsonNode answer) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode row : answer.get("results")) {
            out.put(row.get("dimensions").isEmpty() ? "" : row.get("dimensions").get(0).asText(), row.get("metrics"));
        }
        return out;
    }
}
