package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.Outpost;
import dev.outpost.support.TestOutpost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes behind a load balancer share one database: a site added on one counts on the other,
 * and both hash a visitor with the same daily salt. (With -Doutpost.test.db=postgres, as CI runs
 * it, the shared database is a real PostgreSQL.)
 */
class ScaleOutTest {
    @RegisterExtension
    static TestOutpost nodeA = new TestOutpost();

    @Test
    void twoNodesOnOneDatabaseAgreeOnSitesAndVisitors() throws Exception {
        try (Outpost nodeB = Outpost.start(nodeA.config(nodeA.jdbcUrl()))) {
            nodeA.createSite("shared.example");
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 10; i++) {
                // Alternate nodes the way a round-robin balancer would, same visitor each time.
                int port = i % 2 == 0 ? nodeA.server().port() : nodeB.port();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/event"))
                        .header("Content-Type", "text/plain").header("User-Agent", TestOutpost.CHROME)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"site\":\"shared.example\",\"url\":\"https://shared.example/" + i + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            }
            assertThat(nodeB.awaitCommitted(10_000)).isTrue();
            List<JsonNode> events = nodeA.exportEvents("shared.example");
            assertThat(events).hasSize(10);
            assertThat(events.stream().map(e -> e.get("visitor_id").asText()).distinct()).hasSize(1);
        }
    }
}
