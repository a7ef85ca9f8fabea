package dev.outpost.posts.engagement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Politeness per host: requests to one host are spaced out, and a host that told us to wait (Retry-After, an
 * exhausted rate-limit window) rests until then. Slots are reserved under a lock and waited for outside it, so
 * callers for different hosts never wait for each other.
 */
final class HostLimits {
    private static final int PRUNE_ABOVE = 1_000;

    private final Duration spacing;
    private final Clock clock;
    private final Map<String, Instant> nextSlot = new HashMap<>();
    private final Map<String, Instant> restUntil = new HashMap<>();

    HostLimits(Duration spacing, Clock clock) {
        this.spacing = spacing;
        this.clock = clock;
    }

    /**
     * Reserves the host's next free slot and answers how long to wait for it; a slot further away than
     * {@code maxWait} is not taken and the call is deferred to it instead.
     */
    synchronized Duration reserve(String host, Duration maxWait) throws FetchException {
        Instant now = clock.instant();
        Instant slot = later(now, nextSlot.get(host));
        Instant rest = restUntil.get(host);
        boolean resting = rest != null && rest.isAfter(slot);
        if (resting) slot = rest;
        Duration wait = Duration.between(now, slot);
        if (wait.compareTo(maxWait) > 0) {
            throw FetchException.defer(host + ": " + (resting ? "asked us to wait" : "too many requests queued")
                    + " until " + slot, slot);
        }
        if (nextSlot.size() > PRUNE_ABOVE) prune(now);
        nextSlot.put(host, slot.plus(spacing));
        return wait;
    }

    /** The host asked for a pause: nothing goes to it before {@code until}. */
    synchronized void rest(String host, Instant until) {
        restUntil.merge(host, until, HostLimits::later);
    }

    private void prune(Instant now) {
        nextSlot.values().removeIf(t -> t.isBefore(now));
        restUntil.values().removeIf(t -> t.isBefore(now));
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }
}
