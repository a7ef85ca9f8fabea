package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /}: the sites with today's visitors; {@code POST /sites}: add one. Runs in order: the first sees no site. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SitesPageTest {
    /** 23:30 in UTC is already the next day in Berlin. */
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-21T23:30:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    @Test
    @Order(1)
    void theFirstSiteFromSetupIsListedWithTheFormToAddMore() {
        TestOutpost.Browser owner = outpost.signedIn();
        Document d = org.jsoup.Jsoup.parse(owner.get("/").body());
        assertThat(d.select(".site-list tbody th").eachText()).containsExactly(TestOutpost.OWNER_SITE);
        assertThat(d.selectFirst("form[action=/sites] input[name=domain]")).isNotNull();
        assertThat(d.selectFirst("form[action=/sites] input[name=csrf]").val()).isEqualTo(owner.csrf());
    }

    @Test
    @Order(2)
    void addingASiteOpensItsSetupPage() {
        var r = outpost.signedIn().postForm("/sites", Map.of("domain", "https://www.Shop.example/", "timezone", "Europe/Berlin"));
        assertThat(r.status()).isEqualTo(303);
        // The sites API's checks: the domain is normalised.
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/sites/shop.example/setup");
        var site = outpost.get("/api/v1/sites").json().get("sites").get(1);
        assertThat(site.get("domain").asText()).isEqualTo("shop.example");
        assertThat(site.get("timezone").asText()).isEqualTo("Europe/Berlin");
    }

    @Test
    @Order(3)
    void theListShowsTodaysVisitorsInEachSitesZone() {
        outpost.createSite("utc.example");
        // 23:10 UTC: the 21st in UTC, the 22nd (today) in Berlin.
        CLOCK.set(Instant.parse("2026-11-21T23:10:00Z"));
        new Seed(outpost, CLOCK, "shop.example").pageview("v00000001", TestOutpost.CHROME, "/", null);
        new Seed(outpost, CLOCK, "utc.example").pageview("v00000002", TestOutpost.CHROME, "/", null);
        new Seed(outpost, CLOCK, "utc.example").stored();
        CLOCK.set(Instant.parse("2026-11-22T00:10:00Z")); // now the 22nd in both
        Document d = Seed.page(outpost, "/", 200);
        assertThat(d.select(".site-list tbody tr").eachText()).containsExactly("owner.example 0 Setup", "shop.example 1 Setup", "utc.example 0 Setup");
        assertThat(d.select(".site-list tbody th a").eachAttr("href")).contains("/sites/shop.example");
        assertThat(d.select(".site-list tbody tr").eachAttr("data-href")).contains("/sites/shop.example");
        assertThat(d.select(".empty-state")).isEmpty();
    }

    @Test
    @Order(4)
    void aRefusedSiteComesBackWithTheReason() {
        var bad = outpost.signedIn().postForm("/sites", Map.of("domain", "not a host", "timezone", "UTC"));
        assertThat(bad.status()).isEqualTo(400);
        Document d = Jsoup.parse(bad.body());
        assertThat(d.selectFirst("#add-site .error").text()).isEqualTo("domain: 'not a host' is not a host name");
        assertThat(d.selectFirst("input[name=domain]").val()).isEqualTo("not a host");

        var zone = outpost.signedIn().postForm("/sites", Map.of("domain", "zone.example", "timezone", "Mars/Olympus"));
        assertThat(zone.status()).isEqualTo(400);
        assertThat(Jsoup.parse(zone.body()).selectFirst("#add-site .error").text()).startsWith("timezone: 'Mars/Olympus' is not an IANA time zone");

        var taken = outpost.signedIn().postForm("/sites", Map.of("domain", "shop.example", "timezone", "UTC"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(Jsoup.parse(taken.body()).selectFirst("#add-site .error").text()).isEqualTo("domain: 'shop.example' already belongs to a site");

        var forged = outpost.signedIn().postForm("/sites", Map.of("domain", "forged.example", "csrf", "x"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(outpost.get("/api/v1/sites").json().get("sites").toString()).doesNotContain("forged.example", "zone.example");
    }
}
