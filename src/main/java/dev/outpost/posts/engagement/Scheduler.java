package dev.outpost.posts.engagement;

import dev.outpost.domain.Post;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.PostStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches due posts in the background. A tick thread only hands out work; each network has a worker thread of its
 * own, so one network's outage (timeouts, a host resting for an hour) never stalls another, nor the server.
 * A network still busy with its last batch is skipped, and a batch is at most {@link #BATCH} posts: work per tick
 * is bounded however far behind a network falls.
 */
final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    static final int BATCH = 20;
    /** Long enough for the slowest fetch (3 tries of the longest timeout, the longest wait); a dead node's posts come back after it. */
    static final Duration LEASE = Duration.ofMinutes(20);
    /** How long a host that just failed is left alone by the rest of its batch. */
    static final Duration HOST_PAUSE = Duration.ofMinutes(15);

    private final Map<String, Fetcher> fetchers;
    private final PostStore posts;
    private final EngagementStore store;
    private final Readings readings;
    private final Clock clock;
    private final Duration tick;
    private final Map<String, ExecutorService> workers = new HashMap<>();
    private final Map<String, Future<?>> running = new HashMap<>();
    private ScheduledExecutorService ticker;

    Scheduler(Map<String, Fetcher> fetchers, PostStore posts, EngagementStore store, Readings readings, Clock clock,
              Duration tick) {
        this.fetchers = fetchers;
        this.posts = posts;
        this.store = store;
        this.readings = readings;
        this.clock = clock;
        this.tick = tick;
        for (String network : fetchers.keySet()) {
            workers.put(network, Executors.newSingleThreadExecutor(daemon("engagement-" + slug(network))));
        }
    }

    /** Starts ticking: soon after start (the server may have been down while posts fell due), then every tick. */
    synchronized void start() {
        if (ticker != null) return;
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("engagement-tick"));
        long first = Math.min(tick.toMillis(), 5_000);
        ticker.scheduleWithFixedDelay(this::tickQuietly, first, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Hands each idle network a batch; answers the batches handed out (tests wait for them). */
    synchronized List<Future<?>> tick() {
        List<Future<?>> started = new ArrayList<>();
        for (var e : workers.entrySet()) {
            Future<?> last = running.get(e.getKey());
            if (last != null && !last.isDone()) continue; // still on its last batch: an outage stays its own
            if (e.getValue().isShutdown()) continue;
            Future<?> f = e.getValue().submit(() -> batch(e.getKey()));
            running.put(e.getKey(), f);
            started.add(f);
        }
        return started;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("engagement tick failed", e); // thrown out of here, it would end the schedule for good
        }
    }

    /** One network's due posts, at most BATCH, on that network's own thread. */
    private void batch(String network) {
        try {
            Fetcher fetcher = fetchers.get(network);
            long now = clock.millis();
            store.enrol(network, now);
            Set<String> troubled = new HashSet<>();
            for (EngagementStore.Due due : store.due(network, now, BATCH)) {
                if (Thread.currentThread().isInterrupted()) return;
                if (!store.claim(due, clock.millis() + LEASE.toMillis())) continue; // another node has it
                Post post = posts.byId(due.postId()).orElse(null);
                if (post == null) continue;
                String host;
                try {
                    host = fetcher.host(post);
                } catch (FetchException e) {
                    readings.failed(post, e);
                    continue;
                }
                if (troubled.contains(host)) {
                    Instant later = clock.instant().plus(HOST_PAUSE);
                    readings.failed(post, FetchException.defer(host + " failed moments ago", later));
                    continue;
                }
                Readings.Outcome o = readings.read(post, fetcher);
                if (!o.ok() && (o.failure().kind == FetchException.Kind.RETRY || o.failure().kind == FetchException.Kind.DEFER)) {
                    troubled.add(host);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the claimed posts come back when their lease ends
        } catch (RuntimeException e) {
            log.error("engagement batch for {} failed", network, e);
        }
    }

    /** Stops ticking and the workers; a fetch in flight is interrupted, and its post comes back after its lease. */
    @Override
    public synchronized void close() {
        if (ticker != null) ticker.shutdownNow();
        workers.values().forEach(ExecutorService::shutdownNow);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            if (ticker != null) ticker.awaitTermination(1, TimeUnit.SECONDS);
            for (ExecutorService w : workers.values()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !w.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    log.warn("an engagement worker did not stop within 5 s");
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String slug(String network) {
        return network.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true); // never the reason the JVM stays up
            return t;
        };
    }
}
