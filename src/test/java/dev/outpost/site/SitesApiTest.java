package dev.outpost.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestOutpost;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SitesApiTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().with("OUTPOST_BASE_URL", "https://stats.example.net/");

    private static TestOutpost.Response post(String body) {
        return outpost.send("POST", "/api/v1/sites", body, Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
                "Content-Type", "application/json"));
    }

    @Test
    void createsASiteWithANormalisedDomainAndShowsTheSnippetToPaste() {
        var r = post("{\"domain\":\"https://WWW.Normal.Example:443/blog\",\"name\":\"My blog\",\"timezone\":\"Europe/Berlin\","
                + "\"aliases\":[\"normal-example.pages.dev\",\"www.normal.example\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode s = r.json();
        assertThat(s.get("domain").asText()).isEqualTo("normal.example");
        assertThat(s.get("name").asText()).isEqualTo("My blog");
        assertThat(s.get("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(s.get("aliases")).extracting(JsonNode::asText).containsExactly("normal-example.pages.dev");
        assertThat(s.get("snippet").asText()).isEqualTo(
                "<script defer data-site=\"normal.example\" src=\"https://stats.example.net/js/outpost.js\"></script>");

        JsonNode list = outpost.get("/api/v1/sites").json().get("sites");
        assertThat(list).extracting(n -> n.get("domain").asText()).contains("normal.example");
    }

    @Test
    void defaultsNameToTheDomainAndTimezoneToUtc() {
        JsonNode s = post("{\"domain\":\"defaults.example\"}").json();
        assertThat(s.get("name").asText()).isEqualTo("defaults.example");
        assertThat(s.get("timezone").asText()).isEqualTo("UTC");
    }

    @Test
    void refusesADomainOrAliasThatIsAlreadyTaken() {
        assertThat(post("{\"domain\":\"taken.example\",\"aliases\":[\"alias.taken.example\"]}").status()).isEqualTo(201);
        var again = post("{\"domain\":\"www.taken.example\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).contains("taken.example").contains("already belongs");
        var alias = post("{\"domain\":\"other.example\",\"aliases\":[\"alias.taken.example\"]}");
        assertThat(alias.status()).isEqualTo(409);
        // Nothing half-written: the refused site is not there.
        assertThat(outpost.get("/api/v1/sites").body()).doesNotContain("other.example");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing domain   | {"name":"x"}                                          | domain: is required
            bad domain       | {"domain":"not a domain!"}                            | domain: 'not a domain!' is not a host name
            bad timezone     | {"domain":"tz.example","timezone":"Mars/Olympus"}     | timezone: 'Mars/Olympus' is not an IANA time zone
            bad alias        | {"domain":"al.example","aliases":["no spaces.x"]}     | aliases: 'no spaces.x' is not a host name
            aliases as text  | {"domain":"al.example","aliases":"b.example"}         | aliases: must be an array
            domain as number | {"domain":5}                                          | domain: must be a string
            malformed        | {"domain":                                            | body: malformed JSON
            """)
    void refusesBadInputNamingTheField(String name, String body, String error) {
        var r = post(body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains(error);
    }

    @Test
    void asksForTheAdminKey() {
        var none = outpost.send("GET", "/api/v1/sites", null, Map.of());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("error").asText()).contains("Bearer");
        var wrong = outpost.send("GET", "/api/v1/sites", null, Map.of("Authorization", "Bearer nope"));
        assertThat(wrong.status()).isEqualTo(401);
        var export = outpost.send("GET", "/api/v1/export/events?site=x", null, Map.of());
        assertThat(export.status()).isEqualTo(401);
    }
}
