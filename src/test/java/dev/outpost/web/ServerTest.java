package dev.outpost.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestOutpost;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Health, metrics, the snippet asset, the export's range checks, and unknown routes. */
class ServerTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    @Test
    void healthSaysOkWhenTheDatabaseAnswers() {
        var r = outpost.send("GET", "/healthz", null, Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void servesTheSnippetGzippedWithAnEtagAndLongCaching() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(outpost.baseUrl() + "/js/outpost.js"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/javascript");
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("max-age=86400");
        String js = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes());
        assertThat(js).contains("/api/event");
        String etag = r.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(outpost.baseUrl() + "/js/outpost.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void metricsSpeakPrometheusText() {
        outpost.createSite("metrics.example");
        outpost.beacon("{\"site\":\"metrics.example\",\"url\":\"https://metrics.example/\"}");
        outpost.exportEvents("metrics.example");
        String m = outpost.send("GET", "/metrics", null, Map.of()).body();
        assertThat(m).contains("# TYPE outpost_events_accepted_total counter")
                .contains("outpost_events_accepted_total 1")
                .contains("outpost_queue_depth 0")
                .contains("outpost_batch_size_count")
                .contains("outpost_commit_seconds_sum");
    }

    @Test
    void exportFiltersByDayInTheSiteTimezoneAndRefusesBadRanges() {
        outpost.createSite("export.example");
        outpost.beacon("{\"site\":\"export.example\",\"url\":\"https://export.example/\"}");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        List<JsonNode> none = lines(outpost.get("/api/v1/export/events?site=export.example&from=2020-01-01&to=2020-01-31").body());
        assertThat(none).isEmpty();
        assertThat(outpost.exportEvents("export.example")).hasSize(1);
        var r = outpost.get("/api/v1/export/events?site=export.example&from=" + today + "&to=" + today);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        assertThat(lines(r.body())).hasSize(1);

        assertThat(outpost.get("/api/v1/export/events?site=export.example&from=yesterday").json().get("error").asText())
                .contains("from: 'yesterday' is not a day like 2026-11-30");
        assertThat(outpost.get("/api/v1/export/events?site=export.example&from=2026-02-01&to=2026-01-01").status()).isEqualTo(400);
        assertThat(outpost.get("/api/v1/export/events").json().get("error").asText()).contains("site: is required");
        assertThat(outpost.get("/api/v1/export/events?site=ghost.example").status()).isEqualTo(404);
    }

    @Test
    void unknownRoutesAnswerJson404() {
        var r = outpost.send("GET", "/api/nothing-here", null, Map.of());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).contains("/api/nothing-here");
    }

    private static List<JsonNode> lines(String body) {
        return body.lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
