package dev.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.TestOutpost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad beacon gets a 4xx naming the problem, and nothing of it is stored. */
class BadBeaconTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    @BeforeAll
    static void site() {
        outpost.createSite("bad.example");
    }

    static Stream<Arguments> badBeacons() {
        String ok = "\"site\":\"bad.example\",\"url\":\"https://bad.example/\"";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"site\":\"bad.example\",", 400, "malformed JSON"),
                Arguments.of("trailing garbage", "{" + ok + "} x", 400, "malformed JSON"),
                Arguments.of("not an object", "[1,2,3]", 400, "must be a JSON object"),
                Arguments.of("empty body", "", 400, "body: empty"),
                Arguments.of("missing site", "{\"url\":\"https://bad.example/\"}", 400, "site: is required"),
                Arguments.of("missing url", "{\"site\":\"bad.example\"}", 400, "url: is required"),
                Arguments.of("site of wrong type", "{\"site\":42,\"url\":\"https://bad.example/\"}", 400, "site: must be a string"),
                Arguments.of("unknown site", "{\"site\":\"nobody.example\",\"url\":\"https://nobody.example/\"}", 404, "site: no site 'nobody.example'"),
                Arguments.of("foreign host", "{\"site\":\"bad.example\",\"url\":\"https://evil.example/\"}", 400, "url: host 'evil.example' is not bad.example"),
                Arguments.of("non-http url", "{\"site\":\"bad.example\",\"url\":\"javascript:alert(1)\"}", 400, "url: must be an http or https URL"),
                Arguments.of("ftp url", "{\"site\":\"bad.example\",\"url\":\"ftp://bad.example/x\"}", 400, "url: must be an http or https URL"),
                Arguments.of("unparseable url", "{\"site\":\"bad.example\",\"url\":\"https://bad.example/a b\"}", 400, "url: not a valid URL"),
                Arguments.of("relative url", "{\"site\":\"bad.example\",\"url\":\"/just/a/path\"}", 400, "url: must be an http or https URL"),
                Arguments.of("url too long", "{\"site\":\"bad.example\",\"url\":\"https://bad.example/" + "a".repeat(4100) + "\"}", 400, "url: longer than 4096"),
                Arguments.of("screen_width as text", "{" + ok + ",\"screen_width\":\"wide\"}", 400, "screen_width: must be a whole number"),
                Arguments.of("screen_width negative", "{" + ok + ",\"screen_width\":-5}", 400, "screen_width: must be from 0"),
                Arguments.of("name of wrong type", "{" + ok + ",\"name\":[\"x\"]}", 400, "name: must be a string"),
                Arguments.of("name too long", "{" + ok + ",\"name\":\"" + "n".repeat(101) + "\"}", 400, "name: longer than 100"),
                Arguments.of("props not an object", "{" + ok + ",\"props\":[1]}", 400, "props: must be an object"),
                Arguments.of("too many props", "{" + ok + ",\"props\":{" + manyProps(31) + "}}", 400, "props: more than 30 keys"),
                Arguments.of("prop value too long", "{" + ok + ",\"props\":{\"k\":\"" + "v".repeat(501) + "\"}}", 400, "props.k: longer than 500"),
                Arguments.of("prop key too long", "{" + ok + ",\"props\":{\"" + "k".repeat(101) + "\":\"v\"}}", 400, "props key: longer than 100"),
                Arguments.of("nested prop", "{" + ok + ",\"props\":{\"k\":{\"a\":1}}}", 400, "props.k: must be a string, number or boolean"),
                Arguments.of("revenue negative", "{" + ok + ",\"revenue\":{\"amount\":\"-1\",\"currency\":\"EUR\"}}", 400, "revenue.amount: must not be negative"),
                Arguments.of("revenue not a number", "{" + ok + ",\"revenue\":{\"amount\":\"lots\",\"currency\":\"EUR\"}}", 400, "revenue.amount: not a decimal"),
                Arguments.of("revenue without currency", "{" + ok + ",\"revenue\":{\"amount\":\"5\"}}", 400, "revenue.currency: is required"),
                Arguments.of("revenue unknown currency", "{" + ok + ",\"revenue\":{\"amount\":\"5\",\"currency\":\"XYZ\"}}", 400, "revenue.currency: unknown currency"),
                Arguments.of("revenue too precise", "{" + ok + ",\"revenue\":{\"amount\":\"1.0000001\",\"currency\":\"EUR\"}}", 400, "more than 6 decimal places"),
                Arguments.of("revenue as a string", "{" + ok + ",\"revenue\":\"29.90 EUR\"}", 400, "revenue: must be an object"),
                Arguments.of("control character in title", "{" + ok + ",\"title\":\"a\\u0007b\"}", 400, "title: contains a control character (U+0007)"),
                Arguments.of("control character in url", "{\"site\":\"bad.example\",\"url\":\"https://bad.example/\\u0000\"}", 400, "url: contains a control character"),
                Arguments.of("bad vid", "{" + ok + ",\"vid\":\"<script>\"}", 400, "vid: must be 8 to 128"),
                Arguments.of("scroll depth over 100", "{" + ok + ",\"scroll_depth\":150}", 400, "scroll_depth: must be from 0 to 100"),
                Arguments.of("webdriver as text", "{" + ok + ",\"webdriver\":\"yes\"}", 400, "webdriver: must be true or false"));
    }

    private static String manyProps(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBeacons")
    void refusesBadBeaconWithAnErrorNamingTheProblem(String name, String body, int status, String error) {
        var r = outpost.beacon(body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).contains(error);
    }

    @Test
    void refusesAnOversizedBody() {
        String body = "{\"site\":\"bad.example\",\"url\":\"https://bad.example/\",\"title\":\"" + "x".repeat(17 * 1024) + "\"}";
        var r = outpost.beacon(body);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).contains("larger than 16384 bytes");
    }

    @Test
    void refusesInvalidUtf8() throws Exception {
        byte[] prefix = "{\"site\":\"bad.example\",\"url\":\"https://bad.example/\",\"title\":\"".getBytes();
        byte[] body = new byte[prefix.length + 4];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3; // a lead byte with no continuation
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = '"';
        body[prefix.length + 3] = '}';
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(outpost.baseUrl() + "/api/event"))
                .header("Content-Type", "text/plain").header("User-Agent", TestOutpost.CHROME)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("not valid UTF-8");
    }

    @Test
    void refusesAnUnsupportedContentType() {
        var r = outpost.send("POST", "/api/event", "site=bad.example", java.util.Map.of(
                "Content-Type", "application/x-www-form-urlencoded", "User-Agent", TestOutpost.CHROME));
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.json().get("error").asText()).contains("Content-Type");
    }

    @AfterAll
    static void nothingWasStored() {
        assertThat(outpost.exportEvents("bad.example")).isEmpty();
        var metrics = outpost.send("GET", "/metrics", null, java.util.Map.of()).body();
        assertThat(metrics).contains("outpost_events_rejected_total{reason=\"invalid_field\"}");
        assertThat(metrics).contains("outpost_events_accepted_total 0");
    }
}
