package dev.outpost.posts.engagement;

import dev.outpost.domain.Post;
import dev.outpost.store.EngagementStore.Snapshot;
import dev.outpost.store.EngagementStore.State;
import dev.outpost.store.EngagementStore;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch of one post and what it leaves behind: a snapshot and the next due time after a good reading; the
 * error, a backoff, a "deleted" mark or a stop after a bad one. The scheduler and the refresh endpoint both come here.
 */
final class Readings {
    private static final Logger log = LoggerFactory.getLogger(Readings.class);

    /** What a fetch gave: counts, or the reason there are none. */
    record Outcome(Counts counts, FetchException failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private final EngagementStore store;
    private final Schedule schedule;
    private final Clock clock;

    Readings(EngagementStore store, Schedule schedule, Clock clock) {
        this.store = store;
        this.schedule = schedule;
        this.clock = clock;
    }

    Outcome read(Post post, Fetcher fetcher) throws InterruptedException {
        try {
            Counts c = fetcher.fetch(post);
            long now = clock.millis();
            try {
                store.record(new Snapshot(post.id(), now, c.comments(), c.shares(), c.likes(), "fetch"),
                        new State(post.id(), schedule.afterSuccess(post.publishedAt(), now), 0, null, null, now, null));
            } catch (RuntimeException deletedMeanwhile) {
                // Most likely the post was deleted while it was being fetched: its foreign key is gone.
                log.warn("engagement reading of post {} not stored (deleted meanwhile?)", post.id(), deletedMeanwhile);
            }
            return new Outcome(c, null);
        } catch (FetchException e) {
            failed(post, e);
            return new Outcome(null, e);
        } catch (RuntimeException e) {
            // A bug in a fetcher must not leave the post leased and silent: it fails like any other fetch.
            log.error("engagement fetch of post {} on {} failed unexpectedly", post.id(), post.network(), e);
            FetchException f = FetchException.retry(post.network() + ": unexpected error; see the server log");
            failed(post, f);
            return new Outcome(null, f);
        }
    }

    /** Records a failed fetch (or one not even tried) and when to come back, if ever. */
    void failed(Post post, FetchException e) {
        log.debug("engagement of post {} on {}: {} {}", post.id(), post.network(), e.kind, e.getMessage());
        long now = clock.millis();
        State before = store.state(post.id()).orElse(new State(post.id(), null, 0, null, null, null, null));
        Long retryAt = e.retryAt == null ? null : e.retryAt.toEpochMilli();
        State after = switch (e.kind) {
            case GONE -> new State(post.id(), null, before.failures() + 1, e.getMessage(), now, before.lastReadAt(), now);
            case STOP -> new State(post.id(), null, before.failures() + 1, e.getMessage(), now, before.lastReadAt(), null);
            case RETRY -> {
                int failures = before.failures() + 1;
                Long next = schedule.afterFailure(post.publishedAt(), now, failures, before.lastReadAt() != null, retryAt,
                        ThreadLocalRandom.current().nextDouble());
                yield new State(post.id(), next, failures, e.getMessage(), now, before.lastReadAt(), null);
            }
            // Not tried: the post keeps its record and simply waits for the host.
            case DEFER -> new State(post.id(), retryAt == null ? now + schedule.firstRetry().toMillis() : retryAt,
                    before.failures(), before.lastError(), before.lastErrorAt(), before.lastReadAt(), before.deletedAt());
        };
        try {
            store.saveState(after);
        } catch (RuntimeException deletedMeanwhile) {
            log.warn("engagement state of post {} not saved (deleted meanwhile?)", post.id(), deletedMeanwhile);
        }
    }
}
