package dev.outpost.goals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.domain.Site;
import dev.outpost.report.query.Rollups;
import dev.outpost.store.Database;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import dev.outpost.store.SiteStore;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A refund days after the purchase, of a day whose rollups are built and whose credit the server
 * keeps: the day's revenue and conversions change at once, and stay changed once rebuilt.
 */
class RefundsOfPastDaysTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-10T10:00:00Z"));
    static final String SITE = "past.example";

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK).with("OUTPOST_TRUSTED_PROXIES", "127.0.0.1");

    static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
            "Content-Type", "application/json");

    private static String tenth() {
        var r = outpost.send("POST", "/api/v1/query", "{\"site\":\"" + SITE + "\",\"metrics\":[\"conversions\",\"revenue\"],"
                + "\"date_range\":[\"2026-11-10\",\"2026-11-10\"]}", ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"metrics\":(\\[[^]]*])").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1);
    }

    /** What the server's minutely rollup run does, from a node of its own. */
    private static void buildRollups() {
        try (Database db = Database.open(outpost.jdbcUrl())) {
            Site site = new SiteStore(db).byDomain(SITE).orElseThrow();
            assertThat(new Rollups(List::of, new QueryStore(db), new RollupStore(db), CLOCK).build(site)).isTrue();
        }
    }

    private static int refund(String body) {
        return outpost.send("POST", "/api/v1/conversions/refunds", body, ADMIN).status();
    }

    @Test
    void aRefundDaysLaterCorrectsTheDayItWasCountedOn() {
        outpost.createSite(SITE);
        Map<String, String> buyer = Map.of("X-Forwarded-For", "203.0.113.20", "User-Agent", TestOutpost.CHROME);
        outpost.beacon("{\"site\":\"" + SITE + "\",\"url\":\"https://" + SITE + "/shoes\",\"referrer\":\"https://www.reddit.com/\"}", buyer);
        outpost.exportEvents(SITE);
        CLOCK.advance(Duration.ofMinutes(10));
        var sent = outpost.send("POST", "/api/v1/conversions", "{\"site\":\"" + SITE + "\",\"goal\":\"purchase\",\"idempotency_key\":\"5001\","
                + "\"ip\":\"203.0.113.20\",\"user_agent\":\"" + TestOutpost.CHROME + "\",\"revenue\":{\"amount\":\"80.00\",\"currency\":\"EUR\"}}", ADMIN);
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);

        CLOCK.set(Instant.parse("2026-11-13T12:00:00Z"));
        buildRollups();
        assertThat(tenth()).isEqualTo("[1,80.00]");
        assertThat(tenth()).isEqualTo("[1,80.00]"); // now from the credit kept for the day

        assertThat(refund("{\"site\":\"" + SITE + "\",\"conversion\":\"5001\",\"idempotency_key\":\"5001-refund-1\","
                + "\"revenue\":{\"amount\":\"30.00\",\"currency\":\"EUR\"}}")).isEqualTo(201);
        assertThat(tenth()).isEqualTo("[1,50.00]");
        buildRollups();
        assertThat(tenth()).isEqualTo("[1,50.00]");

        assertThat(refund("{\"site\":\"" + SITE + "\",\"conversion\":\"5001\",\"idempotency_key\":\"5001-cancelled\"}")).isEqualTo(201);
        assertThat(tenth()).isEqualTo("[0,null]");
        buildRollups();
        assertThat(tenth()).isEqualTo("[0,null]");
    }
}
