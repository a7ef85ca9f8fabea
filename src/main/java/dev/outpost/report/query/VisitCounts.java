package dev.outpost.report.query;

import dev.outpost.domain.Site;
import dev.outpost.store.QueryStore.Condition;
import dev.outpost.store.QueryStore;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts visits by one SQL aggregate over the visits (and their pageviews): any shape of query, exact, slower on a big range. */
final class VisitCounts {
    /** How long one matches filter may spend on the values of its range (see {@link Filter#passing}). */
    static final Duration MATCH_BUDGET = Duration.ofSeconds(2);

    private final QueryStore store;

    VisitCounts(QueryStore store) {
        this.store = store;
    }

    /** The visits of [from, to) by {@code dims} (no goal among them), filters applied (see {@link QueryStore#aggregate}). */
    Map<List<String>, Counts> count(Site site, ZoneId zone, List<Dimension> dims, List<Filter> visitFilters,
                                     List<Filter> pageFilters, long from, long to, long pageFrom) {
        boolean byPage = dims.contains(Dimension.PAGE);
        List<Condition> visitConditions = new ArrayList<>(), pageConditions = new ArrayList<>();
        for (Filter f : visitFilters) {
            Condition c = condition(site.id(), f, f.dimension().column(), from, to);
            if (c == null) return Map.of(); // a regex no value matches
            visitConditions.add(c);
        }
        for (Filter f : pageFilters) {
            Condition c = condition(site.id(), f, QueryStore.PAGE, byPage ? from : pageFrom, to);
            if (c == null) return Map.of();
            pageConditions.add(c);
        }
        List<QueryStore.Key> keys = new ArrayList<>();
        for (Dimension d : dims) {
            keys.add(switch (d.kind()) {
                case VISIT -> QueryStore.Key.column(d.column());
                case PAGE -> QueryStore.Key.column(QueryStore.PAGE);
                case TIME -> QueryStore.Key.time(TimeKeys.buckets(d, zone, from, to));
                case GOAL -> throw new IllegalArgumentException("goals are not visit groups");
            });
        }
        Map<List<String>, Counts> out = new LinkedHashMap<>();
        for (QueryStore.Group g : store.aggregate(site.id(), from, to, keys, visitConditions, pageConditions, byPage, pageFrom)) {
            List<String> key = new ArrayList<>(dims.size());
            for (int i = 0; i < dims.size(); i++) {
                Dimension d = dims.get(i);
                key.add(d.kind() == Dimension.Kind.TIME ? TimeKeys.label(d, Long.parseLong(g.key().get(i))) : g.key().get(i));
            }
            out.put(key, new Counts(g.visitors(), g.visits(), g.pageviews(), g.bounces(), g.engagedMs()));
        }
        return out;
    }

    /**
     * A filter as SQL. A regex is decided here, on the distinct values the column takes in the
     * range, and goes to SQL as the list of those it matches (null: it matches none).
     */
    Condition condition(long siteId, Filter f, String column, long from, long to) {
        return switch (f.op()) {
            case IS -> new Condition(column, QueryStore.Op.IS, f.values());
            case IS_NOT -> new Condition(column, QueryStore.Op.IS_NOT, f.values());
            case CONTAINS -> new Condition(column, QueryStore.Op.CONTAINS, f.values());
            case MATCHES -> {
                List<String> hits = f.passing(store.distinctValues(siteId, from, to, column), MATCH_BUDGET);
                yield hits.isEmpty() ? null : new Condition(column, QueryStore.Op.IS, hits);
            }
        };
    }
}
