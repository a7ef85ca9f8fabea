package dev.outpost.report.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.outpost.domain.Site;
import dev.outpost.store.QueryStore.Condition;
import dev.outpost.store.QueryStore.PageviewRow;
import dev.outpost.store.QueryStore.VisitRow;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counts visits from the rollup rows ({@link Rollups}) of the range's days, plus the rows made on
 * the spot ({@link RollupRows}) of the visits since the stored rows end and of the days whose rows
 * did not keep a filter's value: the same figures SQL over the visits gives, from a few rows a day.
 */
final class RollupCounts {
    /** The newest visits are counted one by one; past this span the rows are too far behind, and SQL counts all. */
    static final long MAX_TAIL = 36L * 3600 * 1000;

    private final QueryStore store;
    private final RollupStore rollups;

    RollupCounts(QueryStore store, RollupStore rollups) {
        this.store = store;
        this.rollups = rollups;
    }

    /**
     * The visits of the range by {@code dims} (no goal among them), filters applied, from rollup
     * rows and the visits since they end; null when the query's shape or the rows' state does not
     * allow it (then SQL counts the visits). Rollups answer under "is" one value (or none) of an
     * attribute or the page (at most one filter), and leave out visits without a value ("is_not
     * (none)") of an attribute grouped by.
     */
    Map<List<String>, Counts> count(Site site, ZoneId zone, List<Dimension> dims, List<Filter> visitFilters, List<Filter> pageFilters,
                                    long from, long to, ReportQuery.Days days) {
        Filter under = null;
        Set<String> dropNone = new HashSet<>();
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
                return null;
            }
        }
        return fromRollups(site, zone, dims, under, dropNone, from, to, days);
    }

    /** The rollup rows of the range plus the visits since the rows end, counted alike; null as for {@link #count}. */
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
        RollupStore.Step step = time == null ? null : TimeKeys.step(time);

        for (int attempt = 0; attempt < 3; attempt++) {
            RollupStore.State state = rollups.state(site.id());
            if (state == null || !state.timezone().equals(site.timezone())) return null;
            boolean stale = state.validTo() < state.builtTo();
            long reach = Rollups.reach(state, zone);
            int reachDay = Rollups.day(zone, reach);
            // The rows of the day the reach falls in cover its visits before the reach, unless stale.
            int lastDay = Math.min(d2, stale ? reachDay - 1 : reachDay);
            long tailFrom = Math.max(from, reach);
            if (tailFrom < to && to - tailFrom > MAX_TAIL) return null;

            Map<List<Object>, Counts> sums = new HashMap<>();
            Map<String, Counts> marked = new HashMap<>();
            if (lastDay >= d1 && filter != null && !onePage) {
                // The days whose rows did not keep the filter's value: its visits then are made into rows here.
                RollupStore.Sums keptDays = rollups.sum(site.id(), RollupRows.key(filter, filterValue, RollupRows.TOTAL), d1, lastDay, d2, RollupStore.Step.DAY);
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
                    RollupStore.Sums stored = rollups.sum(site.id(), key, d1, lastDay, d2, key.equals(dim) ? step : null);
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

    static List<String> concat(String first, List<String> rest) {
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
            long bucket = time == null ? 0 : TimeKeys.bucketStart(time, r.day());
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
    record Rows(String timezone, long builtTo, long validTo, long generation) {
        static Rows of(RollupStore.State s) {
            return s == null ? null : new Rows(s.timezone(), s.builtTo(), s.validTo(), s.generation());
        }
    }

    private final Cache<OtherDays, List<RollupStore.Row>> otherDays =
            Caffeine.newBuilder().maximumSize(64)
                    .expireAfterAccess(Duration.ofMinutes(10)).build();

    private List<RollupStore.Row> otherDaysRows(ZoneId zone, OtherDays k) {
        Set<Integer> wanted = new HashSet<>(k.days());
        long a = Math.max(k.from(), Rollups.dayStart(zone, k.days().get(0)));
        long b = Math.min(k.reach(), Rollups.dayStart(zone, k.days().get(k.days().size() - 1) + 1));
        boolean pageFilter = k.filter().equals(RollupRows.PAGE);
        String value = k.value().equals(RollupRows.NO_VALUE) ? null : k.value();
        Condition is = new Condition(k.filter(), QueryStore.Op.IS, Collections.singletonList(value));
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
            if (pageFilter || Objects.equals(value, v.get(k.filter()))) history.add(v);
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
}
