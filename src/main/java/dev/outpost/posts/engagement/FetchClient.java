package dev.outpost.posts.engagement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.config.EngagementConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one HTTP client every fetcher uses: GET only, JSON only, with a deadline per attempt (connect and read the
 * whole answer), a size cap, polite spacing per host, retries with exponential backoff and jitter, Retry-After
 * honoured on 429 and 503, and rate-limit headers read so we stop before a host has to say no.
 *
 * <p>Fetches stay on the host asked for: redirects are not followed by the JDK but here, and only to the same
 * host (an http to https upgrade included); any other redirect is an error. Every host is checked against
 * internal addresses before each request ({@link AddressGuard}).
 */
public final class FetchClient {
    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> RETRYABLE = Set.of(408, 425, 429, 500, 502, 503, 504);
    /** Reads the networks' answers; {@link YouTubeFetcher} reads its error bodies with it too. */
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param timeout     one attempt: connecting, sending, reading the whole answer
     * @param attempts    tries of one request before it counts as failed (1 means no retry)
     * @param backoff     the first pause between tries; it doubles, with jitter
     * @param maxWait     the longest this client sleeps for one host (Retry-After, spacing); asked for more, it gives
     *                    the request back with the moment to try again rather than holding a thread
     * @param maxBytes    the largest answer read
     */
    public record Settings(Duration timeout, Duration hostSpacing, int attempts, Duration backoff, Duration maxWait,
                           int maxBytes, String userAgent, boolean allowPrivate) {
        public static Settings from(EngagementConfig c) {
            return new Settings(c.timeout(), c.hostSpacing(), 3, Duration.ofSeconds(1), Duration.ofSeconds(30),
                    2 * 1024 * 1024, c.userAgent(), c.allowPrivate());
        }
    }

    /** A final answer: a success, or a refusal not worth retrying (404, 410, 400, 403 ...). */
    public record Response(int status, String body, HttpHeaders headers) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final HttpClient http;
    private final HostLimits limits;
    private final AddressGuard guard;

