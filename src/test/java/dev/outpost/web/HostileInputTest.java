package dev.outpost.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.support.TestDatabases;
import dev.outpost.support.TestOutpost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A generated corpus of hostile requests over every route: malformed, oversized, deeply nested,
 * wrongly typed, control characters and invalid UTF-8 (sent as raw bytes over a socket, so nothing
 * on our side cleans them), huge numbers, script and SQL text, path tricks. The server must never
 * answer 5xx, must answer every 4xx under /api with {@code {"error": ...}}, and must store exactly
 * the events it accepted, each one whole.
 */
class HostileInputTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SITE = TestOutpost.OWNER_SITE;
    static final String KEY = "Bearer " + TestOutpost.ADMIN_KEY;
    static final byte[] INVALID_UTF8 = {(byte) 0xff, (byte) 0xfe, (byte) 0xc0, (byte) 0xaf, (byte) 0xed, (byte) 0xa0, (byte) 0x80};

    /** JSON values put in place of every field of every JSON body (as JSON text). */
    static final List<String> VALUES = List.of("null", "true", "0", "-1", "3.5", "1e999999999", "-1e999999999",
            "1e-999999999", "1" + "0".repeat(999), "9".repeat(1001), "123456789012345678901234567890", "\"\"", "\" \"",
            "\"\\u0000\"", "\"bell\\u0007\\r\\nX-Injected: 1\"", "\"\\ud800\"", "\"<script>alert(1)</script>\"",
            "\"' OR 1=1 --\"", "\"'); DROP TABLE events; --\"", "\"../../../etc/passwd\"", "\"%ff%fe%00\"",
            "\"" + "a".repeat(5000) + "\"", "\"" + "b".repeat(150_000) + "\"", "\"\\u202e\\ud83d\\ude00\\u0085\"",
            "\"${jndi:ldap://x/a}\"", "[]", "{}", "[1,[2,[3]]]", "{\"a\":{\"b\":{}}}", "[".repeat(40) + "]".repeat(40),
            "\"+999999999-01-01\"", "\"-999999999-01-01\"", "[\"x\"]", "\"https://owner.example/\\u0000\"");

    /** Whole bodies sent to every JSON route instead of a good one. */
    static final List<byte[]> BODIES = List.of(bytes(""), bytes("null"), bytes("\"text\""), bytes("[1,2]"), bytes("{"),
            bytes("{\"site\":"), bytes("{}}"), bytes("{} junk"), bytes("[".repeat(8000)), bytes("{\"a\":".repeat(5000)),
            bytes("{\"k\":" + "7".repeat(1000) + "}"), bytes("{\"k\":1e999999999}"), bytes("\u0000{}"),
            join(bytes("{\"site\":\""), INVALID_UTF8, bytes("\"}")), join(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, bytes("{}")),
            bytes("{\"site\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"), bytes("{\"" + "n".repeat(5000) + "\":1}"),
            bytes("{\"site\":\"a\",\"site\":\"b\"}"), bytes("{\"__proto__\":{\"admin\":true}}"));

    /** Raw query values, as sent on the wire (percent-encoding left as is, or broken on purpose). */
    static final List<String> QUERY = List.of("%ff%fe", "%00", "%", "%zz", "%c0%af", "a".repeat(3000),
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'%20OR%201=1--", "..%2F..%2Fetc%2Fpasswd", "-999999999-01-01",
            "%2B999999999-12-31", "99999999999999999999", "-1", "1e999999999", "", "%E2%80%AE", "2026-02-30", "x&x=y",
            "%0d%0aSet-Cookie:%20x=1", "\u00ff\u00fe");

    static TestOutpost.Browser browser;
    static String postId;
    static String slug;
    static String share;

    record Req(String method, String target, Map<String, String> headers, byte[] body) {
        String shown() {
            String s = method + " " + target;
            return s.length() > 150 ? s.substring(0, 150) + "..." : s;
        }
    }

    record Answer(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void data() throws Exception {
        browser = outpost.signedIn();
        JsonNode post = outpost.send("POST", "/api/v1/posts", "{\"site\":\"" + SITE + "\",\"url\":\"https://news.ycombinator.com/item?id=4242\","
                + "\"title\":\"Hostile\",\"targets\":[\"https://" + SITE + "/landing\"]}", api()).json();
        postId = post.get("id").asText();
        slug = post.get("slug").asText();
        assertThat(outpost.send("POST", "/api/v1/goals", "{\"site\":\"" + SITE + "\",\"event\":\"signup\"}", api()).status())
                .isEqualTo(201);
        String url = Jsoup.parse(browser.postForm("/settings/shares", Map.of("site", SITE)).body())
                .selectFirst("#shared-links .secret input.copy").val();
        share = url.substring(url.indexOf("/share/"));
    }

    @Test
    void hostileRequestsGetNo5xxJsonErrorsAndOnlyAcceptedEventsAreStored() throws Exception {
        List<Req> corpus = corpus();
        List<String> failures = new ArrayList<>();
        int fiveHundreds = 0, accepted = 0, noAnswer = 0;
        Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        for (Req r : corpus) {
            Answer a = send(r);
            byStatus.merge(a.status(), 1, Integer::sum);
            if (a.status() == 0) {
                noAnswer++;
                failures.add("no answer: " + r.shown());
            } else if (a.status() >= 500) {
                fiveHundreds++;
                failures.add(a.status() + " " + r.shown() + " -> " + shorten(a.text()));
            } else if (a.status() >= 400 && r.target().startsWith("/api") && !r.method().equals("HEAD") && !isJsonError(a)) {
                failures.add(a.status() + " without {\"error\":...}: " + r.shown() + " -> " + a.contentType() + " " + shorten(a.text()));
            }
            if (isAcceptedEvent(r, a)) accepted++;
        }
        // Hostile text can name a site the corpus itself created (made.example...): count every site's events.
        List<JsonNode> exported = new ArrayList<>();
        for (JsonNode site : outpost.get("/api/v1/sites").json().get("sites")) exported.addAll(outpost.exportEvents(site.get("domain").asText()));
        String figures = String.format(Locale.ROOT, "hostile input (%s): %d requests, %d answered 5xx, %d unanswered, "
                        + "%d events accepted, %d exported; answers by status %s",
                TestDatabases.isPostgres() ? "postgres" : "sqlite", corpus.size(), fiveHundreds, noAnswer, accepted,
                exported.size(), byStatus);
        System.out.println(figures);

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        assertThat(failures).as(figures).isEmpty();
        assertThat(exported).as(figures).hasSize(accepted);
        for (JsonNode e : exported) {
            for (String f : new String[] {"ts", "name", "host", "path", "visitor_id"}) {
                assertThat(e.path(f).asText()).as(f + " of " + e).isNotBlank();
            }
        }
    }

    static Stream<Arguments> namedRefusals() {
        String ok = "\"site\":\"" + SITE + "\",\"url\":\"https://" + SITE + "/n\"";
        String query = "{\"site\":\"" + SITE + "\",\"metrics\":[\"visitors\"],";
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1200; i++) values.add("\"/p" + i + "\"");
        return Stream.of(
                Arguments.of("a number a billion digits long in props", "POST", "/api/event", beaconHeaders(),
                        "{" + ok + ",\"props\":{\"k\":1e999999999}}", "props.k: number longer than 500 digits"),
                Arguments.of("a tiny number a billion digits long in props", "POST", "/api/event", beaconHeaders(),
                        "{" + ok + ",\"props\":{\"k\":-1e-999999999}}", "props.k: number longer than 500 digits"),
                Arguments.of("a revenue a billion digits long", "POST", "/api/event", beaconHeaders(),
                        "{" + ok + ",\"revenue\":{\"amount\":1e999999999,\"currency\":\"EUR\"}}", "revenue.amount: too large"),
                Arguments.of("a revenue of a thousand digits as text", "POST", "/api/event", beaconHeaders(),
                        "{" + ok + ",\"revenue\":{\"amount\":\"" + "1".repeat(1000) + "\",\"currency\":\"EUR\"}}",
                        "revenue.amount: longer than 40 characters"),
                Arguments.of("a thousand-digit screen width", "POST", "/api/event", beaconHeaders(),
                        "{" + ok + ",\"screen_width\":" + "9".repeat(1000) + "}", "screen_width: number longer than 100 characters"),
                Arguments.of("a beacon nested 8000 deep", "POST", "/api/event", beaconHeaders(), "[".repeat(8000),
                        "body: nested deeper than 32 levels"),
                Arguments.of("props nested 8000 deep", "POST", "/api/event", beaconHeaders(),
                        "{" + ok + ",\"props\":{\"k\":" + "[".repeat(8000) + "}", "props.k[0]: nested deeper than 32 levels"),
                Arguments.of("a site nested 8000 deep", "POST", "/api/v1/sites", api(), "{\"domain\":" + "[".repeat(8000),
                        "domain[0][0]: nested deeper than 32 levels"),
                Arguments.of("a thousand-digit post id", "PATCH", "/api/v1/posts/" + postId, api(),
                        "{\"title\":" + "1".repeat(1000) + "}", "title: number longer than 100 characters"),
                Arguments.of("a thousand-digit count", "PUT", "/api/v1/posts/" + postId + "/engagement", api(),
                        "{\"likes\":" + "1".repeat(1000) + "}", "likes: number longer than 100 characters"),
                Arguments.of("a query limit of 1e999999999", "POST", "/api/v1/query", api(),
                        query + "\"limit\":1e999999999}", "limit: must be a whole number"),
                Arguments.of("trailing junk after an API body", "POST", "/api/v1/goals", api(),
                        "{\"site\":\"" + SITE + "\",\"event\":\"x\"} junk", "body: malformed JSON"),
                Arguments.of("U+0000 in an API text field", "POST", "/api/v1/goals", api(),
                        "{\"site\":\"" + SITE + "\",\"event\":\"a\\u0000b\"}", "event: contains a control character (U+0000)"),
                Arguments.of("U+0000 in a form field", "POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        "email=a%00b&password=x", "email: contains U+0000"),
                Arguments.of("invalid UTF-8 in the pixel's url", "GET", "/api/event.gif?site=" + SITE + "&url=%ff%fe", beaconHeaders(),
                        null, "url: not valid UTF-8"),
                Arguments.of("invalid UTF-8 in an API path", "GET", "/api/v1/posts/%ff%fe", api(), null, "request: "),
                Arguments.of("a query range in year 999999999", "POST", "/api/v1/query", api(),
                        query + "\"date_range\":[\"+999999999-01-01\",\"+999999999-01-02\"]}",
                        "date_range: +999999999-01-01 is not between 1970-01-01 and 9999-12-31"),
                Arguments.of("a query range in year -999999999", "POST", "/api/v1/query", api(),
                        query + "\"date_range\":[\"-999999999-01-01\",\"-999999999-01-02\"]}", "date_range: -999999999-01-01 is not between"),
                Arguments.of("an export from year -999999999", "GET", "/api/v1/export/events?site=" + SITE + "&from=-999999999-01-01", api(),
                        null, "from: -999999999-01-01 is not between 1970-01-01 and 9999-12-31"),
                Arguments.of("drops to year +999999999", "GET", "/api/v1/drops?site=" + SITE + "&to=%2B999999999-01-01", api(),
                        null, "to: +999999999-01-01 is not between"),
                Arguments.of("contains with 1,200 values", "POST", "/api/v1/query", api(),
                        query + "\"filters\":[[\"contains\",\"event:page\",[" + String.join(",", values) + "]]]}",
                        "filters[0]: at most 100 values"),
                Arguments.of("21 filters", "POST", "/api/v1/query", api(),
                        query + "\"filters\":[" + String.join(",", java.util.Collections.nCopies(21, "[\"is\",\"event:page\",[\"/\"]]")) + "]}",
                        "filters: at most 20 filters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedRefusals")
    void hostileValuesAreRefusedWith400NamingTheField(String name, String method, String target, Map<String, String> headers,
                                                      String body, String error) throws Exception {
        Answer a = send(new Req(method, target, headers, body == null ? null : bytes(body)));
        assertThat(a.status()).as(a.text()).isEqualTo(400);
        assertThat(isJsonError(a)).as(a.text()).isTrue();
        assertThat(JSON.readTree(a.body()).get("error").asText()).contains(error);
    }

    // ---------------------------------------------------------------- the corpus

    static List<Req> corpus() {
        List<Req> out = new ArrayList<>();
        String url = "https://" + SITE + "/hostile";
        jsonRoute(out, "POST", "/api/event", beaconHeaders(), "{\"site\":\"" + SITE + "\",\"url\":\"" + url + "\",\"name\":\"pageview\","
                + "\"referrer\":\"https://news.ycombinator.com/\",\"title\":\"t\",\"screen_width\":1280,\"props\":{\"plan\":\"pro\"},"
                + "\"revenue\":{\"amount\":\"9.90\",\"currency\":\"EUR\"},\"vid\":\"abcdefgh12\",\"engaged_ms\":5,\"scroll_depth\":50,"
                + "\"webdriver\":false}");
        // Inside props and revenue too: they are where numbers are kept.
        jsonRoute(out, "POST", "/api/event", beaconHeaders(), "{\"site\":\"" + SITE + "\",\"url\":\"" + url + "\",\"props\":{\"k\":\"v\"}}",
                "props", "k");
        jsonRoute(out, "POST", "/api/event", beaconHeaders(), "{\"site\":\"" + SITE + "\",\"url\":\"" + url + "\","
                + "\"revenue\":{\"amount\":\"1\",\"currency\":\"EUR\"}}", "revenue", "amount");
        jsonRoute(out, "POST", "/api/v1/sites", api(), "{\"domain\":\"made.example\",\"name\":\"n\",\"timezone\":\"UTC\",\"aliases\":[]}");
        jsonRoute(out, "POST", "/api/v1/posts", api(), "{\"site\":\"" + SITE + "\",\"url\":\"https://www.reddit.com/r/x/comments/abc/t/\","
                + "\"title\":\"t\",\"published_at\":\"2026-11-01T10:00:00Z\",\"campaign\":\"c\",\"slug\":\"made-slug\","
                + "\"targets\":[\"https://" + SITE + "/\"]}");
        jsonRoute(out, "PATCH", "/api/v1/posts/" + postId, api(), "{\"title\":\"t\",\"campaign\":\"c\",\"published_at\":\"2026-11-01\"}");
        jsonRoute(out, "PUT", "/api/v1/posts/" + postId + "/engagement", api(), "{\"comments\":1,\"shares\":2,\"likes\":3}");
        jsonRoute(out, "POST", "/api/v1/goals", api(), "{\"site\":\"" + SITE + "\",\"event\":\"e\",\"path\":null,\"name\":\"g\","
                + "\"value\":\"5\",\"currency\":\"EUR\"}");
        jsonRoute(out, "POST", "/api/v1/conversions", api(), "{\"site\":\"" + SITE + "\",\"goal\":\"signup\",\"idempotency_key\":\"k\","
                + "\"vid\":\"abcdefgh12\",\"revenue\":{\"amount\":\"5\",\"currency\":\"USD\"}}");
        jsonRoute(out, "POST", "/api/v1/conversions/refunds", api(), "{\"site\":\"" + SITE + "\",\"conversion\":\"k1\","
                + "\"idempotency_key\":\"r\",\"revenue\":{\"amount\":\"1\",\"currency\":\"USD\"}}");
        jsonRoute(out, "POST", "/api/v1/query", api(), "{\"site\":\"" + SITE + "\",\"metrics\":[\"visitors\",\"revenue\"],"
                + "\"date_range\":\"30d\",\"dimensions\":[\"visit:source\"],\"filters\":[[\"is\",\"visit:channel\",[\"social\"]]],"
                + "\"attribution\":\"first_touch\",\"order_by\":[[\"visitors\",\"desc\"]],\"limit\":10,\"page\":1,"
                + "\"include\":{\"comparison\":\"previous_period\"},\"currency\":\"EUR\"}");
        query(out);
        csvImport(out);
        beaconTransport(out);
        getRoutes(out);
        paths(out);
        forms(out);
        auth(out);
        return out;
    }

    /** The good body, then each field (at {@code path} inside it) replaced by each hostile value, then whole bad bodies. */
    static void jsonRoute(List<Req> out, String method, String target, Map<String, String> headers, String good, String... path) {
        out.add(new Req(method, target, headers, bytes(good)));
        JsonNode root = read(good);
        JsonNode holder = root;
        for (String p : path) holder = holder.get(p);
        for (Iterator<String> it = holder.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            for (String value : VALUES) {
                String marker = "\"\\u0001MARK\\u0001\"";
                ObjectNode copy = root.deepCopy();
                ObjectNode h = copy;
                for (String p : path) h = (ObjectNode) h.get(p);
                h.put(field, "\u0001MARK\u0001");
                String body = copy.toString().replace(marker, value);
                // A fresh idempotency key, so that accepted conversions are stored rather than duplicates.
                body = body.replace("\"idempotency_key\":\"k\"", "\"idempotency_key\":\"k" + out.size() + "\"");
                out.add(new Req(method, target, headers, bytes(body)));
            }
        }
        if (path.length == 0) for (byte[] b : BODIES) out.add(new Req(method, target, headers, b));
    }

    static void query(List<Req> out) {
        String head = "{\"site\":\"" + SITE + "\",\"metrics\":[\"visitors\"],";
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1200; i++) values.add("\"v" + i + "\"");
        StringBuilder manyFilters = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) manyFilters.append(i == 0 ? "" : ",").append("[\"contains\",\"event:page\",[\"/x").append(i).append("\"]]");
        manyFilters.append(']');
        for (String tail : List.of("\"date_range\":[\"+999999999-01-01\",\"+999999999-01-02\"]}",
                "\"date_range\":[\"-999999999-01-01\",\"-999999999-01-02\"]}", "\"date_range\":[\"-999999999-01-01\",\"2026-01-01\"]}",
                "\"date_range\":[\"9999-12-30\",\"9999-12-31\"],\"include\":{\"comparison\":\"previous_period\"}}",
                "\"date_range\":[\"1970-01-01\",\"1970-01-02\"],\"include\":{\"comparison\":\"previous_period\"}}",
                "\"date_range\":\"9999d\"}", "\"date_range\":\"0d\"}", "\"date_range\":[\"2026-02-30\",\"2026-03-01\"]}",
                "\"filters\":[[\"contains\",\"event:page\",[" + String.join(",", values) + "]]]}",
                "\"filters\":[[\"is\",\"visit:source\",[" + String.join(",", values) + "]]]}",
                "\"filters\":[[\"is_not\",\"visit:source\",[" + String.join(",", values) + "]]]}",
                "\"filters\":" + manyFilters + "}",
                "\"filters\":[[\"matches\",\"event:page\",[\"(a+)+$\"]]]}", "\"filters\":[[\"matches\",\"event:page\",[\"[\"]]]}",
                "\"filters\":[[\"contains\",\"event:page\",[\"%\",\"_\",\"\\\\\"]]]}", "\"limit\":1e999999999}",
                "\"page\":2147483647,\"limit\":10000}", "\"dimensions\":[\"time:minute\",\"time:hour\",\"time:day\"]}",
                "\"order_by\":[[\"visitors\",\"desc\"],[\"visitors\",\"asc\"]]}", "\"attribution\":\"time_decay:1e999999999\"}",
                "\"attribution\":\"time_decay:-1\"}", "\"attribution\":\"time_decay:0\"}", "\"attribution\":\"position_based:99999999999\"}")) {
            out.add(new Req("POST", "/api/v1/query", api(), bytes(head + tail)));
        }
    }

    /** {@code POST /api/v1/posts/import}: a CSV body, one hostile cell at a time. */
    static void csvImport(List<Req> out) {
        Map<String, String> csv = Map.of("Authorization", KEY, "Content-Type", "text/csv");
        String header = "url,target,title,published_at,campaign,comments,shares,likes\n";
        List<String> cells = List.of("", "\"", "\"\"\"", "\u0000", "<script>alert(1)</script>", "' OR 1=1 --", "1e999999999",
                "9".repeat(1000), "-1", "+999999999-01-01", "x".repeat(20_000), "a,b,c,d,e,f,g,h,i", "\r\n\r\n");
        for (int column = 0; column < 8; column++) {
            for (String cell : cells) {
                String[] row = {"https://news.ycombinator.com/item?id=" + (9000 + out.size()), "https://" + SITE + "/", "t",
                        "2026-11-01", "c", "1", "2", "3"};
                row[column] = cell;
                out.add(new Req("POST", "/api/v1/posts/import?site=" + SITE, csv, bytes(header + String.join(",", row) + "\n")));
            }
        }
        out.add(new Req("POST", "/api/v1/posts/import?site=" + SITE, csv, join(bytes(header + "https://x.example/"), INVALID_UTF8, bytes(",,,\n"))));
        out.add(new Req("POST", "/api/v1/posts/import?site=" + SITE, csv, bytes("\n".repeat(100_000))));
        out.add(new Req("POST", "/api/v1/posts/import?site=" + SITE, csv, bytes(header + "x,y\n".repeat(50_000))));
        out.add(new Req("POST", "/api/v1/posts/import?site=%ff", csv, bytes(header)));
    }

    /** Beacon headers and media types: what sendBeacon, curl and a hostile script each send. */
    static void beaconTransport(List<Req> out) {
        byte[] good = bytes("{\"site\":\"" + SITE + "\",\"url\":\"https://" + SITE + "/t\"}");
        for (String type : List.of("application/json", "text/plain;charset=UTF-8", "application/json; charset=latin1",
                "application/x-www-form-urlencoded", "\u00ff/\u00fe", "", "multipart/form-data; boundary=x")) {
            Map<String, String> h = new LinkedHashMap<>(beaconHeaders());
            h.put("Content-Type", type);
            out.add(new Req("POST", "/api/event", h, good));
        }
        for (String ua : List.of("", "\u00ff\u00fe", "x".repeat(6000), "curl/8.0", "() { :; }; echo pwned")) {
            Map<String, String> h = new LinkedHashMap<>(beaconHeaders());
            h.put("User-Agent", ua);
            out.add(new Req("POST", "/api/event", h, good));
        }
        for (String xff : List.of("999.999.999.999", "\u00ff", "1.2.3.4, , ,", "::::::", "x".repeat(4000), "[::1]:80")) {
            Map<String, String> h = new LinkedHashMap<>(beaconHeaders());
            h.put("X-Forwarded-For", xff);
            out.add(new Req("POST", "/api/event", h, good));
        }
        Map<String, String> lying = new LinkedHashMap<>(beaconHeaders());
        lying.put("Content-Length", "5");
        out.add(new Req("POST", "/api/event", lying, good));
        out.add(new Req("OPTIONS", "/api/event", Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "DELETE"), null));
        out.add(new Req("PUT", "/api/event", beaconHeaders(), good));
        out.add(new Req("DELETE", "/api/event", beaconHeaders(), null));
        for (String q : QUERY) {
            out.add(new Req("GET", "/api/event.gif?site=" + SITE + "&url=" + q, beaconHeaders(), null));
            out.add(new Req("GET", "/api/event.gif?site=" + q + "&url=https://" + SITE + "/gif", beaconHeaders(), null));
            out.add(new Req("GET", "/api/event.gif?site=" + SITE + "&url=https://" + SITE + "/gif&screen_width=" + q, beaconHeaders(), null));
            out.add(new Req("GET", "/api/event.gif?site=" + SITE + "&url=https://" + SITE + "/gif&" + q + "=" + q, beaconHeaders(), null));
        }
        out.add(new Req("GET", "/api/event.gif?site=" + SITE + "&url=https://" + SITE + "/gif", beaconHeaders(), null));
    }

    static void getRoutes(List<Req> out) {
        Map<String, String> page = Map.of("Cookie", browser.cookie());
        for (String q : QUERY) {
            for (String t : List.of("/api/v1/export/events?site=" + SITE + "&from=" + q, "/api/v1/export/events?site=" + SITE + "&to=" + q,
                    "/api/v1/export/events?site=" + q, "/api/v1/drops?site=" + SITE + "&from=" + q, "/api/v1/drops?site=" + SITE + "&to=" + q,
                    "/api/v1/posts?site=" + q, "/api/v1/goals?site=" + q, "/api/v1/sites?x=" + q, "/api/v1/posts/" + postId + "?model=" + q,
                    "/api/v1/posts/" + q, "/api/v1/posts/" + q + "/engagement")) {
                out.add(new Req("GET", t, api(), null));
            }
            out.add(new Req("DELETE", "/api/v1/goals/" + q, api(), null));
            out.add(new Req("POST", "/api/v1/posts/" + q + "/engagement/refresh", api(), null));
            out.add(new Req("DELETE", "/api/v1/posts/" + q, api(), null));
            for (String t : List.of("/go/" + q, "/go/" + slug + "?to=" + q, "/share/" + q, share + "?period=" + q,
                    share + "?period=custom&from=" + q + "&to=2026-01-01", share + "/export/" + q + ".csv", share + "?f=" + q)) {
                out.add(new Req("GET", t, Map.of("User-Agent", TestOutpost.CHROME), null));
            }
            out.add(new Req("HEAD", "/go/" + q, Map.of(), null));
            for (String t : List.of("/sites/" + SITE + "?period=" + q, "/sites/" + SITE + "?period=custom&from=" + q + "&to=2026-01-01",
                    "/sites/" + SITE + "?f=" + q, "/sites/" + SITE + "?model=" + q, "/sites/" + q, "/sites/" + SITE + "/export/" + q + ".csv",
                    "/sites/" + SITE + "/export/sources.csv?period=" + q, "/sites/" + SITE + "/posts/" + q, "/sites/" + SITE + "/setup?x=" + q,
                    "/sites/" + SITE + "/live.json?x=" + q, "/login?next=" + q, "/setup?x=" + q, "/?x=" + q, "/settings?x=" + q)) {
                out.add(new Req("GET", t, page, null));
            }
        }
    }

    static void paths(List<Req> out) {
        for (String t : List.of("/api/v1/posts/..%2f..%2fsites", "/api/v1/posts/%2e%2e/sites", "/api/v1//sites", "/api/v1/sites/",
                "/api/v1/posts/1;x=y", "/api/v1/posts/%ff", "/api/v1/../v1/sites", "/api/./v1/sites", "/api/v1/posts/99999999999999999999",
                "/api/v1/posts/-1", "/api/v1/posts/0x10", "/api/v1/nope", "/api/%00", "/api/v1/sites%00", "/assets/../../etc/passwd",
                "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/%ff", "/js/outpost.js?%ff", "/go/%2e%2e", "/go/..", "/share/%ff%fe",
                "/sites/%ff", "/sites/" + SITE + "/posts/99999999999999999999999", "/%ff", "/api/event.gif/..", "/api/event.gif;x",
                "/api/openapi.json?%ff", "/healthz?%ff", "/metrics?x=%ff", "/" + "a".repeat(6000), "/api/v1/" + "a".repeat(6000),
                "/sites/" + SITE + "/posts/" + postId + "/%2e%2e/%2e%2e")) {
            out.add(new Req("GET", t, merge(api(), Map.of("Cookie", browser.cookie())), null));
        }
        for (String m : List.of("DELETE /api/v1/sites", "PUT /api/v1/query", "PATCH /api/v1/sites", "TRACE /", "OPTIONS /api/v1/sites",
                "GET /api/v1/query", "POST /api/v1/export/events", "HEAD /api/v1/sites", "BREW /api/v1/sites", "GET /api/event",
                "POST /api/event.gif", "PROPFIND /sites/" + SITE)) {
            String[] p = m.split(" ");
            out.add(new Req(p[0], p[1], merge(api(), Map.of("Cookie", browser.cookie())), null));
        }
        out.add(new Req("GET", "http://evil.example/api/v1/sites", api(), null));
        out.add(new Req("GET", "*", api(), null));
    }

    static void forms(List<Req> out) {
        Map<String, List<String>> routes = new LinkedHashMap<>();
        routes.put("/login", List.of("email", "password", "next"));
        routes.put("/setup", List.of("email", "password", "site", "timezone"));
        routes.put("/sites", List.of("domain", "name", "timezone"));
        routes.put("/sites/" + SITE + "/posts", List.of("url", "title", "target"));
        routes.put("/sites/" + SITE + "/goals", List.of("event", "path", "name", "value", "currency"));
        routes.put("/sites/" + SITE + "/posts/" + postId + "/engagement", List.of("comments", "shares", "likes"));
        routes.put("/settings/keys", List.of("name", "scope"));
        routes.put("/settings/shares", List.of("site"));
        routes.put("/settings/keys/99999999999999999999/revoke", List.of("x"));
        List<String> values = List.of("", "\u0000", "<script>alert(1)</script>", "' OR 1=1 --", "x".repeat(20_000), "99999999999999999999",
                "-1", "1e999999999", "../../etc/passwd", "\ud83d\ude00\u202e", "https://evil.example/", "-999999999-01-01");
        Map<String, String> session = Map.of("Cookie", browser.cookie(), "Content-Type", "application/x-www-form-urlencoded");
        routes.forEach((path, fields) -> {
            for (String field : fields) {
                for (String v : values) {
                    Map<String, String> form = new LinkedHashMap<>();
                    for (String f : fields) form.put(f, "ok");
                    form.put(field, v);
                    form.put("csrf", browser.csrf());
                    out.add(new Req("POST", path, session, bytes(TestOutpost.formBody(form))));
                }
                out.add(new Req("POST", path, session, join(bytes("csrf=" + browser.csrf() + "&" + field + "="), INVALID_UTF8)));
                out.add(new Req("POST", path, session, bytes("csrf=" + browser.csrf() + "&" + field + "=%ff%fe%c0%af")));
            }
            out.add(new Req("POST", path, session, bytes("csrf=" + browser.csrf() + "&%zz=%&&&=")));
            out.add(new Req("POST", path, Map.of("Content-Type", "application/x-www-form-urlencoded"), bytes("csrf=forged")));
        });
    }

    static void auth(List<Req> out) {
        for (String a : List.of("", "Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer " + "x".repeat(5000), "Bearer \u00ff\u00fe",
                "Bearer " + TestOutpost.ADMIN_KEY + "\u0000", "bearer " + TestOutpost.ADMIN_KEY.toUpperCase(Locale.ROOT))) {
            out.add(new Req("GET", "/api/v1/sites", Map.of("Authorization", a), null));
            out.add(new Req("POST", "/api/v1/query", Map.of("Authorization", a, "Content-Type", "application/json"), bytes("{}")));
        }
    }

    // ---------------------------------------------------------------- raw HTTP

    /** One request on its own connection; the target and header values go out byte for byte (chars 0-255). */
    Answer send(Req r) throws IOException {
        try (Socket s = new Socket("127.0.0.1", outpost.server().port())) {
            s.setSoTimeout(30_000);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            StringBuilder h = new StringBuilder(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\n");
            h.append("Host: 127.0.0.1:").append(outpost.server().port()).append("\r\nConnection: close\r\n");
            boolean length = false;
            for (var e : r.headers().entrySet()) {
                h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
                length |= e.getKey().equalsIgnoreCase("Content-Length");
            }
            if (r.body() != null && !length) h.append("Content-Length: ").append(r.body().length).append("\r\n");
            h.append("\r\n");
            head.write(latin1(h.toString()));
            if (r.body() != null) head.write(r.body());
            OutputStream out = s.getOutputStream();
            try {
                out.write(head.toByteArray());
                out.flush();
            } catch (SocketException e) {
                // The server may answer (413, 431) and close before reading all we send; read its answer.
            }
            return parse(readAll(s.getInputStream()));
        }
    }

    static byte[] readAll(InputStream in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) b.write(buf, 0, n);
        } catch (IOException e) {
            // a reset after the answer: keep what came
        }
        return b.toByteArray();
    }

    static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) return new Answer(0, null, raw);
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String type = null;
        boolean chunked = false;
        for (String l : lines) {
            String lower = l.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) type = l.substring(13).trim();
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        return new Answer(status, type, chunked ? dechunk(body) : body);
    }

    static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int eol = i;
            while (eol + 1 < body.length && !(body[eol] == '\r' && body[eol + 1] == '\n')) eol++;
            int size = Integer.parseInt(new String(body, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            if (size == 0) break;
            out.write(body, eol + 2, Math.min(size, body.length - eol - 2));
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    static boolean isJsonError(Answer a) {
        if (a.contentType() == null || !a.contentType().startsWith("application/json")) return false;
        try {
            JsonNode n = JSON.readTree(a.body());
            return n != null && n.isObject() && n.path("error").isTextual() && !n.path("error").asText().isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    /** A stored event: a beacon taken whole (202 {"ok":true}), a pixel (200) or a new server-side conversion (201). */
    static boolean isAcceptedEvent(Req r, Answer a) {
        String path = r.target().split("\\?")[0];
        if (r.method().equals("POST") && path.equals("/api/event")) return a.status() == 202 && a.text().contains("\"ok\":true");
        if (r.method().equals("GET") && path.equals("/api/event.gif")) return a.status() == 200;
        return r.method().equals("POST") && path.equals("/api/v1/conversions") && a.status() == 201;
    }

    // ---------------------------------------------------------------- small helpers

    static Map<String, String> api() {
        return Map.of("Authorization", KEY, "Content-Type", "application/json");
    }

    static Map<String, String> beaconHeaders() {
        return Map.of("Content-Type", "text/plain;charset=UTF-8", "User-Agent", TestOutpost.CHROME);
    }

    static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] join(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
