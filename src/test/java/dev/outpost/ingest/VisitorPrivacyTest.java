package dev.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.store.Database;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No cookies, no stored IPs; visitor ids are daily hashes unless the site opted into a first-party id. */
class VisitorPrivacyTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK).with("OUTPOST_TRUSTED_PROXIES", "127.0.0.1");

    private static String page(String site) {
        return "{\"site\":\"" + site + "\",\"url\":\"https://" + site + "/\"}";
    }

    private static Map<String, String> from(String ip, String ua) {
        return Map.of("X-Forwarded-For", ip, "User-Agent", ua);
    }

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";

    @Test
    void hashesTheSameVisitorTheSameWayWithinADayAndDifferentlyTheNextDay() {
        outpost.createSite("days.example");
        CLOCK.set(Instant.parse("2026-11-20T10:00:00Z"));
        outpost.beacon(page("days.example"), from("203.0.113.7", TestOutpost.CHROME));
        CLOCK.set(Instant.parse("2026-11-20T23:59:00Z"));
        outpost.beacon(page("days.example"), from("203.0.113.7", TestOutpost.CHROME));
        outpost.beacon(page("days.example"), from("203.0.113.8", TestOutpost.CHROME));
        outpost.beacon(page("days.example"), from("203.0.113.7", FIREFOX));
        CLOCK.set(Instant.parse("2026-11-21T00:01:00Z"));
        outpost.beacon(page("days.example"), from("203.0.113.7", TestOutpost.CHROME));

        List<String> ids = outpost.exportEvents("days.example").stream().map(e -> e.get("visitor_id").asText()).toList();
        assertThat(ids).hasSize(5);
        assertThat(ids.get(0)).isEqualTo(ids.get(1));
        assertThat(ids.get(2)).isNotEqualTo(ids.get(0));
        assertThat(ids.get(3)).isNotEqualTo(ids.get(0));
        assertThat(ids.get(4)).as("a new day's salt").isNotEqualTo(ids.get(0));
    }

    @Test
    void deletesEarlierDaysSaltsAndNeverStoresTheIp() throws Exception {
        outpost.createSite("salts.example");
        CLOCK.set(Instant.parse("2026-11-22T08:00:00Z"));
        outpost.beacon(page("salts.example"), from("198.51.100.23", TestOutpost.CHROME));
        CLOCK.advance(Duration.ofDays(1));
        var r = outpost.beacon(page("salts.example"), from("198.51.100.23", TestOutpost.CHROME));
        assertThat(r.raw().headers().allValues("Set-Cookie")).isEmpty();
        outpost.exportEvents("salts.example");

        try (Database db = Database.open(outpost.jdbcUrl())) {
            List<String> days = db.jdbi().withHandle(h -> h.createQuery("SELECT day FROM salts").mapTo(String.class).list());
            assertThat(days).containsExactly("2026-11-23");
            // The IP appears in no column of any stored row.
            List<Map<String, Object>> rows = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM events").mapToMap().list());
            assertThat(rows).isNotEmpty();
            assertThat(rows.toString()).doesNotContain("198.51.100.23");
        }
    }

    @Test
    void usesTheFirstPartyIdAcrossDaysWhenTheSiteSendsOne() {
        outpost.createSite("vid.example");
        String beacon = "{\"site\":\"vid.example\",\"url\":\"https://vid.example/\",\"vid\":\"0f8fad5bd9cb469fa16570867728950e\"}";
        CLOCK.set(Instant.parse("2026-11-10T12:00:00Z"));
        outpost.beacon(beacon, from("203.0.113.1", TestOutpost.CHROME));
        CLOCK.set(Instant.parse("2026-11-15T12:00:00Z"));
        outpost.beacon(beacon, from("203.0.113.99", FIREFOX));
        List<JsonNode> events = outpost.exportEvents("vid.example");
        assertThat(events).extracting(e -> e.get("visitor_id").asText())
                .containsOnly("v:0f8fad5bd9cb469fa16570867728950e");
    }

    @Test
    void believesForwardedForOnlyFromTrustedProxies() {
        outpost.createSite("proxy.example");
        // Two clients behind our trusted proxy (127.0.0.1) are two visitors...
        outpost.beacon(page("proxy.example"), from("192.0.2.1", TestOutpost.CHROME));
        outpost.beacon(page("proxy.example"), from("192.0.2.2", TestOutpost.CHROME));
        // ...and a spoofed chain keeps only the hop our proxy saw.
        outpost.beacon(page("proxy.example"), from("10.9.9.9, 192.0.2.1", TestOutpost.CHROME));
        List<String> ids = outpost.exportEvents("proxy.example").stream().map(e -> e.get("visitor_id").asText()).toList();
        assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
        assertThat(ids.get(2)).isEqualTo(ids.get(0));
    }
}
