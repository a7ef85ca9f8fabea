package dev.outpost.access;

import static dev.outpost.access.AccessTesting.cookieLine;
import static dev.outpost.access.AccessTesting.form;
import static dev.outpost.access.AccessTesting.preLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.TestOutpost;
import dev.outpost.support.TestOutpost.Response;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first start: one setup form, the admin and the first site together, never a second admin. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    @Test
    @Order(1)
    void beforeSetupEveryPageSendsToTheSetupForm() {
        for (String path : new String[] {"/settings", "/login", "/login?next=/settings"}) {
            Response r = outpost.send("GET", path, null, Map.of());
            assertThat(r.status()).as(path).isEqualTo(303);
            assertThat(r.raw().headers().firstValue("Location")).as(path).hasValue("/setup");
        }
    }

    @Test
    @Order(2)
    void theSetupFormAsksForTheAdminAndTheFirstSite() {
        Response r = outpost.send("GET", "/setup", null, Map.of());
        assertThat(r.status()).isEqualTo(200);
        Document doc = Jsoup.parse(r.body());
        var form = doc.selectFirst("form[action=/setup][method=post]");
        assertThat(form).isNotNull();
        assertThat(form.select("input[name=email], input[name=password], input[name=site], select[name=timezone], input[name=csrf][type=hidden]"))
                .hasSize(5);
        assertThat(form.selectFirst("select[name=timezone] option[selected]").val()).isEqualTo("UTC");
        assertThat(form.select("select[name=timezone] option[value=Europe/Berlin]")).hasSize(1);
        // The double-submit cookie the form's token must match: HttpOnly, SameSite=Strict.
        assertThat(cookieLine(r, "outpost_csrf")).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        assertThat(r.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    @Order(3)
    void refusedFieldsShowTheFormAgainWithTheReason() {
        String[][] cases = {
                {"", "correct horse battery", "first.example", "UTC", "email: is required"},
                {"not-an-email", "correct horse battery", "first.example", "UTC", "email: 'not-an-email' is not an email address"},
                {"me@first.example", "short", "first.example", "UTC", "password: must be at least 10 characters"},
                {"me@first.example", "correct horse battery", "", "UTC", "site: is required"},
                {"me@first.example", "correct horse battery", "not a domain!", "UTC", "site: 'not a domain!' is not a host name"},
                {"me@first.example", "correct horse battery", "first.example", "Mars/Olympus", "timezone: 'Mars/Olympus' is not an IANA time zone"},
        };
        for (String[] c : cases) {
            Response r = preLogin(outpost, "/setup", form("email", c[0], "password", c[1], "site", c[2], "timezone", c[3]));
            assertThat(r.status()).as(c[4]).isEqualTo(400);
            Document doc = Jsoup.parse(r.body());
            assertThat(doc.selectFirst(".error").text()).as(c[4]).startsWith(c[4]);
            // What was typed stays, except the password.
            assertThat(doc.selectFirst("input[name=site]").val()).isEqualTo(c[2]);
            assertThat(doc.selectFirst("input[name=password]").val()).isEmpty();
        }
        assertThat(outpost.send("GET", "/login", null, Map.of()).status()).as("still no admin").isEqualTo(303);
    }

    @Test
    @Order(4)
    void aRefusedSiteLeavesNoAdminBehind() {
        outpost.createSite("taken.example");
        Response r = preLogin(outpost, "/setup", form("email", "me@first.example", "password", "correct horse battery",
                "site", "www.taken.example", "timezone", "UTC"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(Jsoup.parse(r.body()).selectFirst(".error").text()).isEqualTo("site: 'taken.example' already belongs to a site");
        assertThat(TestOutpost.setCookie(r, "outpost_session")).isNull();
        // No half write: the server still has no admin, so setup is still open.
        assertThat(outpost.send("GET", "/setup", null, Map.of()).status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void setupWithoutItsCsrfTokenIsRefused() {
        Response r = outpost.send("POST", "/setup", TestOutpost.formBody(form("email", "me@first.example",
                "password", "correct horse battery", "site", "first.example", "timezone", "UTC")),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("expired").contains("Reload");
        Response forged = outpost.send("POST", "/setup", TestOutpost.formBody(form("csrf", "a".repeat(43), "email", "me@first.example",
                "password", "correct horse battery", "site", "first.example", "timezone", "UTC")),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Cookie", "outpost_csrf=" + "b".repeat(43)));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(outpost.send("GET", "/setup", null, Map.of()).status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void setupCreatesTheAdminAndTheSiteAndSignsIn() {
        // X-Forwarded-Proto from a proxy nobody trusts: the cookie is not marked Secure on its word.
        Response r = preLogin(outpost, "/setup", form("email", " Me@First.Example ", "password", "correct horse battery",
                "site", "https://WWW.First.Example/", "timezone", "Europe/Berlin"), Map.of("X-Forwarded-Proto", "https"));
        assertThat(r.status()).as(r.body()).isEqualTo(303);
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/sites/first.example/setup");
        String cookie = cookieLine(r, "outpost_session");
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/").doesNotContain("Secure");

        Response settings = outpost.send("GET", "/settings", null,
                Map.of("Cookie", "outpost_session=" + TestOutpost.setCookie(r, "outpost_session")));
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body()).contains("me@first.example");
        var site = outpost.get("/api/v1/sites").json().get("sites");
        assertThat(site.toString()).contains("\"domain\":\"first.example\"").contains("Europe/Berlin");
    }

    @Test
    @Order(7)
    void afterSetupNobodyElseCanClaimTheServer() {
        Response form = outpost.send("GET", "/setup", null, Map.of());
        assertThat(form.status()).isEqualTo(303);
        assertThat(form.raw().headers().firstValue("Location")).hasValue("/login");

        Response again = preLogin(outpost, "/login", "/setup", form("email", "intruder@evil.example", "password",
                "intruder password", "site", "evil.example", "timezone", "UTC"), Map.of());
        assertThat(again.status()).isEqualTo(303);
        assertThat(again.raw().headers().firstValue("Location")).hasValue("/login");
        assertThat(TestOutpost.setCookie(again, "outpost_session")).isNull();
        assertThat(outpost.get("/api/v1/sites").body()).doesNotContain("evil.example");
        Response login = preLogin(outpost, "/login", form("email", "intruder@evil.example", "password", "intruder password"));
        assertThat(login.status()).isEqualTo(401);
    }
}
