package dev.outpost.posts.engagement;

import java.time.Duration;

/**
 * When a post is fetched next. Counts move fast while a post is new and barely at all a month later, so: hourly
 * for the first two days after publication, then daily, and no automatic fetches after thirty days (one last
 * reading lands on the thirtieth day; the owner can always refresh by hand). A failing post is retried with a
 * backoff that doubles from five minutes up to a day.
 *
 * <p>Times are epoch milliseconds; a null "next" means no more automatic fetches.
 */
record Schedule(Duration hourlyFor, Duration hourly, Duration daily, Duration stopAfter, Duration firstRetry,
                Duration maxRetry, int lateTries) {

    /**
     * {@code lateTries}: a post first seen after its window (an old post imported today) still gets that many tries
     * at a first reading, so a passing outage does not leave it with none.
     */
    static final Schedule STANDARD = new Schedule(Duration.ofDays(2), Duration.ofHours(1), Duration.ofDays(1),
            Duration.ofDays(30), Duration.ofMinutes(5), Duration.ofDays(1), 3);

    /** After a good reading at {@code now}. */
    Long afterSuccess(long publishedAt, long now) {
        long end = publishedAt + stopAfter.toMillis();
        if (now >= end) return null;
        long interval = now - publishedAt < hourlyFor.toMillis() ? hourly.toMillis() : daily.toMillis();
        return Math.min(now + interval, end);
    }

    /**
     * After the {@code failures}-th failure in a row at {@code now}. {@code jitter} in [0, 1) spreads the retries
     * of posts that failed together (one outage) over a fifth of the pause either way. {@code retryAt}, when the
     * host named one, is the earliest allowed.
     */
    Long afterFailure(long publishedAt, long now, int failures, boolean everRead, Long retryAt, double jitter) {
        long pause = firstRetry.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        pause = Math.min(pause, maxRetry.toMillis());
        pause = Math.round(pause * (0.8 + 0.4 * jitter));
        long next = now + pause;
        if (retryAt != null && retryAt > next) next = retryAt;
        if (next <= publishedAt + stopAfter.toMillis()) return next;
        return !everRead && failures < lateTries ? next : null;
    }
}
