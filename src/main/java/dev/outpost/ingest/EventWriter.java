package dev.outpost.ingest;

import dev.outpost.domain.DropKey;
import dev.outpost.domain.DropReason;
import dev.outpost.domain.Event;
import dev.outpost.store.Database;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer: a bounded queue in front of a thread that commits whatever has gathered as one
 * batch (group commit). The endpoint only offers; when the queue is full it says so (503) rather
 * than grow. {@link #close()} stops taking events, then drains and commits all that was accepted.
 * A database that is away is waited for; an event the database refuses is set aside
 * ({@link DropReason#UNSTORABLE}) and the rest of its batch committed.
 *
 * <p>The queue takes no lock: with a blocking queue, the HTTP threads woke each other and the
 * writer through its one lock on every beacon (measured in BENCHMARKS.md). The writer
 * sleeps through its gathering time instead of being woken per event, and is woken only when it
 * has nothing to do.
 */
public final class EventWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);
    static final int MAX_BATCH = 2000;
    /**
     * How long the writer gathers after the first event before it commits. Each commit costs about
     * a millisecond whatever its size, so committing every handful of events spent the writer's
     * time on commits; 20 ms of gathering makes batches of hundreds under load.
     */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long GATHER_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Recorder store;
    private final IngestMetrics metrics;
    private final Queue<Event> queue = new ConcurrentLinkedQueue<>();
    private final int capacity;
    /** Events in the queue (its own size() walks the whole queue). */
    private final AtomicInteger queued = new AtomicInteger();
    private final Map<DropKey, Long> drops = new ConcurrentHashMap<>();
    /** Accepted but not yet committed: in the queue or in the batch being written. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Drops counted but not yet committed; the map alone empties before its batch is written. */
    private final AtomicLong pendingDrops = new AtomicLong();
    private final Thread thread;
    private volatile boolean accepting = true;
    private volatile boolean running = true;
    /** The writer found the queue empty and sleeps until an offer wakes it. */
    private volatile boolean idle;

    public EventWriter(Recorder store, IngestMetrics metrics, int capacity) {
        this.store = store;
        this.metrics = metrics;
        this.capacity = capacity;
        metrics.watchQueue(queued::get, pending::get);
        this.thread = new Thread(this::run, "event-writer");
        thread.start();
    }

    /** Queues an event; false when the queue is full or the server is shutting down. */
    public boolean offer(Event e) {
        if (!accepting) return false;
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return false;
        }
        pending.incrementAndGet();
        queue.add(e);
        if (idle) LockSupport.unpark(thread);
        return true;
    }

    public void countDrop(DropKey key) {
        pendingDrops.incrementAndGet();
        drops.merge(key, 1L, Long::sum);
    }

    /** Blocks until every event accepted so far is committed (tests and the benchmark use it). */
    public boolean awaitCommitted(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (pending.get() > 0 || pendingDrops.get() > 0) {
            if (System.currentTimeMillis() > end) return false;
            Thread.sleep(5);
        }
        return true;
    }

    private void run() {
        List<Event> batch = new ArrayList<>(MAX_BATCH);
        // Runs until closed and nothing is left: not in the queue, not gathered, no drop counts.
        while (running || !queue.isEmpty() || !batch.isEmpty() || !drops.isEmpty()) {
            if (take(batch) > 0) gather(batch);
            else awaitEvents();
            Map<DropKey, Long> dropBatch = takeDrops();
            if (!batch.isEmpty() || !dropBatch.isEmpty()) write(batch, dropBatch);
            batch.clear();
        }
    }

    /** Moves queued events into the batch, up to a full one; how many it moved. */
    private int take(List<Event> batch) {
        int n = 0;
        Event e;
        while (batch.size() < MAX_BATCH && (e = queue.poll()) != null) {
            batch.add(e);
            n++;
        }
        queued.addAndGet(-n);
        return n;
    }

    /** Adds what arrives within the gathering time, up to a full batch; shutting down cuts it short. */
    private void gather(List<Event> batch) {
        long until = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < MAX_BATCH && running) {
            long left = until - System.nanoTime();
            if (left <= 0) break;
            // In slices, so a batch that fills early is not held for the whole gathering time.
            LockSupport.parkNanos(Math.min(left, GATHER_SLICE_NANOS));
            take(batch);
        }
        take(batch);
    }

    /** Sleeps until an offer (or close) wakes it, or a while passes (for the drop counts). */
    private void awaitEvents() {
        idle = true;
        // An offer queues first and then reads idle; this sets idle first and then looks at the
        // queue: one of the two sees the other, so no event waits for the timeout.
        if (queue.isEmpty() && running) LockSupport.parkNanos(IDLE_NANOS);
        idle = false;
    }

    private Map<DropKey, Long> takeDrops() {
        if (drops.isEmpty()) return Map.of();
        Map<DropKey, Long> out = new HashMap<>();
        for (DropKey k : List.copyOf(drops.keySet())) {
            Long n = drops.remove(k);
            if (n != null) out.put(k, n);
        }
        return out;
    }

    /**
     * Commits one batch. While the database is away the same batch is retried with backoff:
     * accepted means kept. When the database refuses the data, the batch is split in halves until
     * the event it refuses is found and set aside, so one event cannot stop all storage; the rest
     * is committed in the order it came.
     */
    private void write(List<Event> batch, Map<DropKey, Long> dropBatch) {
        RuntimeException refused = commit(batch, dropBatch);
        if (refused == null) return;
        if (!batch.isEmpty() && !dropBatch.isEmpty()) {
            write(batch, Map.of());
            write(List.of(), dropBatch);
        } else if (batch.size() > 1) {
            int half = batch.size() / 2;
            write(batch.subList(0, half), Map.of());
            write(batch.subList(half, batch.size()), Map.of());
        } else if (batch.size() == 1) {
            setAside(batch.get(0), refused);
        } else {
            // Counts for a site deleted meanwhile, say: only counts, and nothing else can be done with them.
            log.warn("the database refused {} drop counts; they are lost: {}", dropBatch.size(), Database.reason(refused));
            pendingDrops.addAndGet(-total(dropBatch));
        }
    }

    /** Commits, waiting out outages; null when committed, else why the database refused the data. */
    private RuntimeException commit(List<Event> batch, Map<DropKey, Long> dropBatch) {
        long backoff = 50;
        while (true) {
            long start = System.nanoTime();
            try {
                store.store(batch, dropBatch);
                metrics.committed(batch.size(), System.nanoTime() - start);
                pending.addAndGet(-batch.size());
                pendingDrops.addAndGet(-total(dropBatch));
                return null;
            } catch (RuntimeException e) {
                metrics.commitFailed();
                if (!Database.unavailable(e)) return e;
                log.warn("committing {} events failed, retrying in {} ms: {}", batch.size(), backoff, Database.reason(e));
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    // keep trying: shutting down must not drop the batch
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /** The one event its batch could not store: counted as a drop, logged once, no longer pending. */
    private void setAside(Event e, RuntimeException refused) {
        log.warn("set aside an event of site {} ({} {}) that the database refuses: {}", e.siteId(), e.name(), e.path(),
                Database.reason(refused));
        metrics.dropped(DropReason.UNSTORABLE);
        countDrop(new DropKey(e.siteId(), Instant.ofEpochMilli(e.ts()).atZone(ZoneOffset.UTC).toLocalDate(), DropReason.UNSTORABLE));
        pending.decrementAndGet();
    }

    private static long total(Map<DropKey, Long> dropBatch) {
        long n = 0;
        for (long v : dropBatch.values()) n += v;
        return n;
    }

    /** Stops accepting, then waits for the queue to drain and the last batch to commit. */
    @Override
    public void close() {
        accepting = false;
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
