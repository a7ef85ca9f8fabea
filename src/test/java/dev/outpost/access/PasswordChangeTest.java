package dev.outpost.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.TestOutpost;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Changing the owner's password on /settings: the current one asked, the first-run rules kept, other sessions ended. */
class PasswordChangeTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    static final String NEW_PASSWORD = "a much longer passphrase";

    @Test
    void refusesAWrongCurrentPasswordAShortOneAndAMismatchThenChangesItAndEndsOtherSessions() {
        TestOutpost.Browser here = outpost.signedIn();
        TestOutpost.Browser elsewhere = outpost.signedIn();
        Document settings = Jsoup.parse(here.get("/settings").body());
        assertThat(settings.selectFirst("#password form[action=/settings/password] input[name=current]")).isNotNull();

        var wrong = here.postForm("/settings/password", Map.of("current", "not it", "password", NEW_PASSWORD, "confirm", NEW_PASSWORD));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(Jsoup.parse(wrong.body()).selectFirst("#password .error").text()).isEqualTo("current: is not your password");
        var shortOne = here.postForm("/settings/password", Map.of("current", TestOutpost.OWNER_PASSWORD, "password", "short",
                "confirm", "short"));
        assertThat(shortOne.status()).isEqualTo(400);
        assertThat(Jsoup.parse(shortOne.body()).selectFirst("#password .error").text())
                .isEqualTo(Passwords.problem("short")).isEqualTo("password: must be at least 10 characters");
        var mismatch = here.postForm("/settings/password", Map.of("current", TestOutpost.OWNER_PASSWORD, "password", NEW_PASSWORD,
                "confirm", NEW_PASSWORD + "!"));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(Jsoup.parse(mismatch.body()).selectFirst("#password .error").text()).isEqualTo("confirm: does not match the new password");
        assertThat(elsewhere.get("/settings").status()).as("nothing changed yet").isEqualTo(200);

        var ok = here.postForm("/settings/password", Map.of("current", TestOutpost.OWNER_PASSWORD, "password", NEW_PASSWORD,
                "confirm", NEW_PASSWORD));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(Jsoup.parse(ok.body()).selectFirst(".notice").text()).startsWith("Password changed.");
        // This browser got a new session; the other one (a stolen cookie, say) is signed out.
        String session = TestOutpost.setCookie(ok, "outpost_session");
        assertThat(session).isNotNull();
        assertThat(outpost.send("GET", "/settings", null, Map.of("Cookie", "outpost_session=" + session)).status()).isEqualTo(200);
        assertThat(elsewhere.get("/settings").status()).isEqualTo(303);
        assertThat(here.get("/settings").status()).isEqualTo(303);

        try (var db = dev.outpost.store.Database.open(outpost.jdbcUrl())) {
            var stored = new dev.outpost.store.AccessStore(db).userByEmail(TestOutpost.OWNER_EMAIL).orElseThrow();
            assertThat(Passwords.verify(NEW_PASSWORD, stored.passwordHash())).isTrue();
            assertThat(Passwords.verify(TestOutpost.OWNER_PASSWORD, stored.passwordHash())).isFalse();
        }
    }

    @Test
    void withoutASessionThePasswordCannotBeChanged() {
        var r = outpost.send("POST", "/settings/password", "csrf=x&current=a&password=bbbbbbbbbbbb&confirm=bbbbbbbbbbbb",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(r.status()).isEqualTo(403);
    }
}
