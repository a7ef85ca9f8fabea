package dev.outpost.report.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.outpost.attribution.AttributionModel;
import dev.outpost.domain.Site;
import dev.outpost.store.QueryStore.Condition;
import dev.outpost.store.QueryStore.VisitRow;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Conversion credit ({@link Credits}) summed into a query's rows: each share goes to the row of
 * the visit it credits (and the time it happened), if that visit passes the filters; converters
 * are counted per row, and converting visitors only through a credited visit of the range.
 */
final class CreditRows {
    private final QueryStore store;
    private final Credits credits;
    private final VisitCounts visits;

    CreditRows(QueryStore store, Credits credits, VisitCounts visits) {
        this.store = store;
        this.credits = credits;
        this.visits = visits;
    }

    /**
     * Page filters keep the credited visits that viewed a matching page; they look at pageviews since
     * the range start, or since the lookback when credit of the range reaches visits before it that
     * pass the visit filters. The start of the pageviews looked at.
     */
    long pageFrom(long siteId, List<Credits.Piece> pieces, Filters filters, long from) {
        if (filters.page().isEmpty()) return from;
        long lookbackFrom = from - AttributionModel.LOOKBACK.toMillis();
        Set<String> earlyVisitors = new HashSet<>();
        for (Credits.Piece p : pieces) {
            for (Credits.Touched t : p.touched) {
                if (t.touchStart() < from && goalPasses(t, filters.goal())) earlyVisitors.add(t.conversion().visitorId());
            }
        }
        for (VisitRow v : store.visitsOf(siteId, earlyVisitors, lookbackFrom, from)) if (passes(v, filters.visit())) return lookbackFrom;
        return from;
    }

    /**
     * Adds the credit of {@code pieces} to the rows by {@code dims} (making rows that have credit
     * but no visits, as goals'); the answer is how many conversions had revenue in each currency.
     */
    Map<String, Integer> add(Site site, ZoneId zone, List<Dimension> dims, Filters filters, List<Credits.Piece> pieces, long from,
                             long to, long pageFrom, RollupStore.State state, Map<List<String>, Bucket> rows) {
        List<Filter> visitFilters = filters.visit(), pageFilters = filters.page(), goalFilters = filters.goal();
        Function<Credits.Piece, Set<Long>> seen = p -> null;
        String pageShape = "";
        if (!pageFilters.isEmpty() && !pieces.isEmpty()) {
            List<Condition> conditions = new ArrayList<>();
            for (Filter f : pageFilters) {
                Condition c = visits.condition(site.id(), f, QueryStore.PAGE, pageFrom, to);
                if (c != null) conditions.add(c);
            }
            // A regex no page matches: no credited visit viewed one.
            Predicate<Long> viewed = conditions.size() < pageFilters.size() ? id -> false
                    : viewed(site.id(), zone, conditions, pageFrom, to, state);
            pageShape = shape(List.of(), pageFilters, List.of()) + "|" + pageFrom + "|" + to;
            // Which of a piece's credited visits viewed the page: a piece the rollups cover has
            // settled visits, and keeps the answer for the next queries of the view.
            String seenShape = "seen" + shape(List.of(), visitFilters, List.of()) + pageShape;
            seen = p -> p.sums(seenShape, t -> seenIds(t, visitFilters, viewed));
        }

        // Credit summed per piece of the range (a day kept in the cache is summed once per query
        // shape); converters of the pieces unite as numbers in a bit set.
        Map<String, Set<Object>> currencyConversions = new HashMap<>();
        String shape = shape(dims, visitFilters, goalFilters) + pageShape;
        Map<List<String>, List<RowCredit>> converters = new HashMap<>();
        List<CreditSums> summed = new ArrayList<>(pieces.size());
        for (Credits.Piece p : pieces) {
            Set<Long> s = seen.apply(p); // first: a piece's sums are not made while it makes another
            summed.add(p.sums(shape, t -> creditSums(t, dims, visitFilters, goalFilters, s, zone)));
        }
        if (summed.stream().anyMatch(c -> c.epoch() != summed.get(0).epoch())) {
            // Visitors were numbered anew meanwhile: sum again, all with the same numbers.
            summed.clear();
            for (Credits.Piece p : pieces) summed.add(creditSums(p.touched, dims, visitFilters, goalFilters, seen.apply(p), zone));
        }
        for (CreditSums sums : summed) {
            sums.rows.forEach((key, c) -> {
                Bucket b = rows.computeIfAbsent(key, k -> new Bucket());
                b.conversions = b.conversions.add(c.conversions);
                c.revenue.forEach((cur, amount) -> b.revenue.merge(cur, amount, BigDecimal::add));
                converters.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            });
            sums.currencies.forEach((cur, set) -> currencyConversions.computeIfAbsent(cur, k -> new HashSet<>()).addAll(set));
        }
        BitSet bits = new BitSet(credits.indexSize());
        converters.forEach((key, credited) -> {
            Bucket b = rows.get(key);
            for (RowCredit c : credited) for (int i : c.converters) bits.set(i);
            b.converters = bits.cardinality();
            bits.clear();
            // Converting visitors: those credited through a visit of the range (in rows of visits of one
            // kind, one in this row), so each is one of the row's visitors, and the rate never passes 100%.
            for (RowCredit c : credited) {
                for (int j = 0; j < c.converters.length; j++) if (c.latestStart[j] >= from) bits.set(c.converters[j]);
            }
            b.convertingVisitors = bits.cardinality();
            bits.clear();
        });

        Map<String, Integer> currencies = new HashMap<>();
        currencyConversions.forEach((cur, set) -> currencies.put(cur, set.size()));
        return currencies;
    }

