package dev.outpost.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * At most {@link #MAX_FAILURES} failed sign-ins per {@link #WINDOW}, counted per client address and
 * per email, so neither one address trying many accounts nor many addresses trying one account
 * gets far. Past the limit even the right password waits: answering it would tell the guesser
 * they found it. Kept in this node's memory (lost on restart; each node counts for itself).
 */
public final class LoginLimiter {
    public static final int MAX_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);

    private final Clock clock;
    /** Failure times per "ip:…" or "email:…", oldest first. Entries idle past the window go away. */
    private final Cache<String, Deque<Long>> failures = Caffeine.newBuilder()
            .expireAfterAccess(WINDOW).maximumSize(100_000).build();

    public LoginLimiter(Clock clock) {
        this.clock = clock;
    }

    /** How long until this address and email may try again; empty when they may now. */
    public Optional<Duration> blocked(String ip, String email) {
        long now = clock.millis();
        long wait = Math.max(waitMillis("ip:" + ip, now), waitMillis("email:" + email, now));
        return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
    }

    public void failed(String ip, String email) {
        long now = clock.millis();
        record("ip:" + ip, now);
        record("email:" + email, now);
    }

    /** A right password clears the email's failures (the address's stay: it may be guessing others). */
    public void succeeded(String email) {
        failures.invalidate("email:" + email);
    }

    private long waitMillis(String key, long now) {
        Deque<Long> times = failures.getIfPresent(key);
        if (times == null) return 0;
        synchronized (times) {
            prune(times, now);
            if (times.size() < MAX_FAILURES) return 0;
            // Blocked until enough of the failures in the window have aged out of it.
            long unblock = times.stream().skip(times.size() - MAX_FAILURES).findFirst().orElseThrow() + WINDOW.toMillis();
            return Math.max(1, unblock - now);
        }
    }

    private void record(String key, long now) {
        Deque<Long> times = failures.get(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    private static void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - WINDOW.toMillis()) times.removeFirst();
    }
}
