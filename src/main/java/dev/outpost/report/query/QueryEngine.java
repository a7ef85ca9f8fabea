package dev.outpost.report.query;

import dev.outpost.domain.Site;
import dev.outpost.report.Attribution;
import dev.outpost.store.GoalStore;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs a {@link ReportQuery} over one range of days: its visits are counted in the database, from
 * rollup rows when the query's shape allows ({@link RollupCounts}: at most one filter "is" one
 * value (or none) of a visit attribute or "is" a page; at most one visit attribute or the page by a
 * day, week or month bucket), else by one SQL aggregate over the visits ({@link VisitCounts}); both
 * count exactly what the visits say. Conversions are credited in Java ({@link Credits}: there are
 * few of them) and summed into the same rows ({@link CreditRows}).
 */
public final class QueryEngine {
    /** The rows of one range, by their dimension values, and how many conversions had revenue in each currency. */
    public record Table(Map<List<String>, Bucket> rows, Map<String, Integer> currencies) {}

    private final RollupStore rollups;
    private final Credits credits;
    private final VisitCounts visitCounts;
    private final RollupCounts rollupCounts;
    private final CreditRows creditRows;
    /** How many visit counts came from rollup rows (the rest: SQL over the visits). */
    final LongAdder rollupAnswers = new LongAdder();

    /** An engine that counts every query from the visits (no rollups, no kept credit). */
    public QueryEngine(QueryStore store, Attribution attribution) {
        this(store, null, null, attribution);
    }

    public QueryEngine(QueryStore store, RollupStore rollups, GoalStore goals, Attribution attribution) {
        this.rollups = rollups;
        this.credits = new Credits(attribution, goals, store);
        this.visitCounts = new VisitCounts(store);
        this.rollupCounts = rollups == null ? null : new RollupCounts(store, rollups);
        this.creditRows = new CreditRows(store, credits, visitCounts);
    }

    public Table run(Site site, ReportQuery q, ReportQuery.Days days) {
        ZoneId zone = ZoneId.of(site.timezone());
        long from = days.from().atStartOfDay(zone).toInstant().toEpochMilli();
        long to = days.to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        Filters filters = Filters.of(q.filters());
        List<Dimension> dims = q.dimensions();
        boolean byGoal = dims.contains(Dimension.GOAL);
        // Rows by goal are the goals' conversions, whatever the metrics: their visitors are the converters.
        boolean needConversions = byGoal || q.metrics().stream().anyMatch(Metric::needsConversions);

        // Credit for conversions in the range may go to visits up to the lookback before it.
        RollupStore.State state = rollups == null ? null : rollups.state(site.id());
        List<Credits.Piece> pieces = needConversions ? credits.credits(site, zone, from, to, q.attribution(), state) : List.of();
        long pageFrom = creditRows.pageFrom(site.id(), pieces, filters, from);

        Map<List<String>, Bucket> rows = new LinkedHashMap<>();
        if (!byGoal) {
            visits(site, zone, dims, filters, from, to, days, pageFrom).forEach((k, c) -> {
                Bucket b = new Bucket();
                b.visitors = c.visitors();
                b.visits = c.visits();
                b.pageviews = c.pageviews();
                b.bounces = c.bounces();
                b.engagedMs = c.engagedMs();
                rows.put(k, b);
            });
        }
        Map<String, Integer> currencies = creditRows.add(site, zone, dims, filters, pieces, from, to, pageFrom, state, rows);
        if (byGoal) {
            // Each goal row's conversion rate is of the visitors of the same row without the goal.
            List<Dimension> rest = dims.stream().filter(d -> d != Dimension.GOAL).toList();
            Map<List<String>, Counts> byRest = visits(site, zone, rest, filters, from, to, days, pageFrom);
            int goalAt = dims.indexOf(Dimension.GOAL);
            rows.forEach((k, b) -> {
                List<String> r = new ArrayList<>(k);
                r.remove(goalAt);
                Counts c = byRest.get(r);
                b.rateBase = c == null ? 0 : c.visitors();
            });
        }
        if (dims.isEmpty()) rows.computeIfAbsent(List.of(), k -> new Bucket()); // totals always have a row
        return new Table(rows, currencies);
    }

    /** The visits of the range by {@code dims} (no goal among them), filters applied: from rollup rows if they can tell. */
    private Map<List<String>, Counts> visits(Site site, ZoneId zone, List<Dimension> dims, Filters filters, long from, long to,
                                             ReportQuery.Days days, long pageFrom) {
        if (rollupCounts != null) {
            Map<List<String>, Counts> counted = rollupCounts.count(site, zone, dims, filters.visit(), filters.page(), from, to, days);
            if (counted != null) {
                rollupAnswers.increment();
                return counted;
            }
        }
        return visitCounts.count(site, zone, dims, filters.visit(), filters.page(), from, to, pageFrom);
    }
}