    /**
     * The visit a credit goes to: of the visits its visitor began at the credited time (one,
     * unless two nodes started the same visit), the first that passes the filters and, with page
     * filters, is among those that viewed the page ({@code seen}; null: no page filter); null when none.
     */
    private static VisitRow touch(Credits.Touched t, List<Filter> visitFilters, Set<Long> seen) {
        if (visitFilters.isEmpty() && seen == null) return t.visits().isEmpty() ? null : t.visits().get(0);
        for (VisitRow v : t.visits()) {
            if (!visitFilters.isEmpty() && !passes(v, visitFilters)) continue;
            if (seen != null && !seen.contains(v.id())) continue;
            return v;
        }
        return null;
    }

    /** Credit summed by row, and the conversions with revenue by currency. */
    private record CreditSums(Map<List<String>, RowCredit> rows, Map<String, Set<Object>> currencies, int epoch) {}

    /**
     * One row's credit: conversions, revenue by currency, and its converting visitors' numbers with,
     * for each, the latest start of a credited visit that counts among the row's visits
     * ({@code Long.MIN_VALUE}: none does, as when the visit began in another hour than the conversion).
     */
    private record RowCredit(BigDecimal conversions, Map<String, BigDecimal> revenue, int[] converters, long[] latestStart) {}

