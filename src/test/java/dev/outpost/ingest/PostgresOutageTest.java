package dev.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestOutpost;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under beacon load (a real fast shutdown: sessions are ended with 57P01, then
 * connections are refused) and started again on the same data: every beacon answered 202 is
 * stored. The outage lasts 5 s here; {@code OUTPOST_TEST_OUTAGE_SECONDS=20} runs the long one
 * (bench/storage-faults.sh). Runs in the PostgreSQL execution of the suite.
 */
class PostgresOutageTest {
    private static final int OUTAGE_SECONDS = Integer.parseInt(System.getenv().getOrDefault("OUTPOST_TEST_OUTAGE_SECONDS", "5"));

    @Tag("postgres-only")
    @Test
    void everyAcceptedBeaconIsStoredWhenPostgresIsStoppedAndStartedAgainUnderLoad() throws Exception {
        Path data = Files.createTempDirectory("outpost-pg-outage");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = postgres(data, port);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE outage");
        }
        // A queue that fills during the outage, so beacons also meet 503s.
        TestOutpost outpost = new TestOutpost().with("OUTPOST_QUEUE_CAPACITY", "3000")
                .withDatabase("jdbc:postgresql://localhost:" + port + "/outage?user=postgres");
        outpost.beforeAll(null);
        try {
            outpost.createSite("outage.example");
            long recovered;
            BeaconLoad load = new BeaconLoad(outpost.baseUrl(), "outage.example", 4);
            try {
                Thread.sleep(2_000);
                pg.close();
                Thread.sleep(OUTAGE_SECONDS * 1_000L);
                pg = postgres(data, port);
                long restarted = System.nanoTime();
                Thread.sleep(3_000);
                load.close();
                assertThat(outpost.server().awaitCommitted(120_000)).as("the writer catches up once PostgreSQL is back").isTrue();
                recovered = (System.nanoTime() - restarted) / 1_000_000;
            } finally {
                load.close();
            }
            List<JsonNode> exported = outpost.exportEvents("outage.example");
            int rows = exported.size();
            Set<String> lost = load.lostFrom(exported);
            System.out.printf("storage fault: PostgreSQL down %d s under load: %d beacons tried, %d accepted (202), %d busy (503), "
                            + "%d other answers, %d rows stored, %d accepted beacons lost, %d stored twice, queue drained %d ms after restart%n",
                    OUTAGE_SECONDS, load.tried(), load.accepted().size(), load.busy(), load.unexpected().size(), rows, lost.size(),
                    rows - exported.stream().map(e -> e.get("path").asText()).distinct().count(), recovered);
            assertThat(load.unexpected()).as("answers other than 202 and 503").isEmpty();
            assertThat(lost).as("beacons answered 202 but not stored").isEmpty();
            assertThat(rows).as("rows stored, one per accepted beacon").isEqualTo(load.accepted().size());
        } finally {
            outpost.afterAll(null);
            pg.close();
        }
    }

    /** A PostgreSQL server on this data directory and port; the data outlives it. */
    private static EmbeddedPostgres postgres(Path data, int port) throws java.io.IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }
}
