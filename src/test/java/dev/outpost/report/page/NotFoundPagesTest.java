package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.TestOutpost;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A person who mistypes an address, or reloads a form's, gets a page; a program calling /api/ gets JSON. */
class NotFoundPagesTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    @Test
    void anUnknownPageIsAnHtmlPageForAPerson() {
        TestOutpost.Browser owner = outpost.signedIn();
        for (String path : new String[] {"/nope", "/settings/keys", "/sites/" + TestOutpost.OWNER_SITE + "/goals"}) {
            var r = owner.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
            var page = Jsoup.parse(r.body());
            assertThat(page.selectFirst("h1").text()).isEqualTo("Not found");
            assertThat(page.selectFirst("header.top nav")).as("the signed-in header").isNotNull();
        }
        assertThat(outpost.get("/nope").raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }

    @Test
    void anUnknownApiEndpointStaysJson() {
        var r = outpost.send("GET", "/api/v1/nope", null, Seed.ADMIN);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isNotBlank();
    }
}