    private CreditSums creditSums(List<Credits.Touched> touched, List<Dimension> dims, List<Filter> visitFilters,
                                  List<Filter> goalFilters, Set<Long> seen, ZoneId zone) {
        Map<List<String>, BigDecimal[]> conversions = new HashMap<>();
        Map<List<String>, Map<String, BigDecimal>> revenue = new HashMap<>();
        Map<List<String>, Map<Integer, Long>> who = new HashMap<>();
        Map<String, Set<Object>> currencies = new HashMap<>();
        int epoch = credits.epoch();
        boolean byVisit = !visitFilters.isEmpty() || seen != null || dims.stream().anyMatch(d -> d.kind() == Dimension.Kind.VISIT);
        for (Credits.Touched t : touched) {
            if (!goalPasses(t, goalFilters)) continue;
            VisitRow v = touch(t, visitFilters, seen);
            if (v == null) continue; // credited to a visit the filters exclude
            var conv = t.conversion();
            // A conversion is counted when it happened, whenever the visit it is credited to began.
            List<String> key = key(dims, v, conv.ts(), conv.goal(), zone);
            BigDecimal[] sum = conversions.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO});
            sum[0] = sum[0].add(t.share());
            // Rows of visits of one kind (by or filtered on a visit's properties or pages) count a converter
            // only through a visit of theirs in the row (Long.MIN_VALUE: none, e.g. one in another hour);
            // other rows (totals, goals, hours) count every converter (Long.MAX_VALUE).
            long start = !byVisit ? Long.MAX_VALUE
                    : key.equals(key(dims, v, v.startedAt(), conv.goal(), zone)) ? v.startedAt() : Long.MIN_VALUE;
            who.computeIfAbsent(key, k -> new HashMap<>()).merge(credits.index(conv.visitorId()), start, Math::max);
            if (conv.revenueMicros() != null && conv.currency() != null) {
                revenue.computeIfAbsent(key, k -> new TreeMap<>())
                        .merge(conv.currency(), BigDecimal.valueOf(conv.revenueMicros(), 6).multiply(t.share()), BigDecimal::add);
                currencies.computeIfAbsent(conv.currency(), k -> new HashSet<>()).add(conv);
            }
        }
        Map<List<String>, RowCredit> rows = new HashMap<>();
        conversions.forEach((key, sum) -> {
            Map<Integer, Long> w = who.get(key);
            int[] ids = new int[w.size()];
            long[] starts = new long[w.size()];
            int i = 0;
            for (Map.Entry<Integer, Long> e : w.entrySet()) {
                ids[i] = e.getKey();
                starts[i++] = e.getValue();
            }
            rows.put(key, new RowCredit(sum[0], revenue.getOrDefault(key, Map.of()), ids, starts));
        });
        // Numbered anew while summing: the next summing starts over (a different epoch never mixes).
        return new CreditSums(rows, currencies, credits.epoch() == epoch ? epoch : -1);
    }

    /** A query's shape as far as credit goes: its dimensions and filters (none on pages). */
    private static String shape(List<Dimension> dims, List<Filter> visitFilters, List<Filter> goalFilters) {
        StringBuilder b = new StringBuilder();
        for (Dimension d : dims) b.append(d.key()).append(',');
        for (List<Filter> fs : List.of(visitFilters, goalFilters)) {
            b.append('|');
            for (Filter f : fs) {
                b.append(f.op().key()).append(' ').append(f.dimension().key()).append(' ');
                // Values are JSON-quoted so no value can pass for two.
                for (String v : f.values()) b.append(v == null ? "null" : JSON_TEXT.apply(v)).append(' ');
                b.append(';');
            }
        }
        return b.toString();
    }

    private static final Function<String, String> JSON_TEXT = v -> {
        StringBuilder q = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') q.append('\\');
            q.append(c);
        }
        return q.append('"').toString();
    };

    private static boolean goalPasses(Credits.Touched t, List<Filter> goalFilters) {
        for (Filter f : goalFilters) if (!f.test(t.conversion().goal())) return false;
        return true;
    }

    private static boolean passes(VisitRow v, List<Filter> visitFilters) {
        for (Filter f : visitFilters) if (!f.test(v.get(f.dimension().column()))) return false;
        return true;
    }

    /** The credited visits of a piece that pass the visit filters and viewed a matching page. */
    private static Set<Long> seenIds(List<Credits.Touched> touched, List<Filter> visitFilters, Predicate<Long> viewed) {
        Set<Long> out = new HashSet<>();
        for (Credits.Touched t : touched) {
            for (VisitRow v : t.visits()) if (passes(v, visitFilters) && viewed.test(v.id())) out.add(v.id());
        }
        return out;
    }

    /**
     * Whether a visit had a pageview in [pageFrom, to) passing every page condition, asked of the
     * pageviews' path index. The views before the rollups' reach are settled (a late one makes the
     * state change): read once per state and kept for the other queries of a view.
     */
    private Predicate<Long> viewed(long siteId, ZoneId zone, List<Condition> conditions, long pageFrom, long to,
                                                      RollupStore.State state) {
        if (state == null) return store.visitsWithPage(siteId, conditions, pageFrom, to)::contains;
        long reach = Rollups.reach(state, zone);
        long settledTo = Math.min(Math.max(reach, pageFrom), to);
        Set<Long> settled = viewedBefore.get(new Viewed(siteId, conditions, pageFrom, settledTo, RollupCounts.Rows.of(state)),
                k -> store.visitsWithPage(siteId, conditions, pageFrom, settledTo));
        if (settledTo >= to) return settled::contains;
        Set<Long> fresh = store.visitsWithPage(siteId, conditions, settledTo, to);
        return id -> settled.contains(id) || fresh.contains(id);
    }

    private record Viewed(long siteId, List<Condition> conditions, long from, long to, RollupCounts.Rows rows) {}

    private final Cache<Viewed, Set<Long>> viewedBefore =
            Caffeine.newBuilder().maximumWeight(4_000_000)
                    .weigher((Viewed k, Set<Long> v) -> v.size() + 1).expireAfterAccess(Duration.ofMinutes(10)).build();

    private static List<String> key(List<Dimension> dims, VisitRow v, long ts, String goal, ZoneId zone) {
        List<String> key = new ArrayList<>(dims.size());
        for (Dimension d : dims) {
            String value = switch (d.kind()) {
                case VISIT -> v.get(d.column());
                case PAGE -> throw new IllegalStateException("conversions are not counted by page");
                case GOAL -> goal;
                case TIME -> TimeKeys.time(d, ts, zone);
            };
            key.add(value == null ? Dimension.NONE : value);
        }
        return key;
    }
}
