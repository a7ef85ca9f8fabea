package dev.outpost.access;

import static dev.outpost.access.AccessTesting.cookieLine;
import static dev.outpost.access.AccessTesting.form;
import static dev.outpost.access.AccessTesting.location;
import static dev.outpost.access.AccessTesting.preLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.store.Database;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import dev.outpost.support.TestOutpost.Browser;
import dev.outpost.support.TestOutpost.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signing in and out. The server trusts 127.0.0.1 as its proxy, so each test can play clients at
 * addresses of its own (X-Forwarded-For) and the rate limit of one does not spill into another.
 */
class LoginTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK).with("OUTPOST_TRUSTED_PROXIES", "127.0.0.1");

    /** Behind a TLS-terminating proxy nobody told us about: the public URL says https. */
    @RegisterExtension
    static TestOutpost behindHttps = new TestOutpost().with("OUTPOST_BASE_URL", "https://stats.example.net");

    @BeforeAll
    static void owner() {
        outpost.signedIn();
    }

    private static Response login(String ip, String email, String password, String next) {
        Map<String, String> f = form("email", email, "password", password);
        if (next != null) f.put("next", next);
        return preLogin(outpost, "/login", f, Map.of("X-Forwarded-For", ip));
    }

    @Test
    void theRightPasswordSignsInAndGoesToNext() {
        Response r = login("198.51.100.1", TestOutpost.OWNER_EMAIL.toUpperCase(), TestOutpost.OWNER_PASSWORD, "/settings?tab=keys");
        assertThat(r.status()).isEqualTo(303);
        assertThat(location(r)).isEqualTo("/settings?tab=keys");
        String session = TestOutpost.setCookie(r, "outpost_session");
        assertThat(session).matches("[A-Za-z0-9_-]{43}");
        assertThat(cookieLine(r, "outpost_session")).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/")
                .contains("Max-Age=2592000").doesNotContain("Secure");
        Response settings = outpost.send("GET", "/settings", null, Map.of("Cookie", "outpost_session=" + session));
        assertThat(settings.status()).isEqualTo(200);
        assertThat(Jsoup.parse(settings.body()).selectFirst("form[action=/logout] button").text()).contains(TestOutpost.OWNER_EMAIL);
    }

    @ParameterizedTest(name = "next={0} goes to {1}")
    @CsvSource({"//evil.example/x, /", "/\\evil.example, /", "https://evil.example/, /", "'', /", "/sites/a?b=c, /sites/a?b=c"})
    void nextStaysOnThisServer(String next, String expected) {
        Response r = login("198.51.100.2", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD, next);
        assertThat(r.status()).isEqualTo(303);
        assertThat(location(r)).isEqualTo(expected);
    }

    @Test
    void aWrongPasswordOrUnknownEmailGetsTheSameGenericAnswer() {
        Response wrong = login("198.51.100.3", TestOutpost.OWNER_EMAIL, "not the password", "/settings");
        Response unknown = login("198.51.100.3", "nobody@example.com", "not the password", "/settings");
        for (Response r : new Response[] {wrong, unknown}) {
            assertThat(r.status()).isEqualTo(401);
            var doc = Jsoup.parse(r.body());
            assertThat(doc.selectFirst(".error").text()).isEqualTo("Wrong email or password.");
            assertThat(doc.selectFirst("input[name=next]").val()).isEqualTo("/settings");
            assertThat(TestOutpost.setCookie(r, "outpost_session")).isNull();
        }
    }

    @Test
    void anEmptyFieldIsNamed() {
        Response r = login("198.51.100.4", "", "x", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(Jsoup.parse(r.body()).selectFirst(".error").text()).isEqualTo("email: is required");
    }

    @Test
    void pagesSendStrangersToSignInAndBack() {
        Response r = outpost.send("GET", "/settings?x=1&y=2", null, Map.of());
        assertThat(r.status()).isEqualTo(303);
        assertThat(location(r)).isEqualTo("/login?next=%2Fsettings%3Fx%3D1%26y%3D2");
        Response form = outpost.send("GET", location(r), null, Map.of());
        assertThat(Jsoup.parse(form.body()).selectFirst("input[name=next]").val()).isEqualTo("/settings?x=1&y=2");
        Response stale = outpost.send("GET", "/settings", null, Map.of("Cookie", "outpost_session=" + "x".repeat(43)));
        assertThat(stale.status()).isEqualTo(303);
    }

    @Test
    void aSignedInUserSkipsTheLoginForm() {
        Browser b = outpost.signedIn();
        Response r = b.get("/login?next=/settings");
        assertThat(r.status()).isEqualTo(303);
        assertThat(location(r)).isEqualTo("/settings");
    }

    @Test
    void sixthFailureForOneEmailIsRefusedEvenWithTheRightPassword() {
        // A success first clears the account's failures from other tests; then five addresses, one account.
        assertThat(login("203.0.113.100", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD, null).status()).isEqualTo(303);
        for (int i = 1; i <= LoginLimiter.MAX_FAILURES; i++) {
            assertThat(login("203.0.113." + i, TestOutpost.OWNER_EMAIL, "guess number " + i, null).status()).isEqualTo(401);
        }
        Response r = login("203.0.113.99", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD, null);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.raw().headers().firstValue("Retry-After")).hasValue("900");
        assertThat(Jsoup.parse(r.body()).selectFirst(".error").text()).isEqualTo("Too many failed sign-ins. Try again in 15 minutes.");
        assertThat(TestOutpost.setCookie(r, "outpost_session")).isNull();

        CLOCK.advance(LoginLimiter.WINDOW);
        Response later = login("203.0.113.99", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD, null);
        assertThat(later.status()).isEqualTo(303);
    }

    @Test
    void sixthFailureFromOneAddressIsRefusedWhateverTheEmail() {
        for (int i = 1; i <= LoginLimiter.MAX_FAILURES; i++) {
            assertThat(login("192.0.2.7", "someone" + i + "@example.com", "guess number " + i, null).status()).isEqualTo(401);
        }
        Response r = login("192.0.2.7", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD, null);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
        // Another address is not held back by this one.
        assertThat(login("192.0.2.8", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD, null).status()).isEqualTo(303);
    }

    @Test
    void logoutEndsTheSession() {
        Browser b = outpost.signedIn();
        Response refused = b.postForm("/logout", Map.of("csrf", "wrong"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(b.get("/settings").status()).as("a refused logout changes nothing").isEqualTo(200);

        Response r = b.postForm("/logout", Map.of());
        assertThat(r.status()).isEqualTo(303);
        assertThat(location(r)).isEqualTo("/login");
        assertThat(cookieLine(r, "outpost_session")).startsWith("outpost_session=;").contains("Expires=Thu, 01 Jan 1970");
        // The old cookie no longer opens anything, even if a browser kept it.
        assertThat(b.get("/settings").status()).isEqualTo(303);
    }

    @Test
    void cookiesAreSecureWhenATrustedProxySaysHttps() {
        Response r = preLogin(outpost, "/login", form("email", TestOutpost.OWNER_EMAIL, "password", TestOutpost.OWNER_PASSWORD),
                Map.of("X-Forwarded-For", "198.51.100.9", "X-Forwarded-Proto", "https"));
        assertThat(r.status()).isEqualTo(303);
        assertThat(cookieLine(r, "outpost_session")).contains("Secure").contains("HttpOnly");
        Response form = outpost.send("GET", "/login", null, Map.of("X-Forwarded-Proto", "https"));
        assertThat(cookieLine(form, "outpost_csrf")).contains("Secure");
    }

    @Test
    void cookiesAreSecureWhenThePublicUrlIsHttps() {
        Response setup = preLogin(behindHttps, "/setup", form("email", TestOutpost.OWNER_EMAIL, "password", TestOutpost.OWNER_PASSWORD,
                "site", "secure.example", "timezone", "UTC"));
        assertThat(setup.status()).isEqualTo(303);
        assertThat(cookieLine(setup, "outpost_session")).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }

    @Test
    void thePasswordIsStoredAsAPbkdf2HashNeverAsText() {
        String stored = storedHash(TestOutpost.OWNER_EMAIL);
        assertThat(stored).matches("pbkdf2-sha256\\$600000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}")
                .doesNotContain(TestOutpost.OWNER_PASSWORD);
        assertThat(Passwords.verify(TestOutpost.OWNER_PASSWORD, stored)).isTrue();
    }

    @Test
    void tooLongPasswordsAreNotHashed() {
        String before = storedHash(TestOutpost.OWNER_EMAIL);
        Response unknown = login("198.51.100.10", "long@example.com", "x".repeat(5000), null);
        Response owner = login("198.51.100.10", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD + "x".repeat(5000), null);
        for (Response r : new Response[] {unknown, owner}) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(TestOutpost.setCookie(r, "outpost_session")).isNull();
        }
        assertThat(storedHash(TestOutpost.OWNER_EMAIL)).as("nothing stored for the long password").isEqualTo(before);
        assertThat(storedHash("long@example.com")).as("no account made").isNull();
    }

    /** The password column of a user, read from the server's own database. */
    private static String storedHash(String email) {
        try (Database db = Database.open(outpost.jdbcUrl())) {
            return db.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE email = :email")
                    .bind("email", email).mapTo(String.class).findOne().orElse(null));
        }
    }
}
