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
 *
 * <p>An attempt counts as a failure from the moment it is let through, before its password is
 * checked, and is taken back only when the password was right. Counting after the check let
 * twenty simultaneous guesses all pass the limit of five while the first was still being hashed.
 */
public final class LoginLimiter {
    public static final int MAX_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);

    private final Clock clock;
    /** Attempt times per "ip:…" or "email:…", oldest first; guarded by this. Entries idle past the window go away. */
    private final Cache<String, Deque<Long>> failures = Caffeine.newBuilder()
            .expireAfterAccess(WINDOW).maximumSize(100_000).build();

    public LoginLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Lets an attempt through and counts it as failed, or says how long until this address and email
     * may try again (then nothing is counted).
     */
    public synchronized Optional<Duration> attempt(String ip, String email) {
        long now = clock.millis();
        long wait = Math.max(waitMillis("ip:" + ip, now), waitMillis("email:" + email, now));
        if (wait > 0) return Optional.of(Duration.ofMillis(wait));
        record("ip:" + ip, now);
        record("email:" + email, now);
        return Optional.empty();
    }

    /**
     * The attempt's password was right: it is taken back from the address's count, and the email's
     * failures are cleared (the address's others stay: it may be guessing other accounts).
     */
    public synchronized void succeeded(String ip, String email) {
        failures.invalidate("email:" + email);
        Deque<Long> times = failures.getIfPresent("ip:" + ip);
        if (times != null) times.pollLast();
    }

    private long waitMillis(String key, long now) {
        Deque<Long> times = failures.getIfPresent(key);
        if (times == null) return 0;
        prune(times, now);
        if (times.size() < MAX_FAILURES) return 0;
        // Blocked until enough of the failures in the window have aged out of it.
        long unblock = times.stream().skip(times.size() - MAX_FAILURES).findFirst().orElseThrow() + WINDOW.toMillis();
        return Math.max(1, unblock - now);
    }

    private void record(String key, long now) {
        Deque<Long> times = failures.get(key, k -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
    }

    private static void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - WINDOW.toMillis()) times.removeFirst();
    }
}
