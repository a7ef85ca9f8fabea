package dev.outpost.ingest;

import dev.outpost.store.EventStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer: a bounded queue in front of a thread that commits whatever has gathered as one
 * batch (group commit). The endpoint only offers; when the queue is full it says so (503) rather
 * than grow. {@link #close()} stops taking events, then drains and commits all that was accepted.
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

    public record DropKey(long siteId, LocalDate day, DropReason reason) {}

    private final EventStore store;
    private final IngestMetrics metrics;
    private final BlockingQueue<Event> queue;
    private final Map<DropKey, Long> drops = new ConcurrentHashMap<>();
    /** Accepted but not yet committed: in the queue or in the batch being written. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Drops counted but not yet committed; the map alone empties before its batch is written. */
    private final java.util.concurrent.atomic.AtomicLong pendingDrops = new java.util.concurrent.atomic.AtomicLong();
    private final Thread thread;
    private volatile boolean accepting = true;
    private volatile boolean running = true;

    public EventWriter(EventStore store, IngestMetrics metrics, int capacity) {
        this.store = store;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(capacity);
        metrics.watchQueue(queue::size, pending::get);
        this.thread = new Thread(this::run, "event-writer");
        thread.start();
    }

    /** Queues an event; false when the queue is full or the server is shutting down. */
    public boolean offer(Event e) {
        if (!accepting) return false;
        pending.incrementAndGet();
        if (queue.offer(e)) return true;
        pending.decrementAndGet();
        return false;
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
            try {
                Event first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    gather(batch);
                }
            } catch (InterruptedException e) {
                // close() interrupts only to wake us: what was gathered is written below.
            }
            Map<DropKey, Long> dropBatch = takeDrops();
            if (!batch.isEmpty() || !dropBatch.isEmpty()) write(batch, dropBatch);
            batch.clear();
        }
    }

    /** Adds what arrives within the gathering time, up to a full batch; shutting down cuts it short. */
    private void gather(List<Event> batch) throws InterruptedException {
        long until = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < MAX_BATCH) {
            queue.drainTo(batch, MAX_BATCH - batch.size());
            long left = until - System.nanoTime();
            if (left <= 0 || batch.size() >= MAX_BATCH || !running) return;
            Event next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) return;
            batch.add(next);
        }
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

    /** Commits one batch, retrying with backoff while the database is away: accepted means kept. */
    private void write(List<Event> batch, Map<DropKey, Long> dropBatch) {
        long backoff = 50;
        while (true) {
            long start = System.nanoTime();
            try {
                store.insert(batch, dropBatch);
                metrics.committed(batch.size(), System.nanoTime() - start);
                pending.addAndGet(-batch.size());
                long dropped = 0;
                for (long n : dropBatch.values()) dropped += n;
                pendingDrops.addAndGet(-dropped);
                return;
            } catch (RuntimeException e) {
                metrics.commitFailed();
                log.warn("committing {} events failed, retrying in {} ms: {}", batch.size(), backoff, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    // keep trying: shutting down must not drop the batch
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /** Stops accepting, then waits for the queue to drain and the last batch to commit. */
    @Override
    public void close() {
        accepting = false;
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
