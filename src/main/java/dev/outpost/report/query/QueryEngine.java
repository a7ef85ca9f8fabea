package dev.outpost.report.query;

import dev.outpost.attribution.AttributionModel;
import dev.outpost.report.Attribution;
import dev.outpost.site.Site;
import dev.outpost.store.QueryStore;
import dev.outpost.store.QueryStore.Condition;
import dev.outpost.store.QueryStore.PageviewRow;
import dev.outpost.store.QueryStore.VisitRow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link ReportQuery} over one range of days: the store reads the visits (visit filters
 * with is / is_not / contains done in SQL), this class applies the rest (regex, page and goal
 * filters), credits conversions with {@link Attribution} and gathers the rows.
 *
 * <p>Time buckets, regexes and grouping happen here, in Java, so both databases give the same
 * answer to the byte; the cost is reading the range's visits, fine for one site's traffic.
 */
public final class QueryEngine {
    /** The rows of one range, by their dimension values, and how many conversions had revenue in each currency. */
    public record Table(Map<List<String>, Bucket> rows, Map<String, Integer> currencies) {}

    private final QueryStore store;
    private final Attribution attribution;

    public QueryEngine(QueryStore store, Attribution attribution) {
        this.store = store;
        this.attribution = attribution;
    }

    public Table run(Site site, ReportQuery q, ReportQuery.Days days) {
        ZoneId zone = ZoneId.of(site.timezone());
        long from = days.from().atStartOfDay(zone).toInstant().toEpochMilli();
        long to = days.to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();

        List<Condition> inSql = new ArrayList<>();
        List<Filter> visitRegex = new ArrayList<>(), pageFilters = new ArrayList<>(), goalFilters = new ArrayList<>();
        for (Filter f : q.filters()) {
            switch (f.dimension().kind()) {
                case VISIT -> {
                    if (f.op() == Filter.Op.MATCHES) visitRegex.add(f);
                    else inSql.add(new Condition(f.dimension().column(), storeOp(f.op()), f.values()));
                }
                case PAGE -> pageFilters.add(f);
                case GOAL -> goalFilters.add(f);
                case TIME -> throw new IllegalStateException("time filters are refused by the parser");
            }
        }
        boolean byPage = q.dimensions().contains(Dimension.PAGE);
        boolean byGoal = q.dimensions().contains(Dimension.GOAL);
        boolean needConversions = q.metrics().stream().anyMatch(Metric::needsConversions);

        List<VisitRow> visits = keep(store.visits(site.id(), from, to, inSql, null), visitRegex);

        // Credit for conversions in the range may go to visits up to the lookback before it.
        List<Attribution.Credit> credits = new ArrayList<>();
        if (needConversions) {
            for (Attribution.Credit c : attribution.credits(site.id(), from, to, q.attribution())) {
                if (goalFilters.stream().allMatch(f -> f.test(c.conversion().goal()))) credits.add(c);
            }
        }
        Set<String> earlyVisitors = new HashSet<>();
        for (Attribution.Credit c : credits) if (c.visit().startedAt() < from) earlyVisitors.add(c.visit().visitorId());
        long lookbackFrom = from - AttributionModel.LOOKBACK.toMillis();
        List<VisitRow> early = earlyVisitors.isEmpty() ? List.of()
                : keep(store.visits(site.id(), lookbackFrom, from, inSql, earlyVisitors), visitRegex);

        Map<Long, List<PageviewRow>> pages = new HashMap<>();
        if (byPage || !pageFilters.isEmpty()) {
            for (PageviewRow p : store.pageviews(site.id(), early.isEmpty() ? from : lookbackFrom, to)) {
                if (pageFilters.stream().allMatch(f -> f.test(p.path()))) {
                    pages.computeIfAbsent(p.sessionId(), k -> new ArrayList<>()).add(p);
                }
            }
        }
        if (!pageFilters.isEmpty()) {
            // A page filter keeps the visits that viewed a matching page.
            visits = visits.stream().filter(v -> pages.containsKey(v.id())).toList();
            early = early.stream().filter(v -> pages.containsKey(v.id())).toList();
        }

        Map<List<String>, Bucket> rows = new LinkedHashMap<>();
        List<Dimension> dims = q.dimensions();
        if (!byGoal) {
            for (VisitRow v : visits) {
                if (byPage) {
                    for (PageviewRow p : pages.getOrDefault(v.id(), List.of())) {
                        if (p.ts() < from || p.ts() >= to) continue;
                        Bucket b = rows.computeIfAbsent(key(dims, v, p.ts(), p.path(), null, zone), k -> new Bucket());
                        b.addVisit(v);
                        b.pageviews++;
                    }
                } else {
                    Bucket b = rows.computeIfAbsent(key(dims, v, v.startedAt(), null, null, zone), k -> new Bucket());
                    b.addVisit(v);
                    b.pageviews += pageFilters.isEmpty() ? v.pageviews()
                            : pages.get(v.id()).stream().filter(p -> p.ts() >= from && p.ts() < to).count();
                }
            }
        }

        Map<String, VisitRow> byTouch = new HashMap<>();
        for (VisitRow v : early) byTouch.putIfAbsent(touchKey(v.visitorId(), v.startedAt()), v);
        for (VisitRow v : visits) byTouch.putIfAbsent(touchKey(v.visitorId(), v.startedAt()), v);
        Map<String, Set<Object>> currencyConversions = new HashMap<>();
        for (Attribution.Credit c : credits) {
            VisitRow v = byTouch.get(touchKey(c.visit().visitorId(), c.visit().startedAt()));
            if (v == null) continue; // credited to a visit the filters exclude
            var conv = c.conversion();
            // A conversion is counted when it happened, whenever the visit it is credited to began.
            Bucket b = rows.computeIfAbsent(key(dims, v, conv.ts(), null, conv.goal(), zone), k -> new Bucket());
            b.addCredit(conv.visitorId(), c.share(), conv.revenueMicros(), conv.currency());
            if (conv.revenueMicros() != null && conv.currency() != null) {
                currencyConversions.computeIfAbsent(conv.currency(), k -> new HashSet<>()).add(conv);
            }
        }

        if (byGoal) {
            // Each goal row's conversion rate is of the visitors of the same row without the goal.
            List<Dimension> rest = dims.stream().filter(d -> d != Dimension.GOAL).toList();
            Map<List<String>, Set<String>> visitorsByRest = new HashMap<>();
            for (VisitRow v : visits) {
                visitorsByRest.computeIfAbsent(key(rest, v, v.startedAt(), null, null, zone), k -> new HashSet<>()).add(v.visitorId());
            }
            int goalAt = dims.indexOf(Dimension.GOAL);
            rows.forEach((k, b) -> {
                List<String> r = new ArrayList<>(k);
                r.remove(goalAt);
                b.rateBase = visitorsByRest.getOrDefault(r, Set.of()).size();
            });
        }
        if (dims.isEmpty()) rows.computeIfAbsent(List.of(), k -> new Bucket()); // totals always have a row

        Map<String, Integer> currencies = new HashMap<>();
        currencyConversions.forEach((cur, set) -> currencies.put(cur, set.size()));
        return new Table(rows, currencies);
    }

    private static List<VisitRow> keep(List<VisitRow> visits, List<Filter> regex) {
        if (regex.isEmpty()) return visits;
        return visits.stream().filter(v -> regex.stream().allMatch(f -> f.test(v.get(f.dimension().column())))).toList();
    }

    private static String touchKey(String visitorId, long startedAt) {
        return startedAt + "|" + visitorId;
    }

    private static List<String> key(List<Dimension> dims, VisitRow v, long ts, String page, String goal, ZoneId zone) {
        List<String> key = new ArrayList<>(dims.size());
        for (Dimension d : dims) {
            String value = switch (d.kind()) {
                case VISIT -> v.get(d.column());
                case PAGE -> page;
                case GOAL -> goal;
                case TIME -> time(d, ts, zone);
            };
            key.add(value == null ? Dimension.NONE : value);
        }
        return key;
    }

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

    private static QueryStore.Op storeOp(Filter.Op op) {
        return switch (op) {
            case IS -> QueryStore.Op.IS;
            case IS_NOT -> QueryStore.Op.IS_NOT;
            case CONTAINS -> QueryStore.Op.CONTAINS;
            case MATCHES -> throw new IllegalArgumentException("matches is decided in Java");
        };
    }
}
