package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.Outpost;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes behind a load balancer share one database: a site added on one counts on the other,
 * both hash a visitor with the same daily salt, and a visitor's events on either node make one
 * visit. (With -Doutpost.test.db=postgres, as CI runs it, the shared database is a real PostgreSQL.)
 */
class ScaleOutTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @RegisterExtension
    static TestOutpost nodeA = new TestOutpost().withClock(CLOCK);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoNodesOnOneDatabaseAgreeOnSitesAndVisitors() throws Exception {
        try (Outpost nodeB = Outpost.start(nodeA.config(nodeA.jdbcUrl()), CLOCK)) {
            nodeA.createSite("shared.example");
            for (int i = 0; i < 10; i++) {
                // Alternate nodes the way a round-robin balancer would, same visitor each time.
                beacon(i % 2 == 0 ? nodeA.server().port() : nodeB.port(), "shared.example", "/" + i);
                // Each node's writer commits before the other node takes the next event.
                assertThat(nodeA.server().awaitCommitted(10_000) && nodeB.awaitCommitted(10_000)).isTrue();
            }
            List<JsonNode> events = nodeA.exportEvents("shared.example");
            assertThat(events).hasSize(10);
            assertThat(events.stream().map(e -> e.get("visitor_id").asText()).distinct()).hasSize(1);
            // Each node remembers the visit it wrote last; the counts of both nodes' events add up.
            assertThat(events.stream().map(e -> e.get("session_id").asLong()).distinct()).hasSize(1);
            assertThat(visit(events.get(0).get("session_id").asLong()))
                    .containsEntry("pageviews", 10L).containsEntry("events", 10L);
        }
    }

    @Test
    void aVisitCarriedOnByTheOtherNodeContinuesOnThisOne() throws Exception {
        try (Outpost nodeB = Outpost.start(nodeA.config(nodeA.jdbcUrl()), CLOCK)) {
            nodeA.createSite("relay.example");
            beacon(nodeA.server().port(), "relay.example", "/a");
            assertThat(nodeA.server().awaitCommitted(10_000)).isTrue();
            CLOCK.advance(Duration.ofMinutes(20));
            beacon(nodeB.port(), "relay.example", "/b");
            assertThat(nodeB.awaitCommitted(10_000)).isTrue();
            // 40 minutes after node A last saw the visitor, 20 after node B did: still the same visit.
            CLOCK.advance(Duration.ofMinutes(20));
            beacon(nodeA.server().port(), "relay.example", "/c");
            assertThat(nodeA.server().awaitCommitted(10_000)).isTrue();

            List<JsonNode> events = nodeA.exportEvents("relay.example");
            assertThat(events).hasSize(3);
            assertThat(events.stream().map(e -> e.get("session_id").asLong()).distinct()).hasSize(1);
            Map<String, Long> visit = visit(events.get(0).get("session_id").asLong());
            assertThat(visit).containsEntry("events", 3L)
                    .containsEntry("last_seen", CLOCK.instant().toEpochMilli());
        }
    }

    private void beacon(int port, String site, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/event"))
                .header("Content-Type", "text/plain").header("User-Agent", TestOutpost.CHROME)
                .POST(HttpRequest.BodyPublishers.ofString("{\"site\":\"" + site + "\",\"url\":\"https://" + site + path + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private static Map<String, Long> visit(long id) {
        try (Database db = Database.open(nodeA.jdbcUrl())) {
            return db.jdbi().withHandle(h -> h.createQuery(
                            "SELECT pageviews, events, last_seen FROM sessions WHERE id = :id").bind("id", id)
                    .map((rs, ctx) -> Map.of("pageviews", rs.getLong(1), "events", rs.getLong(2), "last_seen", rs.getLong(3)))
                    .one());
        }
    }
}
