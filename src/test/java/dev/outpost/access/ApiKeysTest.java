package dev.outpost.access;

import static dev.outpost.access.AccessTesting.form;
import static dev.outpost.access.AccessTesting.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.store.Database;
import dev.outpost.support.TestOutpost;
import dev.outpost.support.TestOutpost.Browser;
import dev.outpost.support.TestOutpost.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API keys: made on the settings page or by the CLI, shown once, stored hashed, scoped, revoked at once. */
class ApiKeysTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    static Browser browser;

    @BeforeAll
    static void signIn() {
        browser = outpost.signedIn();
    }

    /** Creates a key on the settings page; the secret as the answer shows it. */
    private static String createOnPage(String name, String scope) {
        Response r = browser.postForm("/settings/keys", form("name", name, "scope", scope));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Jsoup.parse(r.body()).selectFirst(".secret input.copy").val();
    }

    private static Response call(String method, String path, String key, String body) {
        Map<String, String> h = key == null ? Map.of("Content-Type", "application/json")
                : Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json");
        return outpost.send(method, path, body, h);
    }

    @Test
    void aKeyMadeOnThePageIsShownOnceAndListedByItsPrefix() {
        Response r = browser.postForm("/settings/keys", form("name", "CI export", "scope", "read"));
        assertThat(r.status()).isEqualTo(200);
        Document doc = Jsoup.parse(r.body());
        String key = doc.selectFirst(".secret input.copy").val();
        assertThat(key).matches("op_[A-Za-z0-9_-]{43}");
        assertThat(doc.selectFirst(".secret").text()).contains("CI export").contains("shown only this once");

        Response later = browser.get("/settings");
        assertThat(later.status()).isEqualTo(200);
        assertThat(later.body()).doesNotContain(key).contains(key.substring(0, 8) + "…").contains("CI export");
        assertThat(Jsoup.parse(later.body()).select(".secret")).isEmpty();
    }

    @Test
    void keysAreStoredHashedOnly() throws Exception {
        String key = createOnPage("hash check", "admin");
        try (Database db = Database.open(outpost.jdbcUrl())) {
            List<Map<String, Object>> rows = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM api_keys").mapToMap().list());
            assertThat(rows.toString()).doesNotContain(key).contains(Secrets.sha256Hex(key));
            // Sessions and passwords likewise: no cookie, no password in the database.
            String sessions = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM login_sessions").mapToMap().list()).toString();
            assertThat(sessions).doesNotContain(browser.cookie().substring("outpost_session=".length()));
            String users = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM users").mapToMap().list()).toString();
            assertThat(users).doesNotContain(TestOutpost.OWNER_PASSWORD).contains("pbkdf2-sha256$600000$");
        }
    }

    @Test
    void aReadKeyMayReadAndQueryButNotWrite() {
        String key = createOnPage("reader", "read");
        assertThat(call("GET", "/api/v1/sites", key, null).status()).isEqualTo(200);
        Response query = call("POST", "/api/v1/query", key, "{\"site\":\"" + TestOutpost.OWNER_SITE + "\",\"metrics\":[\"visitors\"]}");
        assertThat(query.status()).as(query.body()).isEqualTo(200);

        Response write = call("POST", "/api/v1/posts", key, "{\"site\":\"owner.example\",\"url\":\"https://x.com/a/status/1\","
                + "\"target\":\"https://owner.example/\"}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("error").asText())
                .isEqualTo("Authorization: this key has scope 'read'; POST /api/v1/posts needs 'admin'");
        assertThat(call("DELETE", "/api/v1/goals/1", key, null).json().get("error").asText())
                .isEqualTo("Authorization: this key has scope 'read'; DELETE /api/v1/goals/1 needs 'admin'");
    }

    @Test
    void anAdminKeyMayWrite() {
        String key = createOnPage("deployer", "admin");
        Response r = call("POST", "/api/v1/sites", key, "{\"domain\":\"admin-key.example\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(siteDomains(key)).contains("admin-key.example");
    }

    /** The domains of all sites, as a key reads them back. */
    private static List<String> siteDomains(String key) {
        Response r = call("GET", "/api/v1/sites", key, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().findValuesAsText("domain");
    }

    @Test
    void aRevokedKeyStopsAtOnce() {
        String key = createOnPage("short-lived", "admin");
        assertThat(call("GET", "/api/v1/sites", key, null).status()).isEqualTo(200);
        Document settings = Jsoup.parse(browser.get("/settings").body());
        String action = settings.select("tr:contains(short-lived) form").attr("action");
        assertThat(action).matches("/settings/keys/\\d+/revoke");

        Response revoke = browser.postForm(action, Map.of());
        assertThat(revoke.status()).isEqualTo(303);
        assertThat(location(revoke)).isEqualTo("/settings");
        Response r = call("GET", "/api/v1/sites", key, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("Authorization: this API key (" + key.substring(0, 8) + "…) was revoked");
        assertThat(browser.postForm(action, Map.of()).status()).as("revoking twice").isEqualTo(404);
    }

    @Test
    void missingOrUnknownKeysAre401WithAHint() {
        Response none = call("GET", "/api/v1/sites", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(none.json().get("error").asText()).contains("Bearer <API key>").contains("Settings").contains("key add");
        Response unknown = call("GET", "/api/v1/sites", "op_" + "A".repeat(43), null);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(unknown.json().get("error").asText()).isEqualTo("Authorization: unknown API key");
    }

    @Test
    void theEnvironmentAdminKeyStillWorks() {
        Response r = call("POST", "/api/v1/sites", TestOutpost.ADMIN_KEY, "{\"domain\":\"env-key.example\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(siteDomains(TestOutpost.ADMIN_KEY)).contains("env-key.example");
    }

    @Test
    void aBrowserSessionIsNoApiKey() {
        Response r = outpost.send("GET", "/api/v1/sites", null, Map.of("Cookie", browser.cookie()));
        assertThat(r.status()).isEqualTo(401);
        Response post = outpost.send("POST", "/api/v1/sites", "{\"domain\":\"cookie.example\"}",
                Map.of("Cookie", browser.cookie(), "Content-Type", "application/json"));
        assertThat(post.status()).isEqualTo(401);
    }

    @Test
    void badKeyFormsAreRefusedNamingTheField() {
        Response noName = browser.postForm("/settings/keys", form("name", " ", "scope", "read"));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(Jsoup.parse(noName.body()).selectFirst(".error").text()).startsWith("name: is required");
        Response badScope = browser.postForm("/settings/keys", form("name", "x", "scope", "root"));
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(Jsoup.parse(badScope.body()).selectFirst(".error").text()).isEqualTo("scope: must be 'read', 'conversions' or 'admin', got 'root'");
        assertThat(browser.postForm("/settings/keys/abc/revoke", Map.of()).status()).isEqualTo(404);
        assertThat(browser.postForm("/settings/keys/999999/revoke", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aKeyFormWithoutItsCsrfTokenMakesNoKey() {
        Response r = browser.postForm("/settings/keys", form("name", "forged", "scope", "admin", "csrf", "not-the-token"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(Jsoup.parse(r.body()).text()).contains("This form has expired").contains("Reload the page");
        Response missing = outpost.send("POST", "/settings/keys", TestOutpost.formBody(form("name", "forged", "scope", "admin")),
                Map.of("Cookie", browser.cookie(), "Content-Type", "application/x-www-form-urlencoded"));
        assertThat(missing.status()).isEqualTo(403);
        assertThat(browser.get("/settings").body()).doesNotContain("forged");
    }

    @Test
    void theCliMakesListsAndRevokesKeys() throws Exception {
        String out = cli(0, "add", "--name", "from the shell", "--scope", "read");
        String key = out.lines().reduce((a, b) -> b).orElseThrow();
        assertThat(out).contains("created API key").contains("scope read").contains("not shown again");
        assertThat(key).matches("op_[A-Za-z0-9_-]{43}");
        assertThat(call("GET", "/api/v1/sites", key, null).status()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/sites", key, "{\"domain\":\"cli-read.example\"}").status()).isEqualTo(403);

        String list = cli(0, "list");
        assertThat(list).contains(key.substring(0, 8) + "…\tread\tfrom the shell").doesNotContain(key);
        String id = out.replaceAll("(?s).*created API key (\\d+).*", "$1");
        assertThat(cli(0, "revoke", id)).isEqualTo("revoked API key " + id + "\n");
        assertThat(call("GET", "/api/v1/sites", key, null).status()).isEqualTo(401);
        assertThat(cli(1, "revoke", id)).contains("no live API key");
        assertThat(cli(2, "add", "--name", "x")).contains("key add --name NAME --scope read|conversions|admin");
    }

    private static String cli(int expected, String... args) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = KeyCommands.key(List.of(args), outpost.config(outpost.jdbcUrl()), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isEqualTo(expected);
        return out;
    }
}
