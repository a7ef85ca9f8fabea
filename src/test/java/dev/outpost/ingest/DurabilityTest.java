package dev.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.TestOutpost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accepted means stored: through a clean shutdown, and when the queue is full (503, not loss). */
class DurabilityTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    @RegisterExtension
    static TestOutpost tiny = new TestOutpost().with("OUTPOST_QUEUE_CAPACITY", "1");

    @Test
    void cleanShutdownCommitsEveryAcceptedEvent() throws Exception {
        outpost.createSite("drain.example");
        int accepted = 0;
        for (int i = 0; i < 200; i++) {
            var r = outpost.beacon("{\"site\":\"drain.example\",\"url\":\"https://drain.example/p" + i + "\"}");
            if (r.status() == 202) accepted++;
        }
        // Straight to shutdown, as on SIGTERM: whatever is still queued must be committed.
        outpost.restart();
        assertThat(accepted).isEqualTo(200);
        assertThat(outpost.exportEvents("drain.example")).hasSize(200);
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndLosesNothingItAccepted() throws Exception {
        tiny.createSite("full.example");
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(tiny.baseUrl() + "/api/event"))
                    .header("Content-Type", "text/plain").header("User-Agent", TestOutpost.CHROME)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"site\":\"full.example\",\"url\":\"https://full.example/" + i + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        int accepted = 0, busy = 0;
        for (var c : calls) {
            HttpResponse<String> r = c.join();
            if (r.statusCode() == 202) accepted++;
            if (r.statusCode() == 503) {
                busy++;
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(r.body()).contains("\"error\"");
            }
        }
        assertThat(accepted + busy).isEqualTo(400);
        assertThat(busy).as("a queue of one must turn some of 400 concurrent beacons away").isPositive();
        assertThat(tiny.exportEvents("full.example")).hasSize(accepted);
    }
}
