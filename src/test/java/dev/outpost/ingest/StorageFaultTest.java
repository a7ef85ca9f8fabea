package dev.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestDatabases;
import dev.outpost.support.TestOutpost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One event must never stop storage: text that PostgreSQL refuses is cleaned before it is stored,
 * and an event the database refuses anyway (here a trigger refuses one path) is set aside while
 * the rest of its batch is stored. Runs on SQLite and on PostgreSQL.
 */
class StorageFaultTest {
    /** The one path the test's trigger refuses, on either database. */
    private static final String POISON = "/poison-pill";

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    @BeforeAll
    static void aDatabaseThatRefusesOneRow() throws Exception {
        try (Connection c = DriverManager.getConnection(outpost.jdbcUrl()); Statement s = c.createStatement()) {
            if (TestDatabases.isPostgres()) {
                s.execute("""
                        CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                          IF NEW.path = '%s' THEN RAISE EXCEPTION 'this row is refused'; END IF;
                          RETURN NEW;
                        END $$""".formatted(POISON));
                s.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
            } else {
                s.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON events WHEN NEW.path = '" + POISON + "' "
                        + "BEGIN SELECT RAISE(ABORT, 'this row is refused'); END");
            }
        }
    }

    @Test
    void controlCharactersDecodedFromTheUrlAreStrippedAndStorageGoesOn() {
        outpost.createSite("pg.example");
        // %00 is what PostgreSQL refuses in text; CR/LF, DEL and C1 controls ride along in the same fields.
        var r = outpost.beacon("""
                {"site":"pg.example","url":"https://pg.example/a%00b%0D%0Ac?x=%7F1&utm_source=news%00letter&utm_medium=e%0Amail\
                &utm_campaign=%C2%85launch&utm_content=%00&utm_term=t%09erm&utm_id=%00id&gclid=1","props":{"k":"v"}}""");
        assertThat(r.status()).isEqualTo(202);
        assertThat(outpost.beacon("{\"site\":\"pg.example\",\"url\":\"https://pg.example/after\"}").status()).isEqualTo(202);

        List<JsonNode> events = outpost.exportEvents("pg.example");
        assertThat(events).extracting(e -> e.get("path").asText()).containsExactly("/abc?x=%7F1", "/after");
        JsonNode e = events.get(0);
        assertThat(e.get("utm_source").asText()).isEqualTo("newsletter");
        assertThat(e.get("utm_medium").asText()).isEqualTo("email");
        assertThat(e.get("utm_campaign").asText()).isEqualTo("launch");
        assertThat(e.get("utm_term").asText()).isEqualTo("term");
        events.forEach(ev -> ev.fields().forEachRemaining(f -> assertThat(f.getValue().asText())
                .as(f.getKey()).doesNotContainPattern("[\\x00-\\x1F\\x7F\\x80-\\x9F]")));
    }

    @Test
    void anEventTheDatabaseRefusesIsSetAsideAndTheRestOfItsBatchIsStored() {
        outpost.createSite("busy.example");
        List<Integer> statuses = sendAtOnce("busy.example", 400, 200);
        assertThat(statuses).containsOnly(202);

        List<JsonNode> stored = outpost.exportEvents("busy.example");
        assertThat(stored).hasSize(399);
        assertThat(stored).extracting(e -> e.get("path").asText()).doesNotContain(POISON).doesNotHaveDuplicates();
        assertThat(outpost.get("/metrics").body()).contains("outpost_events_dropped_total{reason=\"unstorable\"} 1\n");
        assertThat(outpost.get("/api/v1/drops?site=busy.example").json().get("drops").get("unstorable").asLong()).isEqualTo(1);
        // Storage goes on afterwards.
        assertThat(outpost.beacon("{\"site\":\"busy.example\",\"url\":\"https://busy.example/later\"}").status()).isEqualTo(202);
        assertThat(outpost.exportEvents("busy.example")).hasSize(400);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shutdownWithARefusedEventQueuedEndsAndStoresTheRest() throws Exception {
        outpost.createSite("sigterm.example");
        assertThat(sendAtOnce("sigterm.example", 200, 100)).containsOnly(202);
        // Straight to shutdown, as on SIGTERM: the refused event must not keep it waiting.
        outpost.restart();
        assertThat(outpost.exportEvents("sigterm.example")).hasSize(199);
    }

    /** Sends n beacons at once to distinct paths, the one at {@code poisonAt} to the refused path; their statuses. */
    private static List<Integer> sendAtOnce(String site, int n, int poisonAt) {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = i == poisonAt ? POISON : "/p" + i;
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(outpost.baseUrl() + "/api/event"))
                    .header("Content-Type", "text/plain").header("User-Agent", TestOutpost.CHROME)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"site\":\"" + site + "\",\"url\":\"https://" + site + path + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        return calls.stream().map(c -> c.join().statusCode()).toList();
    }
}
