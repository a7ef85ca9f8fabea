package dev.outpost.report.query;

import dev.outpost.store.QueryStore;
import dev.outpost.store.QueryStore.PageviewRow;
import dev.outpost.store.QueryStore.VisitRow;
import dev.outpost.store.RollupStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns visits into rollup rows: the one function behind the stored rows (built per day by
 * {@link Rollups}) and the rows of the newest visits that the query engine makes on the spot, so
 * both are counted alike. See {@link Rollups} for what a row means.
 *
 * <p>For each visitor the visits are walked in start order (then id): {@code prev} of a visit's
 * row is the start day of the same visitor's previous visit with the same value. Pages are per
 * visit and path: the row's {@code day2} is the day the visit first viewed the path, its pageviews
 * those of that day; views of later days get rows of their own with pageviews only.
 *
 * <p>A dimension key is a dimension ({@link #TOTAL}, a visit column, {@link #POST_AND_MATCH},
 * {@link #PAGE}), or one under a filter: {@code "network" SEP "Reddit" SEP "source"} holds the visits from Reddit by
 * source, a visitor's previous visit being their previous one from Reddit with that source. Rows
 * under a filter value are made for the values {@code kept}: the stored rows of a day keep the
 * day's most frequent values of each attribute ({@link #topValues}), so a long tail of referrers or
 * entry pages does not multiply the rows; the query engine counts the other values' visits itself.
 */
final class RollupRows {
    static final String TOTAL = "";
    static final String PAGE = QueryStore.PAGE;
    /** "No previous visit". */
    static final int NONE = -1;
    /** The visit attributes rollups also keep rows under ("is" one value, or no value): all. */
    static final List<String> FILTERS = QueryStore.VISIT_COLUMNS;
    /**
     * The filter value of visits without a value ("is (none)"): a control character no value
     * holds, so the text "(none)" itself stays a value of its own, as in SQL.
     */
    static final String NO_VALUE = "\u001e";

    static String filterValue(String value) {
        return value == null ? NO_VALUE : value;
    }
    /** Separates a filter, its value and a dimension in a key; a control character no value holds. */
    static final char SEP = '\u001f';
    /** A visit's post and how it was matched, as one value: the posts table splits each post so. */
    static final String POST_AND_MATCH = "post,post_match";

    static String key(String filter, String filterValue, String dim) {
        return filter == null ? dim : filter + SEP + filterValue + SEP + dim;
    }

    /**
     * The key of a marker row: visits whose {@code column} holds the text "(none)" itself, which
     * reports show like no value. A report that leaves out visits without a value cannot tell
     * the two apart in rows, so it counts the visits when there is any.
     */
    static String literalNone(String filter, String filterValue, String column) {
        return key(filter, filterValue, column) + SEP + QueryStore.NONE;
    }

    private record Key(String dim, String value, int day, int day2, int prev) {}

    private static final class Sums {
        long visitors, visits, pageviews, bounces, engagedMs, irregular;

        /** One visit, with these of its pageviews. */
        void add(VisitRow v, long views) {
            visitors++;
            visits++;
            pageviews += views;
            if (v.bounced()) bounces++;
            engagedMs += v.engagedMs();
        }
    }

    private final ZoneId zone;
    /** The keys to make rows for; null: all. */
    private final Set<String> only;
    /** Per filter, the values to make rows under; null: every value. */
    private final Map<String, Set<String>> kept;
    private final Map<Key, Sums> rows = new LinkedHashMap<>();
    /** The keys of each prefix ("" or filter SEP value), made once: building them per visit cost more than counting. */
    private final Map<String, Prefix> prefixes = new HashMap<>();

    /** Whether a filter has any key wanted, by index in {@link #FILTERS}; and the page filter. */
    private final boolean[] filtered;
    private final boolean pageFiltered;

    RollupRows(ZoneId zone, Set<String> only, Map<String, Set<String>> kept) {
        this.zone = zone;
        this.only = only;
        this.kept = kept;
        filtered = new boolean[FILTERS.size()];
        for (int f = 0; f < filtered.length; f++) {
            String filter = FILTERS.get(f) + SEP;
            filtered[f] = only == null || only.stream().anyMatch(k -> k.startsWith(filter));
        }
        pageFiltered = only == null || only.stream().anyMatch(k -> k.startsWith(PAGE + SEP));
    }

    /**
     * The keys under one prefix: per index of {@link #add}'s loop over columns (the totals, each
     * visit column, the post with its match) the key and its "(none)" marker; null where not wanted.
     * {@code any}: whether any of them is wanted.
     */
    private record Prefix(String[] keys, String[] markers, String page, boolean any) {}

    private Prefix prefix(String filter, String value) {
        return prefixes.computeIfAbsent(filter == null ? "" : filter + SEP + value, p -> {
            List<String> columns = QueryStore.VISIT_COLUMNS;
            String[] keys = new String[columns.size() + 2], markers = new String[columns.size() + 2];
            for (int i = -1; i <= columns.size(); i++) {
                String column = i < 0 ? TOTAL : i == columns.size() ? POST_AND_MATCH : columns.get(i);
                String key = key(filter, value, column);
                keys[i + 1] = wanted(key) ? key : null;
                String marker = literalNone(filter, value, column);
                markers[i + 1] = i >= 0 && i < columns.size() && wanted(marker) ? marker : null;
            }
            String page = wanted(key(filter, value, PAGE)) ? key(filter, value, PAGE) : null;
            boolean any = page != null || java.util.Arrays.stream(keys).anyMatch(java.util.Objects::nonNull)
                    || java.util.Arrays.stream(markers).anyMatch(java.util.Objects::nonNull);
            return new Prefix(keys, markers, page, any);
        });
    }

    /**
     * Per filter (and {@link #PAGE}), its {@code k} values with the most visits among {@code visits}
     * (ties: the smaller value first) that have at least {@code min} visits: so each adds rows for at
     * most {@code k} values a day, and a value with few visits (all of them, on a small site) adds
     * none, its visits being quickly counted from the visits.
     */
    static Map<String, Set<String>> topValues(Collection<VisitRow> visits, Map<Long, List<PageviewRow>> views, int k, int min) {
        Map<String, Set<String>> out = new HashMap<>();
        // Pages by the visits that viewed them.
        Map<String, Integer> paths = new HashMap<>();
        for (VisitRow v : visits) {
            for (String path : views.getOrDefault(v.id(), List.of()).stream().map(PageviewRow::path).distinct().toList()) {
                paths.merge(path, 1, Integer::sum);
            }
        }
        out.put(PAGE, top(paths, k, min));
        for (String filter : FILTERS) {
            int at = QueryStore.VISIT_COLUMNS.indexOf(filter);
            Map<String, Integer> counts = new HashMap<>();
            for (VisitRow v : visits) {
                counts.merge(filterValue(v.values()[at]), 1, Integer::sum);
            }
            out.put(filter, top(counts, k, min));
        }
        return out;
    }

    private static Set<String> top(Map<String, Integer> counts, int k, int min) {
        Set<String> top = new HashSet<>();
        counts.entrySet().stream().filter(e -> e.getValue() >= min)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(k).forEach(e -> top.add(e.getKey()));
        return top;
    }

    int day(long ts) {
        return (int) Instant.ofEpochMilli(ts).atZone(zone).toLocalDate().toEpochDay();
    }

    private boolean wanted(String key) {
        return only == null || only.contains(key);
    }

    /**
     * Adds the rows of {@code visits}. {@code history} holds the same visitors' visits before them
     * (whatever a previous visit can be); {@code views} the pageviews of both, by visit (null: no
     * page rows). A visit whose pageviews were not all found makes its day irregular for pages.
     */
    void add(Collection<VisitRow> visits, Collection<VisitRow> history, Map<Long, List<PageviewRow>> views) {
        Set<Long> target = new HashSet<>();
        Map<String, List<VisitRow>> byVisitor = new HashMap<>();
        for (VisitRow v : visits) {
            target.add(v.id());
            byVisitor.computeIfAbsent(v.visitorId(), k -> new ArrayList<>()).add(v);
        }
        for (VisitRow v : history) {
            if (target.contains(v.id())) continue;
            List<VisitRow> l = byVisitor.get(v.visitorId());
            if (l != null) l.add(v);
        }
        Comparator<VisitRow> order = Comparator.comparingLong(VisitRow::startedAt).thenComparingLong(VisitRow::id);
        List<String> columns = QueryStore.VISIT_COLUMNS;
        int[] filterAt = new int[FILTERS.size()];
        for (int f = 0; f < filterAt.length; f++) filterAt[f] = columns.indexOf(FILTERS.get(f));
        for (List<VisitRow> mine : byVisitor.values()) {
            mine.sort(order);
            // Per key and value: the start day of this visitor's latest visit with it.
            Map<String, Map<String, Integer>> last = new HashMap<>();
            // Per key (of pages) and path: {start day, first view day} of the latest visit that viewed it.
            Map<String, Map<String, int[]>> lastPage = new HashMap<>();
            boolean historyIncomplete = false;
            for (VisitRow v : mine) {
                boolean counted = target.contains(v.id());
                int a = day(v.startedAt());
                // The prefixes this visit has rows under: none, and each filter it has a kept value for.
                List<Prefix> under = new ArrayList<>(1 + FILTERS.size());
                under.add(prefix(null, null));
                for (int f = 0; f < filterAt.length; f++) {
                    if (!filtered[f]) continue;
                    String fv = filterValue(v.values()[filterAt[f]]);
                    if (kept != null && !kept.get(FILTERS.get(f)).contains(fv)) continue;
                    Prefix p = prefix(FILTERS.get(f), fv);
                    if (p.any()) under.add(p);
                }
                for (Prefix u : under) {
                    // The totals (-1), each visit attribute, then the post with its match.
                    for (int i = -1; i <= columns.size(); i++) {
                        String marker = u.markers()[i + 1];
                        if (counted && marker != null && QueryStore.NONE.equals(v.values()[i])) row(marker, "", a, a, NONE).visits++;
                        String key = u.keys()[i + 1];
                        if (key == null) continue;
                        String value = value(v, i);
                        Integer prev = last.computeIfAbsent(key, k -> new HashMap<>(4)).put(value, a);
                        if (counted) {
                            row(key, value, a, a, prev == null ? NONE : prev).add(v, v.pageviews());
                        }
                    }
                }
                if (views == null) continue;
                List<PageviewRow> pvs = views.getOrDefault(v.id(), List.of());
                boolean complete = pvs.size() == v.pageviews();
                if (!counted) historyIncomplete |= !complete;
                // Each path's view days, in order of first view.
                Map<String, TreeMap<Integer, Integer>> byPath = new LinkedHashMap<>();
                for (PageviewRow p : pvs) byPath.computeIfAbsent(p.path(), k -> new TreeMap<>()).merge(day(p.ts()), 1, Integer::sum);
                for (Prefix u : under) {
                    String key = u.page();
                    if (key == null) continue;
                    if (counted && (!complete || historyIncomplete)) {
                        // Some pageview lies outside the times looked at: count these days from the visits.
                        row(key, "", a, a, NONE).irregular++;
                    }
                    Map<String, int[]> seen = lastPage.computeIfAbsent(key, k -> new HashMap<>());
                    for (var e : byPath.entrySet()) {
                        TreeMap<Integer, Integer> days = e.getValue();
                        int b = days.firstKey();
                        int[] before = seen.put(e.getKey(), new int[] {a, b});
                        if (!counted) continue;
                        Sums first = row(key, e.getKey(), a, b, before == null ? NONE : before[0]);
                        first.add(v, days.get(b));
                        // A view before the visit's own day, or after a later visit's first view: the
                        // order the counting relies on does not hold.
                        if (b < a || (before != null && before[1] > b)) first.irregular++;
                        for (var later : days.tailMap(b, false).entrySet()) {
                            row(key, e.getKey(), a, later.getKey(), NONE).pageviews += later.getValue();
                        }
                    }
                }
                if (pageFiltered) pageFiltered(v, counted, a, byPath, !complete || historyIncomplete, lastPage);
            }
        }
    }

    /**
     * The rows of a visit under each (kept) page it viewed: the visits that viewed the page, by
     * every visit dimension. As for pages, {@code day2} is the day the visit first viewed the page
     * and {@code prev} the start day of the visitor's previous visit that viewed it (with the same
     * value); the pageviews are the page's (a page filter counts only the matching pageviews).
     */
    private void pageFiltered(VisitRow v, boolean counted, int a, Map<String, TreeMap<Integer, Integer>> byPath, boolean incomplete,
                              Map<String, Map<String, int[]>> last) {
        List<String> columns = QueryStore.VISIT_COLUMNS;
        Set<String> keptPages = kept == null ? null : kept.get(PAGE);
        for (var e : byPath.entrySet()) {
            if (keptPages != null && !keptPages.contains(e.getKey())) continue;
            Prefix u = prefix(PAGE, e.getKey());
            if (!u.any()) continue;
            TreeMap<Integer, Integer> days = e.getValue();
            int b = days.firstKey();
            for (int i = -1; i <= columns.size(); i++) {
                String marker = u.markers()[i + 1];
                if (counted && marker != null && QueryStore.NONE.equals(v.values()[i])) row(marker, "", a, b, NONE).visits++;
                String key = u.keys()[i + 1];
                if (key == null) continue;
                String value = value(v, i);
                int[] before = last.computeIfAbsent(key, k -> new HashMap<>(4)).put(value, new int[] {a, b});
                if (!counted) continue;
                Sums first = row(key, value, a, b, before == null ? NONE : before[0]);
                first.add(v, days.get(b));
                // As for pages: views not all found, before the visit's day, or out of the visits' order.
                if (incomplete || b < a || (before != null && before[1] > b)) first.irregular++;
                for (var later : days.tailMap(b, false).entrySet()) row(key, value, a, later.getKey(), NONE).pageviews += later.getValue();
            }
        }
    }

    private Sums row(String dim, String value, int day, int day2, int prev) {
        return rows.computeIfAbsent(new Key(dim, value, day, day2, prev), k -> new Sums());
    }

    private static final int POST_AT = QueryStore.VISIT_COLUMNS.indexOf("post"), MATCH_AT = QueryStore.VISIT_COLUMNS.indexOf("post_match");

    /** A visit's value at index {@code i} of the loop over columns: "" for the totals, an attribute, the post with its match. */
    private static String value(VisitRow v, int i) {
        if (i < 0) return "";
        if (i < QueryStore.VISIT_COLUMNS.size()) return show(v.values()[i]);
        return show(v.values()[POST_AT]) + SEP + show(v.values()[MATCH_AT]);
    }

    static String show(String value) {
        return value == null ? QueryStore.NONE : value;
    }

    /** The rows, by dimension and value: stored in this order, a dimension's rows of a day lie together. */
    List<RollupStore.Row> rows() {
        List<RollupStore.Row> out = new ArrayList<>(rows.size());
        rows.forEach((k, s) -> out.add(new RollupStore.Row(k.dim(), k.value(), k.day(), k.day2(), k.prev(),
                s.visitors, s.visits, s.pageviews, s.bounces, s.engagedMs, s.irregular)));
        out.sort(Comparator.comparing(RollupStore.Row::dim).thenComparing(RollupStore.Row::value)
                .thenComparingInt(RollupStore.Row::day).thenComparingInt(RollupStore.Row::day2).thenComparingInt(RollupStore.Row::prev));
        return out;
    }
}
