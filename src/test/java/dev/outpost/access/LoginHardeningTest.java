package dev.outpost.access;

import static dev.outpost.access.AccessTesting.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-in under attack: simultaneous guesses cannot outrun the limit, and no branch of a failed
 * sign-in is quicker than another, so timing does not tell which emails have an account.
 */
class LoginHardeningTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK).with("OUTPOST_TRUSTED_PROXIES", "127.0.0.1");

    @BeforeAll
    static void owner() {
        outpost.signedIn();
    }

    @AfterEach
    void forgetFailures() {
        CLOCK.advance(LoginLimiter.WINDOW);
    }

    @Test
    void twentySimultaneousGuessesForOneAccountCheckOnlyFive() {
        Map<Integer, Integer> statuses = concurrently(20, i -> login("198.51.100.50", TestOutpost.OWNER_EMAIL, "guess number " + i));
        assertThat(statuses).isEqualTo(Map.of(401, LoginLimiter.MAX_FAILURES, 429, 20 - LoginLimiter.MAX_FAILURES));
        // The right password now waits too, from this address and from another.
        assertThat(send(login("198.51.100.50", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD)).statusCode()).isEqualTo(429);
        assertThat(send(login("198.51.100.51", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD)).statusCode()).isEqualTo(429);
    }

    @Test
    void twentySimultaneousGuessesFromOneAddressCheckOnlyFive() {
        Map<Integer, Integer> statuses = concurrently(20, i -> login("198.51.100.52", "someone" + i + "@example.com", "guess number " + i));
        assertThat(statuses).isEqualTo(Map.of(401, LoginLimiter.MAX_FAILURES, 429, 20 - LoginLimiter.MAX_FAILURES));
        assertThat(send(login("198.51.100.52", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD)).statusCode()).isEqualTo(429);
    }

    @Test
    void aRightPasswordIsNotCountedAgainstItsAddress() {
        for (int i = 0; i < LoginLimiter.MAX_FAILURES + 2; i++) {
            assertThat(send(login("198.51.100.53", TestOutpost.OWNER_EMAIL, TestOutpost.OWNER_PASSWORD)).statusCode()).isEqualTo(303);
        }
    }

    /**
     * Each way a sign-in can fail, timed through real HTTP: the quickest run of each (noise on a busy
     * machine only adds time) is within a factor of three of the others. Without the dummy hash an
     * over-long password on a real account answered in 4 ms, any unknown account in 167 ms.
     */
    @Test
    void everyFailedSignInTakesAsLongWhetherOrNotTheAccountExists() {
        String longPassword = "x".repeat(Passwords.MAX_LENGTH + 1);
        Map<String, String[]> branches = new LinkedHashMap<>();
        branches.put("wrong password, real account", new String[] {TestOutpost.OWNER_EMAIL, "not the password"});
        branches.put("long password, real account", new String[] {TestOutpost.OWNER_EMAIL, longPassword});
        branches.put("wrong password, unknown account", new String[] {"nobody@example.com", "not the password"});
        branches.put("long password, unknown account", new String[] {"nobody@example.com", longPassword});
        send(login("198.51.100.59", "warm@example.com", "warming up")); // first use makes the dummy hash
        Map<String, Long> quickest = new LinkedHashMap<>();
        int ip = 60;
        for (int round = 0; round < 3; round++) {
            for (var b : branches.entrySet()) {
                long t0 = System.nanoTime();
                int status = send(login("198.51.100." + ip++, b.getValue()[0], b.getValue()[1])).statusCode();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(status).as(b.getKey()).isEqualTo(401);
                quickest.merge(b.getKey(), ms, Math::min);
            }
            CLOCK.advance(LoginLimiter.WINDOW); // the real account takes two failures a round
        }
        long slowest = quickest.values().stream().max(Long::compare).orElseThrow();
        assertThat(quickest).as("quickest ms of each branch").allSatisfy((branch, ms) -> assertThat(ms * 3).as(branch).isGreaterThanOrEqualTo(slowest));
    }

    // ------------------------------------------------------------------ helpers

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** A double-submit token of our own: the login form's CSRF check wants cookie and field equal. */
    private static final String CSRF = "c".repeat(43);

    private static HttpRequest login(String ip, String email, String password) {
        Map<String, String> f = form("email", email, "password", password, "csrf", CSRF);
        return HttpRequest.newBuilder(URI.create(outpost.baseUrl() + "/login")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "outpost_csrf=" + CSRF)
                .header("X-Forwarded-For", ip).POST(HttpRequest.BodyPublishers.ofString(TestOutpost.formBody(f))).build();
    }

    private static HttpResponse<String> send(HttpRequest r) {
        return HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString()).join();
    }

    /** Sends n requests at once; how many answers had each status. */
    private static Map<Integer, Integer> concurrently(int n, IntFunction<HttpRequest> request) {
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) requests.add(request.apply(i));
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (HttpRequest r : requests) answers.add(HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (var a : answers) statuses.merge(a.join().statusCode(), 1, Integer::sum);
        return statuses;
    }
}
