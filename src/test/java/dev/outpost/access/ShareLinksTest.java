package dev.outpost.access;

import static dev.outpost.access.AccessTesting.form;
import static dev.outpost.access.AccessTesting.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.store.Database;
import dev.outpost.support.TestOutpost;
import dev.outpost.support.TestOutpost.Browser;
import dev.outpost.support.TestOutpost.Response;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shared dashboard links: made on the settings page, shown once, opened without sign-in, revoked. */
class ShareLinksTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().with("OUTPOST_BASE_URL", "https://stats.example.net");

    static Browser browser;

    @BeforeAll
    static void signIn() {
        browser = outpost.signedIn();
    }

    /** Makes a link for the site on the settings page; its path (/share/…) as the answer shows it once. */
    private static String share(String site) {
        Response r = browser.postForm("/settings/shares", form("site", site));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String url = Jsoup.parse(r.body()).selectFirst("#shared-links .secret input.copy").val();
        assertThat(url).matches("https://stats\\.example\\.net/share/[A-Za-z0-9_-]{43}");
        return url.substring("https://stats.example.net".length());
    }

    @Test
    void aLinkOpensItsSiteWithoutSignIn() {
        String path = share(TestOutpost.OWNER_SITE);
        Response r = outpost.send("GET", path, null, Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains(TestOutpost.OWNER_SITE);
        assertThat(r.raw().headers().firstValue("X-Robots-Tag")).hasValue("noindex, nofollow");
        assertThat(TestOutpost.setCookie(r, "outpost_session")).isNull();
        // Read-only: the shared view is nobody's session, so nothing to post (no sign-out either).
        assertThat(Jsoup.parse(r.body()).select("form[method=post]")).isEmpty();
    }

    @Test
    void theLinkIsShownOnceAndStoredHashed() throws Exception {
        String path = share(TestOutpost.OWNER_SITE);
        String token = path.substring("/share/".length());
        Document later = Jsoup.parse(browser.get("/settings").body());
        assertThat(later.html()).doesNotContain(token).contains("/share/" + token.substring(0, 8) + "…");
        try (Database db = Database.open(outpost.jdbcUrl())) {
            String rows = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM share_links").mapToMap().list()).toString();
            assertThat(rows).doesNotContain(token).contains(Secrets.sha256Hex(token));
        }
    }

    @Test
    void aRevokedLinkIsGone() {
        outpost.createSite("revoked.example");
        String path = share("revoked.example");
        assertThat(outpost.send("GET", path, null, Map.of()).status()).isEqualTo(200);
        String action = Jsoup.parse(browser.get("/settings").body()).select("#shared-links tr:contains(revoked.example) form")
                .attr("action");
        assertThat(action).matches("/settings/shares/\\d+/revoke");
        Response revoke = browser.postForm(action, Map.of());
        assertThat(revoke.status()).isEqualTo(303);
        assertThat(location(revoke)).isEqualTo("/settings");

        Response r = outpost.send("GET", path, null, Map.of());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.raw().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(Jsoup.parse(r.body()).text()).contains("does not exist or was revoked");
        assertThat(browser.postForm(action, Map.of()).status()).as("revoking twice").isEqualTo(404);
    }

    @Test
    void unknownAndMalformedTokensAreNotFound() {
        for (String token : new String[] {"A".repeat(43), "short", "x".repeat(300), "%2e%2e"}) {
            Response r = outpost.send("GET", "/share/" + token, null, Map.of());
            assertThat(r.status()).as(token).isEqualTo(404);
        }
    }

    @Test
    void aLinkForAnUnknownSiteIsRefused() {
        Response r = browser.postForm("/settings/shares", form("site", "nowhere.example"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(Jsoup.parse(r.body()).selectFirst(".error").text()).isEqualTo("site: no site 'nowhere.example'");
        Response empty = browser.postForm("/settings/shares", form("site", ""));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(Jsoup.parse(empty.body()).selectFirst(".error").text()).isEqualTo("site: is required");
    }

    @Test
    void onlyTheSignedInMayMakeLinks() {
        Response r = outpost.send("POST", "/settings/shares", TestOutpost.formBody(form("site", TestOutpost.OWNER_SITE, "csrf", "x")),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(r.status()).isEqualTo(403);
    }
}
