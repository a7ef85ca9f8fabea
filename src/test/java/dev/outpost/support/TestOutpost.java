package dev.outpost.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.Outpost;
import dev.outpost.config.Config;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Outpost server for a test class: real HTTP on a free port, a fresh real database
 * (SQLite or PostgreSQL, see {@link TestDatabases}). Register it as a static field with
 * {@code @RegisterExtension}.
 */
public final class TestOutpost implements BeforeAllCallback, AfterAllCallback {
    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Outpost outpost;
    private String jdbcUrl;
    private String ownDatabase;
    private java.time.Clock clock = java.time.Clock.systemUTC();

    public TestOutpost() {}

    /** Extra environment for the server (e.g. OUTPOST_TRUSTED_PROXIES). */
    public TestOutpost with(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** A clock the server reads instead of the system's (e.g. a {@link MutableClock}). */
    public TestOutpost withClock(java.time.Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Runs on this database instead of a fresh one: one the test stops and starts, or one on a small disk. */
    public TestOutpost withDatabase(String jdbcUrl) {
        this.ownDatabase = jdbcUrl;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        jdbcUrl = ownDatabase != null ? ownDatabase : TestDatabases.freshUrl();
        outpost = Outpost.start(config(jdbcUrl), clock);
    }

    /** Stops the server the clean way (as on SIGTERM) and starts a new one on the same database. */
    public void restart() throws IOException {
        outpost.close();
        outpost = Outpost.start(config(jdbcUrl), clock);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (outpost != null) outpost.close();
    }

    /** The environment a node gets; a second node on the same database uses the same URL. */
    public Config config(String databaseUrl) throws IOException {
        Map<String, String> e = new HashMap<>(env);
        e.put("OUTPOST_PORT", "0");
        e.put("OUTPOST_DATABASE_URL", databaseUrl);
        e.put("OUTPOST_ADMIN_KEY", ADMIN_KEY);
        e.put("OUTPOST_DATA_DIR", Files.createTempDirectory("outpost-data").toString());
        e.putIfAbsent("OUTPOST_BASE_URL", "http://127.0.0.1");
        // Tests never reach the networks' real APIs; the engagement tests point them at fakes.
        e.putIfAbsent("OUTPOST_ENGAGEMENT_SCHEDULE", "false");
        return Config.fromEnv(e);
    }

    public Outpost server() {
        return outpost;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + outpost.port();
    }

    /** Adds a site through the real API; aliases are extra hosts that count as the site. */
    public JsonNode createSite(String domain, String... aliases) {
        var body = JSON.createObjectNode().put("domain", domain).put("timezone", "UTC");
        var arr = body.putArray("aliases");
        for (String a : aliases) arr.add(a);
        Response r = send("POST", "/api/v1/sites", body.toString(), Map.of("Authorization", "Bearer " + ADMIN_KEY,
                "Content-Type", "application/json"));
        if (r.status() != 201) throw new IllegalStateException("creating site " + domain + " failed: " + r.status() + " " + r.body());
        return r.json();
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    public Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of("Authorization", "Bearer " + ADMIN_KEY));
    }

    /** Posts a beacon the way a browser's sendBeacon does, with a desktop Chrome User-Agent. */
    public Response beacon(String json) {
        return beacon(json, Map.of());
    }

    public Response beacon(String json, Map<String, String> headers) {
        Map<String, String> h = new HashMap<>();
        h.put("Content-Type", "text/plain;charset=UTF-8");
        h.put("User-Agent", CHROME);
        h.putAll(headers);
        return send("POST", "/api/event", json, h);
    }

    // --- Signing in to the report pages, for page tests ---

    public static final String OWNER_EMAIL = "owner@example.com";
    public static final String OWNER_PASSWORD = "correct horse battery";
    public static final String OWNER_SITE = "owner.example";

    /**
     * A browser signed in as the owner. The first call on a fresh server goes through the real setup
     * form (creating the admin and the site {@value #OWNER_SITE}); later calls sign in through /login.
     */
    public synchronized Browser signedIn() {
        Response setup = send("GET", "/setup", null, Map.of());
        String session = setup.status() == 200
                ? submitPreLogin(setup, "/setup", Map.of("email", OWNER_EMAIL, "password", OWNER_PASSWORD, "site", OWNER_SITE,
                        "timezone", "UTC"))
                : submitPreLogin(send("GET", "/login", null, Map.of()), "/login",
                        Map.of("email", OWNER_EMAIL, "password", OWNER_PASSWORD));
        String cookie = "outpost_session=" + session;
        Response settings = send("GET", "/settings", null, Map.of("Cookie", cookie));
        var csrf = org.jsoup.Jsoup.parse(settings.body()).selectFirst("input[name=csrf]");
        if (settings.status() != 200 || csrf == null) {
            throw new IllegalStateException("signed in, but /settings answered " + settings.status() + " " + settings.body());
        }
        return new Browser(this, cookie, csrf.attr("value"));
    }

    /** Posts a setup or login form the way a browser does (double-submit cookie + field); the new session cookie. */
    private String submitPreLogin(Response form, String path, Map<String, String> fields) {
        String csrfCookie = setCookie(form, "outpost_csrf");
        var field = org.jsoup.Jsoup.parse(form.body()).selectFirst("input[name=csrf]");
        if (form.status() != 200 || csrfCookie == null || field == null) {
            throw new IllegalStateException("no " + path + " form: " + form.status() + " " + form.body());
        }
        Map<String, String> all = new HashMap<>(fields);
        all.put("csrf", field.attr("value"));
        Response r = send("POST", path, formBody(all), Map.of("Cookie", "outpost_csrf=" + csrfCookie,
                "Content-Type", "application/x-www-form-urlencoded"));
        String session = setCookie(r, "outpost_session");
        if (r.status() != 303 || session == null) throw new IllegalStateException(path + " failed: " + r.status() + " " + r.body());
        return session;
    }

    /** The value a response's Set-Cookie gives the named cookie, or null. */
    public static String setCookie(Response r, String name) {
        for (String h : r.raw().headers().allValues("Set-Cookie")) {
            if (h.startsWith(name + "=")) return h.substring(name.length() + 1).split(";", 2)[0];
        }
        return null;
    }

    public static String formBody(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> {
            if (b.length() > 0) b.append('&');
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }

    /** A signed-in browser: sends the session cookie; follows no redirects (check them yourself). */
    public static final class Browser {
        private final TestOutpost outpost;
        private final String cookie;
        private final String csrf;

        Browser(TestOutpost outpost, String cookie, String csrf) {
            this.outpost = outpost;
            this.cookie = cookie;
            this.csrf = csrf;
        }

        public Response get(String path) {
            return outpost.send("GET", path, null, Map.of("Cookie", cookie));
        }

        /** A form post (application/x-www-form-urlencoded) with this session's {@code csrf} field added. */
        public Response postForm(String path, Map<String, String> fields) {
            Map<String, String> all = new java.util.LinkedHashMap<>(fields);
            all.putIfAbsent("csrf", csrf);
            return outpost.send("POST", path, formBody(all), Map.of("Cookie", cookie,
                    "Content-Type", "application/x-www-form-urlencoded"));
        }

        /** The session's CSRF token, as its forms carry it. */
        public String csrf() {
            return csrf;
        }

        /** The session cookie as a Cookie header value: {@code outpost_session=...}. */
        public String cookie() {
            return cookie;
        }
    }

    public static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";

    /** All stored events of a site (after the writer has committed what it accepted). */
    public List<JsonNode> exportEvents(String domain) {
        try {
            if (!outpost.awaitCommitted(10_000)) throw new IllegalStateException("writer did not drain in 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Response r = get("/api/v1/export/events?site=" + URLEncoder.encode(domain, StandardCharsets.UTF_8)
                + "&to=" + LocalDate.now().plusDays(1));
        if (r.status() != 200) throw new IllegalStateException("export failed: " + r.status() + " " + r.body());
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank()) continue;
            try {
                out.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new IllegalStateException("bad NDJSON line: " + line, e);
            }
        }
        return out;
    }

    /** Polls the export until at least {@code n} events are stored (browsers send asynchronously). */
    public List<JsonNode> awaitEvents(String domain, int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        List<JsonNode> events = exportEvents(domain);
        while (events.size() < n && System.nanoTime() < end) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            events = exportEvents(domain);
        }
        return events;
    }
}
