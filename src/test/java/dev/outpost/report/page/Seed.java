package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** Sends a fixed data set through the real beacon endpoint and API, at times a {@link MutableClock} sets. */
final class Seed {
    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
            "Content-Type", "application/json");

    private final TestOutpost outpost;
    private final MutableClock clock;
    private final String site;

    Seed(TestOutpost outpost, MutableClock clock, String site) {
        this.outpost = outpost;
        this.clock = clock;
        this.site = site;
    }

    void at(String instant) {
        clock.set(Instant.parse(instant));
    }

    TestOutpost.Response admin(String method, String path, String body) {
        TestOutpost.Response r = outpost.send(method, path, body, ADMIN);
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return r;
    }

    void site(String timezone) {
        admin("POST", "/api/v1/sites", "{\"domain\":\"" + site + "\",\"timezone\":\"" + timezone + "\"}");
    }

    void goal(String event) {
        admin("POST", "/api/v1/goals", "{\"site\":\"" + site + "\",\"event\":\"" + event + "\"}");
    }

    void pageview(String vid, String ua, String path, String referrer) {
        String ref = referrer == null ? "" : ",\"referrer\":\"" + referrer + "\"";
        send(ua, "{\"site\":\"" + site + "\",\"url\":\"https://" + site + path + "\",\"vid\":\"" + vid + "\"" + ref + "}");
    }

    void event(String vid, String ua, String name, String path, String extra) {
        send(ua, "{\"site\":\"" + site + "\",\"name\":\"" + name + "\",\"url\":\"https://" + site + path
                + "\",\"vid\":\"" + vid + "\"" + extra + "}");
    }

    /** Waits until the writer has stored (and built visits from) every accepted event. */
    void stored() {
        try {
            assertThat(outpost.server().awaitCommitted(10_000)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(String ua, String json) {
        var r = outpost.beacon(json, Map.of("User-Agent", ua));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).doesNotContain("dropped");
    }

    /** A page as the signed-in owner, parsed; the status must be {@code status}. */
    static Document page(TestOutpost outpost, String path, int status) {
        TestOutpost.Response r = outpost.signedIn().get(path);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(status);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        return Jsoup.parse(r.body(), outpost.baseUrl() + path);
    }
}
