package dev.outpost.ingest;

import dev.outpost.domain.DropReason;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** This node's ingest counters, rendered in Prometheus text format at {@code GET /metrics}. */
public final class IngestMetrics {
    private final LongAdder accepted = new LongAdder();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchedEvents = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final LongAdder commitFailures = new LongAdder();
    private volatile long lastCommitNanos;
    private volatile IntSupplier queueDepth = () -> 0;
    private volatile IntSupplier pending = () -> 0;
    private final RecentBeacons recent = new RecentBeacons();

    void accepted() {
        accepted.increment();
    }

    void dropped(DropReason reason) {
        dropped.computeIfAbsent(reason.label(), k -> new LongAdder()).increment();
    }

    public void rejected(String reason) {
        rejected.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void committed(int events, long nanos) {
        batches.increment();
        batchedEvents.add(events);
        commitNanos.add(nanos);
        lastCommitNanos = nanos;
    }

    void commitFailed() {
        commitFailures.increment();
    }

    void watchQueue(IntSupplier depth, IntSupplier notYetCommitted) {
        this.queueDepth = depth;
        this.pending = notYetCommitted;
    }

    /** Each site's last minutes, for its setup page. */
    public RecentBeacons recent() {
        return recent;
    }

    public long acceptedCount() {
        return accepted.sum();
    }

    public String prometheus() {
        StringBuilder sb = new StringBuilder(1024);
        counter(sb, "outpost_events_accepted_total", "Beacons accepted and queued for storage.");
        sb.append("outpost_events_accepted_total ").append(accepted.sum()).append('\n');
        counter(sb, "outpost_events_dropped_total", "Well-formed beacons not counted, by reason (bots and the like, and accepted events the database refused).");
        for (DropReason r : DropReason.values()) {
            LongAdder a = dropped.get(r.label());
            sb.append("outpost_events_dropped_total{reason=\"").append(r.label()).append("\"} ")
                    .append(a == null ? 0 : a.sum()).append('\n');
        }
        counter(sb, "outpost_events_rejected_total", "Requests refused with a 4xx or 503, by reason.");
        rejected.forEach((k, v) -> sb.append("outpost_events_rejected_total{reason=\"").append(k).append("\"} ")
                .append(v.sum()).append('\n'));
        gauge(sb, "outpost_queue_depth", "Accepted events waiting in memory for the writer.", queueDepth.getAsInt());
        gauge(sb, "outpost_events_pending", "Accepted events not yet committed (queued or in the batch being written).",
                pending.getAsInt());
        sb.append("# HELP outpost_batch_size Events per committed batch.\n# TYPE outpost_batch_size summary\n");
        sb.append("outpost_batch_size_sum ").append(batchedEvents.sum()).append('\n');
        sb.append("outpost_batch_size_count ").append(batches.sum()).append('\n');
        sb.append("# HELP outpost_commit_seconds Time to write and commit one batch.\n# TYPE outpost_commit_seconds summary\n");
        sb.append("outpost_commit_seconds_sum ").append(commitNanos.sum() / 1e9).append('\n');
        sb.append("outpost_commit_seconds_count ").append(batches.sum()).append('\n');
        gauge(sb, "outpost_commit_seconds_last", "Duration of the latest commit.", lastCommitNanos / 1e9);
        counter(sb, "outpost_commit_failures_total", "Batch commits that failed: retried while the database is away, split when it refuses the data.");
        sb.append("outpost_commit_failures_total ").append(commitFailures.sum()).append('\n');
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n");
    }

    private static void gauge(StringBuilder sb, String name, String help, double value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n");
        sb.append(name).append(' ').append(value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value))
                .append('\n');
    }
}
