package dev.outpost.report.query;

import dev.outpost.attribution.AttributionModel;
import dev.outpost.domain.Site;
import dev.outpost.report.Attribution;
import dev.outpost.store.GoalStore;
import dev.outpost.store.QueryStore.Condition;
import dev.outpost.store.QueryStore.PageviewRow;
import dev.outpost.store.QueryStore.VisitRow;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link ReportQuery} over one range of days. Visits are counted in the database: from the
 * rollup rows ({@link Rollups}) plus the newest visits when the query's shape allows (at most one
 * filter "is" one value (or none) of a visit attribute or "is" a page; at most one visit attribute or the page
 * by a day, week or month bucket), else by one SQL aggregate over the visits
 * ({@link QueryStore#aggregate}). Both count exactly what the visits say. Conversions are credited in Java ({@link Attribution}): there are few of them.
 */
public final class QueryEngine {
    /** The rows of one range, by their dimension values, and how many conversions had revenue in each currency. */
    public record Table(Map<List<String>, Bucket> rows, Map<String, Integer> currencies) {}

    /** The newest visits are counted one by one; past this span the rows are too far behind, and SQL counts all. */
    static final long MAX_TAIL = 36L * 3600 * 1000;
    /** How long one matches filter may spend on the values of its range (see {@link Filter#passing}). */
    static final java.time.Duration MATCH_BUDGET = java.time.Duration.ofSeconds(2);

    private final QueryStore store;
    private final RollupStore rollups;
    private final Credits credits;
    /** How many visit counts came from rollup rows (the rest: SQL over the visits). */
    final java.util.concurrent.atomic.LongAdder rollupAnswers = new java.util.concurrent.atomic.LongAdder();

    /** An engine that counts every query from the visits (no rollups, no kept credit). */
    public QueryEngine(QueryStore store, Attribution attribution) {
        this(store, null, null, attribution);
    }

    public QueryEngine(QueryStore store, RollupStore rollups, GoalStore goals, Attribution attribution) {
        this.store = store;
        this.rollups = rollups;
        this.credits = new Credits(attribution, goals, store);
    }

    /** The sums of one group of visits. */
    private record Counts(long visitors, long visits, long pageviews, long bounces, long engagedMs) {
        Counts plus(Counts o) {
            return new Counts(visitors + o.visitors, visits + o.visits, pageviews + o.pageviews, bounces + o.bounces,
                    engagedMs + o.engagedMs);
        }
    }

    public Table run(Site site, ReportQuery q, ReportQuery.Days days) {
        ZoneId zone = ZoneId.of(site.timezone());
        long from = days.from().atStartOfDay(zone).toInstant().toEpochMilli();
        long to = days.to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();

        List<Filter> visitFilters = new ArrayList<>(), pageFilters = new ArrayList<>(), goalFilters = new ArrayList<>();
        for (Filter f : q.filters()) {
            switch (f.dimension().kind()) {
                case VISIT -> visitFilters.add(f);
                case PAGE -> pageFilters.add(f);
                case GOAL -> goalFilters.add(f);
                case TIME -> throw new IllegalStateException("time filters are refused by the parser");
            }
        }
        List<Dimension> dims = q.dimensions();
        boolean byPage = dims.contains(Dimension.PAGE);
        boolean byGoal = dims.contains(Dimension.GOAL);
        // Rows by goal are the goals' conversions, whatever the metrics: their visitors are the converters.
        boolean needConversions = byGoal || q.metrics().stream().anyMatch(Metric::needsConversions);

        // Credit for conversions in the range may go to visits up to the lookback before it.
        RollupStore.State state = rollups == null ? null : rollups.state(site.id());
        List<Credits.Piece> pieces = needConversions ? credits.credits(site, zone, from, to, q.attribution(), state) : List.of();
        long lookbackFrom = from - AttributionModel.LOOKBACK.toMillis();
        // Page filters keep the credited visits that viewed a matching page; they look at pageviews
        // since the range start, or since the lookback when credit reaches visits before the range.
        boolean early = !pageFilters.isEmpty() && early(site.id(), pieces, goalFilters, visitFilters, from, lookbackFrom);
        long pageFrom = early ? lookbackFrom : from;
        java.util.function.Function<Credits.Piece, Set<Long>> seen = p -> null;
        String pageShape = "";
        if (!pageFilters.isEmpty() && !pieces.isEmpty()) {
            List<Condition> conditions = new ArrayList<>();
            for (Filter f : pageFilters) {
                Condition c = condition(site.id(), f, QueryStore.PAGE, pageFrom, to);
                if (c != null) conditions.add(c);
            }
            // A regex no page matches: no credited visit viewed one.
            java.util.function.Predicate<Long> viewed = conditions.size() < pageFilters.size() ? id -> false
                    : viewed(site.id(), zone, conditions, pageFrom, to, state);
            pageShape = shape(List.of(), pageFilters, List.of()) + "|" + pageFrom + "|" + to;
            // Which of a piece's credited visits viewed the page: a piece the rollups cover has
            // settled visits, and keeps the answer for the next queries of the view.
            String seenShape = "seen" + shape(List.of(), visitFilters, List.of()) + pageShape;
            seen = p -> p.sums(seenShape, t -> seenIds(t, visitFilters, viewed));
        }

        Map<List<String>, Bucket> rows = new LinkedHashMap<>();
        if (!byGoal) {
            visits(site, zone, dims, visitFilters, pageFilters, from, to, days, pageFrom).forEach((k, c) -> {
                Bucket b = new Bucket();
                b.visitors = c.visitors();
                b.visits = c.visits();
                b.pageviews = c.pageviews();
                b.bounces = c.bounces();
                b.engagedMs = c.engagedMs();
                rows.put(k, b);
            });
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
        java.util.BitSet bits = new java.util.BitSet(credits.indexSize());
        converters.forEach((key, credits) -> {
            Bucket b = rows.get(key);
            for (RowCredit c : credits) for (int i : c.converters) bits.set(i);
            b.converters = bits.cardinality();
            bits.clear();
            // Converting visitors: those credited through a visit of the range (in rows of visits of one
            // kind, one in this row), so each is one of the row's visitors, and the rate never passes 100%.
            for (RowCredit c : credits) {
                for (int j = 0; j < c.converters.length; j++) if (c.latestStart[j] >= from) bits.set(c.converters[j]);
            }
            b.convertingVisitors = bits.cardinality();
            bits.clear();
        });

        if (byGoal) {
            // Each goal row's conversion rate is of the visitors of the same row without the goal.
            List<Dimension> rest = dims.stream().filter(d -> d != Dimension.GOAL).toList();
            Map<List<String>, Counts> byRest = visits(site, zone, rest, visitFilters, pageFilters, from, to, days, pageFrom);
            int goalAt = dims.indexOf(Dimension.GOAL);
            rows.forEach((k, b) -> {
                List<String> r = new ArrayList<>(k);
                r.remove(goalAt);
                Counts c = byRest.get(r);
                b.rateBase = c == null ? 0 : c.visitors();
            });
        }
        if (dims.isEmpty()) rows.computeIfAbsent(List.of(), k -> new Bucket()); // totals always have a row

        Map<String, Integer> currencies = new HashMap<>();
        currencyConversions.forEach((cur, set) -> currencies.put(cur, set.size()));
        return new Table(rows, currencies);
    }

    // ------------------------------------------------------------------ visits

    /** The visits of the range by {@code dims} (no goal among them), filters applied. */
    private Map<List<String>, Counts> visits(Site site, ZoneId zone, List<Dimension> dims, List<Filter> visitFilters,
                                             List<Filter> pageFilters, long from, long to, ReportQuery.Days days, long pageFrom) {
        if (rollups != null) {
            // Rollups answer under "is" one value (or none) of an attribute or the page (at most one filter),
            // and leave out visits without a value ("is_not (none)") of an attribute grouped by.
            Filter under = null;
            Set<String> dropNone = new HashSet<>();
            boolean fits = true;
            List<Filter> filters = new ArrayList<>(visitFilters);
            filters.addAll(pageFilters);
            for (Filter f : filters) {
                boolean one = f.values().size() == 1;
                boolean page = f.dimension().kind() == Dimension.Kind.PAGE;
                if (f.op() == Filter.Op.IS && one && (!page || f.values().get(0) != null) && under == null) {
                    under = f;
                } else if (f.op() == Filter.Op.IS_NOT && one && f.values().get(0) == null && dims.contains(f.dimension())) {
                    dropNone.add(f.dimension().column());
                } else {
                    fits = false;
                }
            }
            Map<List<String>, Counts> fromRollups = fits ? fromRollups(site, zone, dims, under, dropNone, from, to, days) : null;
            if (fromRollups != null) {
                rollupAnswers.increment();
                return fromRollups;
            }
        }
        return fromVisits(site, zone, dims, visitFilters, pageFilters, from, to, pageFrom);
    }

    /** One SQL aggregate over the visits (and their pageviews). */
    private Map<List<String>, Counts> fromVisits(Site site, ZoneId zone, List<Dimension> dims, List<Filter> visitFilters,
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
                case TIME -> QueryStore.Key.time(buckets(d, zone, from, to));
                case GOAL -> throw new IllegalArgumentException("goals are not visit groups");
            });
        }
        Map<List<String>, Counts> out = new LinkedHashMap<>();
        for (QueryStore.Group g : store.aggregate(site.id(), from, to, keys, visitConditions, pageConditions, byPage, pageFrom)) {
            List<String> key = new ArrayList<>(dims.size());
            for (int i = 0; i < dims.size(); i++) {
                Dimension d = dims.get(i);
                key.add(d.kind() == Dimension.Kind.TIME ? label(d, Long.parseLong(g.key().get(i))) : g.key().get(i));
            }
            out.put(key, new Counts(g.visitors(), g.visits(), g.pageviews(), g.bounces(), g.engagedMs()));
        }
        return out;
    }

    /**
     * A filter as SQL. A regex is decided here, on the distinct values the column takes in the
     * range, and goes to SQL as the list of those it matches (null: it matches none).
     */
    private Condition condition(long siteId, Filter f, String column, long from, long to) {
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

    /**
     * The rollup rows of the range plus the visits since the rows end, counted alike; null when the
     * query's shape or the rows' state does not allow it (then SQL counts the visits).
     */
    private Map<List<String>, Counts> fromRollups(Site site, ZoneId zone, List<Dimension> dims, Filter under,
                                                  Set<String> dropNone, long from, long to, ReportQuery.Days days) {
        Dimension time = null;
        List<Dimension> values = new ArrayList<>();
        for (Dimension d : dims) {
            if (d.kind() != Dimension.Kind.TIME) values.add(d);
            else if (time != null || d == Dimension.HOUR) return null;
            else time = d;
        }
        String column;
        if (values.isEmpty()) column = RollupRows.TOTAL;
        else if (values.size() == 1) column = values.get(0) == Dimension.PAGE ? RollupRows.PAGE : values.get(0).column();
        else if (values.size() == 2 && values.containsAll(List.of(Dimension.POST, Dimension.POST_MATCH))) column = RollupRows.POST_AND_MATCH;
        else return null;
        boolean pages = column.equals(RollupRows.PAGE);
        if (pages && time != null) return null; // pages by time bucket count pageview times
        boolean pageFilter = under != null && under.dimension().kind() == Dimension.Kind.PAGE;
        String filter = under == null ? null : pageFilter ? RollupRows.PAGE : under.dimension().column();
        String filterValue = under == null ? null : RollupRows.filterValue(under.values().get(0));
        // Pages under a page filter: that page's row of all pages.
        boolean onePage = pageFilter && pages;
        String dim = onePage ? RollupRows.PAGE : RollupRows.key(filter, filterValue, column);
        // Under a page filter, a range where some visit's pageviews were not all found (irregular for
        // pages) is counted from the visits: the rows may miss a view of the page.
        boolean checkPages = pageFilter && !onePage;
        List<String> markers = new ArrayList<>();
        for (String c : dropNone) markers.add(RollupRows.literalNone(filter, filterValue, c));
        int d1 = (int) days.from().toEpochDay(), d2 = (int) days.to().toEpochDay();
        String bucketSql = time == null ? null : bucketSql(time, days);

        for (int attempt = 0; attempt < 3; attempt++) {
            RollupStore.State state = rollups.state(site.id());
            if (state == null || !state.timezone().equals(site.timezone())) return null;
            boolean stale = state.validTo() < state.builtTo();
            long reach = stale ? Rollups.dayStart(zone, Rollups.day(zone, state.validTo())) : state.builtTo();
            int reachDay = Rollups.day(zone, reach);
            // The rows of the day the reach falls in cover its visits before the reach, unless stale.
            int lastDay = Math.min(d2, stale ? reachDay - 1 : reachDay);
            long tailFrom = Math.max(from, reach);
            if (tailFrom < to && to - tailFrom > MAX_TAIL) return null;

            Map<List<Object>, Counts> sums = new HashMap<>();
            Map<String, Counts> marked = new HashMap<>();
            if (lastDay >= d1 && filter != null && !onePage) {
                // The days whose rows did not keep the filter's value: its visits then are made into rows here.
                RollupStore.Sums keptDays = rollups.sum(site.id(), RollupRows.key(filter, filterValue, RollupRows.TOTAL), d1, lastDay, d2, "r.day");
                if (keptDays == null || keptDays.builtTo() != state.builtTo() || keptDays.validTo() != state.validTo()) continue;
                List<Integer> others = new ArrayList<>();
                Set<Long> kept = new HashSet<>();
                for (RollupStore.Sum s : keptDays.sums()) kept.add(s.bucket());
                for (int d = d1; d <= lastDay; d++) if (!kept.contains((long) d)) others.add(d);
                if (!others.isEmpty()) {
                    OtherDays key = new OtherDays(site.id(), filter, filterValue, others, from, to, reach, pages, Rows.of(state));
                    List<RollupStore.Row> rows = otherDays.get(key, k -> otherDaysRows(zone, k));
                    if (!key.rows().equals(Rows.of(rollups.state(site.id())))) {
                        otherDays.invalidate(key); // a visit read may be newer than the state: try again
                        continue;
                    }
                    if (!addRows(rows, dim, markers, pages, checkPages, time, days, sums, marked)) return null;
                }
            }
            if (lastDay >= d1) {
                boolean moved = false;
                List<String> keys = concat(dim, markers);
                if (checkPages) keys.add(RollupRows.PAGE);
                for (String key : keys) {
                    RollupStore.Sums stored = rollups.sum(site.id(), key, d1, lastDay, d2, key.equals(dim) ? bucketSql : null);
                    if (stored == null || stored.builtTo() != state.builtTo() || stored.validTo() != state.validTo()) {
                        moved = true;
                        break;
                    }
                    for (RollupStore.Sum s : stored.sums()) {
                        if (checkPages && key.equals(RollupRows.PAGE)) {
                            if (s.irregular() > 0) return null;
                            continue;
                        }
                        Counts c = new Counts(s.visitors(), s.visits(), s.pageviews(), s.bounces(), s.engagedMs());
                        if (!key.equals(dim)) {
                            marked.merge(key, c, Counts::plus);
                            continue;
                        }
                        if (s.irregular() > 0) return null;
                        if (pages && s.value().isEmpty()) continue; // only marks irregular days
                        sums.merge(List.of(s.value(), s.bucket()), c, Counts::plus);
                    }
                }
                if (moved) continue;
            }
            if (tailFrom < to && !tail(site.id(), zone, dim, markers, pages, checkPages, time, days, from, tailFrom, to, sums, marked)) {
                return null;
            }
            for (Counts c : marked.values()) if (c.visits() > 0) return null; // "(none)" as text: count the visits

            Map<List<String>, Counts> out = new LinkedHashMap<>();
            next:
            for (var e : sums.entrySet()) {
                if (e.getValue().visits() == 0 && e.getValue().pageviews() == 0) continue;
                String value = (String) e.getKey().get(0);
                if (onePage && !value.equals(filterValue)) continue;
                String[] parts = column.equals(RollupRows.POST_AND_MATCH) ? value.split(String.valueOf(RollupRows.SEP), -1) : null;
                List<String> key = new ArrayList<>(dims.size());
                for (Dimension d : dims) {
                    String k = d.kind() == Dimension.Kind.TIME ? LocalDate.ofEpochDay((Long) e.getKey().get(1)).toString()
                            : parts == null ? value : d == Dimension.POST ? parts[0] : parts[1];
                    if (d.kind() == Dimension.Kind.VISIT && dropNone.contains(d.column()) && k.equals(Dimension.NONE)) continue next;
                    key.add(k);
                }
                out.put(key, e.getValue());
            }
            return out;
        }
        return null; // the rows kept changing under us
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>(1 + rest.size());
        out.add(first);
        out.addAll(rest);
        return out;
    }

    /**
     * Adds the visits that started in [tailFrom, to), after the rows' reach, to {@code sums}: their
     * rows are made like stored ones, with their visitors' visits since the range start as history.
     * False when one of them is irregular for pages.
     */
    private boolean tail(long siteId, ZoneId zone, String dim, List<String> markers, boolean pages, boolean checkPages, Dimension time,
                         ReportQuery.Days days, long from, long tailFrom, long to, Map<List<Object>, Counts> sums,
                         Map<String, Counts> marked) {
        List<VisitRow> visits = store.visitsStarted(siteId, tailFrom, to);
        if (visits.isEmpty()) return true;
        Set<String> visitors = new HashSet<>();
        for (VisitRow v : visits) visitors.add(v.visitorId());
        List<VisitRow> history = tailFrom > from ? store.visitsOf(siteId, visitors, from, tailFrom) : List.of();
        Map<Long, List<PageviewRow>> views = null;
        if (pages || checkPages) {
            List<VisitRow> all = new ArrayList<>(visits);
            all.addAll(history);
            views = store.pageviewsOf(siteId, all, Rollups.VIEW_SLACK);
        }
        Set<String> keys = new HashSet<>(concat(dim, markers));
        if (checkPages) keys.add(RollupRows.PAGE);
        RollupRows rows = new RollupRows(zone, keys, null);
        rows.add(visits, history, views);
        return addRows(rows.rows(), dim, markers, pages, checkPages, time, days, sums, marked);
    }

    /**
     * Adds rows made on the spot to {@code sums} (those of {@code dim}) and {@code marked} (those
     * of {@code markers}) as stored ones are added. False when one is irregular for pages.
     */
    private static boolean addRows(List<RollupStore.Row> rows, String dim, List<String> markers, boolean pages, boolean checkPages,
                                   Dimension time, ReportQuery.Days days, Map<List<Object>, Counts> sums, Map<String, Counts> marked) {
        int d1 = (int) days.from().toEpochDay(), d2 = (int) days.to().toEpochDay();
        for (RollupStore.Row r : rows) {
            if (r.day() < d1 || r.day() > d2 || r.day2() > d2) continue;
            if (checkPages && r.dim().equals(RollupRows.PAGE) && r.irregular() > 0) return false;
            if (markers.contains(r.dim())) {
                marked.merge(r.dim(), new Counts(0, r.visits(), 0, 0, 0), Counts::plus);
                continue;
            }
            if (!r.dim().equals(dim)) continue;
            if (r.irregular() > 0) return false;
            if (pages && r.value().isEmpty()) continue;
            long bucket = time == null ? 0 : bucketStart(time, r.day(), days);
            boolean counted = r.prev() < d1 || (time != null && r.prev() < bucket);
            sums.merge(List.of(r.value(), bucket), new Counts(counted ? r.visitors() : 0, r.visits(), r.pageviews(),
                    r.bounces(), r.engagedMs()), Counts::plus);
        }
        return true;
    }

    /**
     * The visits with {@code filter} = {@code value} (or, for {@link RollupRows#PAGE}, that viewed the
     * page before {@code to}) that started on {@code days} before {@code reach} (the rows' end),
     * whose rows did not keep the value; with or without pages. Their rows are made with the
     * visitors' visits since {@code from} as history, and kept for the next queries of the same view
     * while the stored rows stay as they were ({@code rows}).
     */
    private record OtherDays(long siteId, String filter, String value, List<Integer> days, long from, long to, long reach,
                             boolean pages, Rows rows) {}

    /** What of a rollup state tells the rows and the visits they count are the same (not the writer's dirty mark). */
    private record Rows(String timezone, long builtTo, long validTo, long generation) {
        static Rows of(RollupStore.State s) {
            return s == null ? null : new Rows(s.timezone(), s.builtTo(), s.validTo(), s.generation());
        }
    }

    private final com.github.benmanes.caffeine.cache.Cache<OtherDays, List<RollupStore.Row>> otherDays =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(64)
                    .expireAfterAccess(java.time.Duration.ofMinutes(10)).build();

    private List<RollupStore.Row> otherDaysRows(ZoneId zone, OtherDays k) {
        Set<Integer> wanted = new HashSet<>(k.days());
        long a = Math.max(k.from(), Rollups.dayStart(zone, k.days().get(0)));
        long b = Math.min(k.reach(), Rollups.dayStart(zone, k.days().get(k.days().size() - 1) + 1));
        boolean pageFilter = k.filter().equals(RollupRows.PAGE);
        String value = k.value().equals(RollupRows.NO_VALUE) ? null : k.value();
        Condition is = new Condition(k.filter(), QueryStore.Op.IS, java.util.Collections.singletonList(value));
        // The page's views are found through their path index; a visit's views begin at its start.
        List<VisitRow> found = pageFilter
                ? store.visitsById(k.siteId(), store.visitsWithPage(k.siteId(), List.of(is), a - Rollups.VIEW_SLACK, k.to()))
                : store.visitsStarted(k.siteId(), a, b, is);
        List<VisitRow> visits = new ArrayList<>();
        for (VisitRow v : found) {
            if (v.startedAt() >= a && v.startedAt() < b && wanted.contains(Rollups.day(zone, v.startedAt()))) visits.add(v);
        }
        if (visits.isEmpty()) return List.of();
        Set<String> visitors = new HashSet<>();
        for (VisitRow v : visits) visitors.add(v.visitorId());
        // A previous visit with the value may lie on any day before (kept or not) since the range start.
        List<VisitRow> history = new ArrayList<>();
        for (VisitRow v : store.visitsOf(k.siteId(), visitors, k.from(), k.reach())) {
            if (pageFilter || java.util.Objects.equals(value, v.get(k.filter()))) history.add(v);
        }
        Set<String> keys = new HashSet<>();
        List<String> columns = new ArrayList<>(QueryStore.VISIT_COLUMNS);
        for (String c : columns) keys.add(RollupRows.literalNone(k.filter(), k.value(), c));
        columns.addAll(List.of(RollupRows.TOTAL, RollupRows.POST_AND_MATCH));
        if (k.pages()) columns.add(RollupRows.PAGE);
        for (String c : columns) keys.add(RollupRows.key(k.filter(), k.value(), c));
        if (pageFilter) keys.add(RollupRows.PAGE); // its irregular days
        RollupRows rows = new RollupRows(zone, keys, null);
        rows.add(visits, history, k.pages() || pageFilter ? store.pageviewsOf(k.siteId(), history, Rollups.VIEW_SLACK) : null);
        return rows.rows();
    }

    /** The first day of the bucket of {@code day}: the day, its week's Monday, its month's first day. */
    static long bucketStart(Dimension time, int day, ReportQuery.Days days) {
        LocalDate d = LocalDate.ofEpochDay(day);
        return switch (time) {
            case DAY -> day;
            case WEEK -> d.with(java.time.temporal.TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toEpochDay();
            case MONTH -> d.withDayOfMonth(1).toEpochDay();
            default -> throw new IllegalArgumentException(time.key());
        };
    }

    /** {@link #bucketStart} as SQL over the rollup column {@code r.day}. */
    static String bucketSql(Dimension time, ReportQuery.Days days) {
        return switch (time) {
            case DAY -> "r.day";
            // Day 0, 1970-01-01, was a Thursday: (day + 3) % 7 is 0 on Mondays.
            case WEEK -> "(r.day - ((r.day + 3) % 7))";
            case MONTH -> {
                StringBuilder b = new StringBuilder("CASE");
                LocalDate m = days.from().withDayOfMonth(1);
                while (!m.plusMonths(1).isAfter(days.to())) {
                    b.append(" WHEN r.day < ").append(m.plusMonths(1).toEpochDay()).append(" THEN ").append(m.toEpochDay());
                    m = m.plusMonths(1);
                }
                yield b.length() == 4 ? Long.toString(m.toEpochDay()) : b.append(" ELSE ").append(m.toEpochDay()).append(" END").toString();
            }
            default -> throw new IllegalArgumentException(time.key());
        };
    }

    // ------------------------------------------------------------------ conversions

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
                revenue.computeIfAbsent(key, k -> new java.util.TreeMap<>())
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

    private static final java.util.function.Function<String, String> JSON_TEXT = v -> {
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

    /**
     * Whether any visit of a visitor credited before the range passes the visit filters: then page
     * filters look back to the lookback's start for the pages credited visits viewed.
     */
    private boolean early(long siteId, List<Credits.Piece> pieces, List<Filter> goalFilters, List<Filter> visitFilters, long from,
                          long lookbackFrom) {
        Set<String> earlyVisitors = new HashSet<>();
        for (Credits.Piece p : pieces) {
            for (Credits.Touched t : p.touched) {
                if (t.touchStart() < from && goalPasses(t, goalFilters)) earlyVisitors.add(t.conversion().visitorId());
            }
        }
        for (VisitRow v : store.visitsOf(siteId, earlyVisitors, lookbackFrom, from)) if (passes(v, visitFilters)) return true;
        return false;
    }

    /** The credited visits of a piece that pass the visit filters and viewed a matching page. */
    private static Set<Long> seenIds(List<Credits.Touched> touched, List<Filter> visitFilters, java.util.function.Predicate<Long> viewed) {
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
    private java.util.function.Predicate<Long> viewed(long siteId, ZoneId zone, List<Condition> conditions, long pageFrom, long to,
                                                      RollupStore.State state) {
        if (state == null) return store.visitsWithPage(siteId, conditions, pageFrom, to)::contains;
        boolean stale = state.validTo() < state.builtTo();
        long reach = stale ? Rollups.dayStart(zone, Rollups.day(zone, state.validTo())) : state.builtTo();
        long settledTo = Math.min(Math.max(reach, pageFrom), to);
        Set<Long> settled = viewedBefore.get(new Viewed(siteId, conditions, pageFrom, settledTo, Rows.of(state)),
                k -> store.visitsWithPage(siteId, conditions, pageFrom, settledTo));
        if (settledTo >= to) return settled::contains;
        Set<Long> fresh = store.visitsWithPage(siteId, conditions, settledTo, to);
        return id -> settled.contains(id) || fresh.contains(id);
    }

    private record Viewed(long siteId, List<Condition> conditions, long from, long to, Rows rows) {}

    private final com.github.benmanes.caffeine.cache.Cache<Viewed, Set<Long>> viewedBefore =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumWeight(4_000_000)
                    .weigher((Viewed k, Set<Long> v) -> v.size() + 1).expireAfterAccess(java.time.Duration.ofMinutes(10)).build();

    private static List<String> key(List<Dimension> dims, VisitRow v, long ts, String goal, ZoneId zone) {
        List<String> key = new ArrayList<>(dims.size());
        for (Dimension d : dims) {
            String value = switch (d.kind()) {
                case VISIT -> v.get(d.column());
                case PAGE -> throw new IllegalStateException("conversions are not counted by page");
                case GOAL -> goal;
                case TIME -> time(d, ts, zone);
            };
            key.add(value == null ? Dimension.NONE : value);
        }
        return key;
    }

    // ------------------------------------------------------------------ time

    /** Bucket labels in the site's zone: "2026-11-20 10:00:00", "2026-11-20", the week's Monday, the month's first day. */
    static String time(Dimension d, long ts, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochMilli(ts).atZone(zone);
        return switch (d) {
            case HOUR -> String.format("%s %02d:00:00", t.toLocalDate(), t.getHour());
            case DAY -> t.toLocalDate().toString();
            case WEEK -> t.toLocalDate().with(java.time.temporal.TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> t.toLocalDate().withDayOfMonth(1).toString();
            default -> throw new IllegalArgumentException(d.key());
        };
    }

    /** The label of a bucket number made by {@link #buckets}: the same text {@link #time} gives. */
    static String label(Dimension d, long bucket) {
        return switch (d) {
            case HOUR -> {
                LocalDateTime t = LocalDateTime.ofEpochSecond(bucket * 3600, 0, ZoneOffset.UTC);
                yield String.format("%s %02d:00:00", t.toLocalDate(), t.getHour());
            }
            case DAY -> LocalDate.ofEpochDay(bucket).toString();
            case WEEK -> LocalDate.ofEpochDay(bucket * 7 - 3).toString();
            case MONTH -> LocalDate.of((int) (bucket / 12), (int) (bucket % 12) + 1, 1).toString();
            default -> throw new IllegalArgumentException(d.key());
        };
    }

    /**
     * Time buckets of [from, to) as SQL arithmetic: the range is cut where the zone's offset changes
     * (daylight saving time), and for months at each month's start, so each piece has one offset.
     */
    static QueryStore.TimeBuckets buckets(Dimension d, ZoneId zone, long from, long to) {
        List<Long> cuts = new ArrayList<>();
        cuts.add(from);
        Instant at = Instant.ofEpochMilli(from);
        while (true) {
            ZoneOffsetTransition next = zone.getRules().nextTransition(at);
            if (next == null || next.getInstant().toEpochMilli() >= to) break;
            cuts.add(next.getInstant().toEpochMilli());
            at = next.getInstant();
        }
        if (d == Dimension.MONTH) {
            LocalDate m = Instant.ofEpochMilli(from).atZone(zone).toLocalDate().withDayOfMonth(1).plusMonths(1);
            long start;
            while ((start = m.atStartOfDay(zone).toInstant().toEpochMilli()) < to) {
                cuts.add(start);
                m = m.plusMonths(1);
            }
        }
        List<Long> sorted = cuts.stream().distinct().sorted().toList();
        long[] starts = new long[sorted.size()], offsets = new long[sorted.size()];
        long[] constants = d == Dimension.MONTH ? new long[sorted.size()] : null;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = sorted.get(i);
            Instant s = Instant.ofEpochMilli(starts[i]);
            offsets[i] = zone.getRules().getOffset(s).getTotalSeconds() * 1000L;
            if (constants != null) {
                LocalDate day = s.atZone(zone).toLocalDate();
                constants[i] = day.getYear() * 12L + day.getMonthValue() - 1;
            }
        }
        long unit = d == Dimension.HOUR ? 3_600_000L : 86_400_000L;
        return new QueryStore.TimeBuckets(unit, d == Dimension.WEEK, starts, offsets, constants);
    }
}
