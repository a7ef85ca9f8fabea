package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.Outpost;
import dev.outpost.ingest.VisitorIds;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The day's salt in the database is not enough to trace a visitor id to an IP: whoever has only a
 * copy of the database cannot recompute the ids, while nodes that share the key all agree.
 */
class SaltKeyTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    static final String KEY = "a shared secret of every node, 32+ chars";

    @RegisterExtension
    static TestOutpost keyed = new TestOutpost().withClock(CLOCK).with("OUTPOST_SALT_KEY", KEY);

    /** The default: on SQLite a key file next to the database; on PostgreSQL no key. */
    @RegisterExtension
    static TestOutpost plain = new TestOutpost().withClock(CLOCK);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDatabaseAloneDoesNotGiveTheIdsButTheKeyDoes() throws Exception {
        long site = keyed.createSite("dump.example").get("id").asLong();
        beacon(keyed.server().port(), "dump.example");
        String stored = keyed.exportEvents("dump.example").get(0).get("visitor_id").asText();
        try (Database copy = Database.open(keyed.jdbcUrl())) {
            assertThat(id(copy, null, site)).as("hashed with the stored salt, as from a dump").isNotEqualTo(stored);
            assertThat(id(copy, KEY.getBytes(StandardCharsets.UTF_8), site)).isEqualTo(stored);
        }
    }

    @Test
    void twoNodesWithTheSameKeyGiveAVisitorOneId() throws Exception {
        keyed.createSite("nodes.example");
        try (Outpost nodeB = Outpost.start(keyed.config(keyed.jdbcUrl()), CLOCK)) {
            beacon(keyed.server().port(), "nodes.example");
            assertThat(keyed.server().awaitCommitted(10_000)).isTrue();
            beacon(nodeB.port(), "nodes.example");
            assertThat(nodeB.awaitCommitted(10_000)).isTrue();
        }
        var events = keyed.exportEvents("nodes.example");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("visitor_id").asText()).isEqualTo(events.get(1).get("visitor_id").asText());
    }

    @Tag("sqlite-only")
    @Test
    void onSqliteTheKeyIsAFileBesideTheDatabaseOnlyItsOwnerReads() throws Exception {
        long site = plain.createSite("file.example").get("id").asLong();
        beacon(plain.server().port(), "file.example");
        String stored = plain.exportEvents("file.example").get(0).get("visitor_id").asText();
        Path keyFile = Path.of(plain.jdbcUrl().substring("jdbc:sqlite:".length()) + ".salt-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        try (Database copy = Database.open(plain.jdbcUrl())) {
            assertThat(id(copy, null, site)).isNotEqualTo(stored);
            assertThat(id(copy, SaltStore.key(null, plain.jdbcUrl()), site)).isEqualTo(stored);
        }
    }

    private static String id(Database db, byte[] key, long site) {
        return new VisitorIds(new SaltStore(db, key)).daily(site, "127.0.0.1", TestOutpost.CHROME, CLOCK.millis());
    }

    private void beacon(int port, String site) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/event"))
                .header("Content-Type", "text/plain").header("User-Agent", TestOutpost.CHROME)
                .POST(HttpRequest.BodyPublishers.ofString("{\"site\":\"" + site + "\",\"url\":\"https://" + site + "/\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
}