    public FetchClient(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    /** {@code clock} is wall time for Retry-After dates and spacing; the server's own clock may be a test's. */
    FetchClient(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // One request per exchange, no h2c upgrade dance with small API servers.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.limits = new HostLimits(settings.hostSpacing(), clock);
        this.guard = new AddressGuard(settings.allowPrivate());
    }

    /**
     * GETs {@code uri} as JSON: 2xx gives the parsed body (a JSON {@code null} included, which Hacker News
     * answers for an unknown item); 404 and 410 are {@link FetchException.Kind#GONE}; anything else failed.
     */
    public JsonNode json(URI uri) throws FetchException, InterruptedException {
        return json(uri, get(uri));
    }

    /** The JSON of a final answer, with the same meaning of statuses as {@link #json(URI)}. */
    public static JsonNode json(URI uri, Response r) throws FetchException {
        String host = uri.getHost();
        if (r.status() == 404 || r.status() == 410) throw FetchException.gone(host + " answered " + r.status() + ": no such post");
        if (!r.ok()) throw FetchException.retry(host + " answered " + r.status());
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n == null || n.isMissingNode()) throw FetchException.retry(host + ": empty answer where JSON was expected");
            return n;
        } catch (JsonProcessingException e) {
            throw FetchException.retry(host + ": malformed JSON in the answer");
        }
    }

    /** GETs {@code uri}, retrying what is worth retrying; answers the final response, whatever its status. */
    public Response get(URI uri) throws FetchException, InterruptedException {
        String host = uri.getHost();
        String key = authority(uri);
        for (int attempt = 1; ; attempt++) {
            sleep(limits.reserve(key, settings.maxWait()));
            String problem;
            Duration asked = null;
            try {
                Response r = followingSameHost(uri);
                readRateLimit(key, r.headers());
                if (!RETRYABLE.contains(r.status())) return r;
                problem = host + " answered " + r.status();
                if (r.status() == 429 || r.status() == 503) {
                    asked = RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), clock.instant());
                }
                if (asked != null && asked.compareTo(settings.maxWait()) > 0) {
                    // Too long to hold a thread: the host rests, and the caller comes back then.
                    Instant until = clock.instant().plus(asked);
                    limits.rest(key, until);
                    throw FetchException.retry(problem + " and asked us to wait " + asked.toSeconds() + " s", until);
                }
            } catch (Transport e) {
                problem = host + ": " + e.getMessage();
            }
            if (attempt >= settings.attempts()) {
                Instant retryAt = asked == null ? null : clock.instant().plus(asked);
                throw FetchException.retry(problem + tries(attempt), retryAt);
            }
            Duration pause = backoff(attempt);
            if (asked != null && asked.compareTo(pause) > 0) {
                // The host asked everyone to wait: it rests, and the reservation at the top of the loop waits.
                limits.rest(key, clock.instant().plus(asked));
            } else {
                sleep(pause);
            }
        }
    }

    /** The exchange, following redirects only on the same host and checking each hop's address. */
    private Response followingSameHost(URI uri) throws FetchException, Transport, InterruptedException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            guard.check(current.getHost());
            Response r = send(current);
            if (r.status() < 300 || r.status() > 399 || r.status() == 304) return r;
            String location = r.headers().firstValue("Location").orElse(null);
            if (location == null) throw FetchException.retry(current.getHost() + " answered " + r.status() + " without a Location");
            URI next;
            try {
                next = current.resolve(location.strip());
            } catch (IllegalArgumentException e) {
                throw FetchException.retry(current.getHost() + " redirected to a malformed URL");
            }
            if (!sameHost(current, next)) {
                throw FetchException.retry(current.getHost() + " redirected to another host ("
                        + (next.getHost() == null ? "none" : next.getHost()) + "); refused");
            }
            if (hop >= MAX_REDIRECTS) throw FetchException.retry(current.getHost() + ": more than " + MAX_REDIRECTS + " redirects");
            current = next;
        }
    }

    private Response send(URI uri) throws Transport, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("User-Agent", settings.userAgent())
                .header("Accept", "application/json")
                .GET()
                .build();
        CappedBody body = new CappedBody(settings.maxBytes());
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> body);
        try {
            // The request timeout only covers the headers; this deadline covers a trickling body too.
            HttpResponse<byte[]> r = pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Response(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers());
        } catch (TimeoutException e) {
            abandon(pending, body);
            throw new Transport("timed out after " + seconds(settings.timeout()));
        } catch (InterruptedException e) {
            abandon(pending, body);
            throw e;
        } catch (ExecutionException e) {
            throw Transport.of(e.getCause(), settings.timeout());
        }
    }

    private static void abandon(CompletableFuture<?> pending, CappedBody body) {
        pending.cancel(true);
        body.cancel();
    }

    /** A rate-limit window about to close (Reddit, Mastodon send these) rests the host until it reopens. */
    private void readRateLimit(String key, HttpHeaders headers) {
        String remaining = headers.firstValue("X-RateLimit-Remaining").orElse(null);
        if (remaining == null) return;
        try {
            if (Double.parseDouble(remaining.strip()) >= 1) return;
        } catch (NumberFormatException e) {
            return;
        }
        Instant reset = RetryAfter.reset(headers.firstValue("X-RateLimit-Reset").orElse(null), clock.instant());
        if (reset != null) limits.rest(key, reset);
    }

    /** Exponential, with "equal jitter": half the step fixed, half random, so retries of many posts spread out. */
    private Duration backoff(int attempt) {
        long step = settings.backoff().toMillis() << Math.min(attempt - 1, 16);
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private static void sleep(Duration d) throws InterruptedException {
        if (!d.isNegative() && !d.isZero()) Thread.sleep(d.toMillis());
    }

    /** Same host; same scheme and port, or an upgrade from http to https on the default ports. */
    static boolean sameHost(URI from, URI to) {
        if (to.getHost() == null || !to.getHost().equalsIgnoreCase(from.getHost())) return false;
        String a = scheme(from), b = scheme(to);
        if (a.equals(b)) return port(from) == port(to);
        return a.equals("http") && b.equals("https") && port(from) == 80 && port(to) == 443;
    }

    private static String authority(URI u) {
        return u.getHost().toLowerCase(Locale.ROOT) + ":" + port(u);
    }

    private static String scheme(URI u) {
        return u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) return u.getPort();
        return scheme(u).equals("https") ? 443 : 80;
    }

    private static String tries(int n) {
        return n == 1 ? "" : " (" + n + " tries)";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A request that got no usable answer: worth a retry. */
    private static final class Transport extends Exception {
        Transport(String message) {
            super(message, null, false, false);
        }

        static Transport of(Throwable cause, Duration timeout) {
            if (cause instanceof HttpConnectTimeoutException) return new Transport("could not connect within " + seconds(timeout));
            if (cause instanceof HttpTimeoutException) return new Transport("timed out after " + seconds(timeout));
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof CappedBody.TooLarge) return new Transport(c.getMessage());
            }
            if (cause instanceof ConnectException) return new Transport("could not connect");
            if (cause instanceof IOException) {
                return new Transport("connection failed (" + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")");
            }
            return new Transport("request failed (" + cause + ")");
        }
    }
}
