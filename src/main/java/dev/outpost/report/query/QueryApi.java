package dev.outpost.report.query;

import dev.outpost.domain.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.EngagementStore;
import dev.outpost.web.JsonBody;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/query}: Plausible Stats API v2 style. Parse and validate into a
 * {@link ReportQuery}, run it (and the previous period when asked), add the {@link PostMetric}s
 * to its rows, then sort, page and shape.
 */
public final class QueryApi {
    private final SiteRegistry sites;
    private final QueryEngine engine;
    private final EngagementStore engagement;
    private final Clock clock;

    public QueryApi(SiteRegistry sites, QueryEngine engine, EngagementStore engagement, Clock clock) {
        this.sites = sites;
        this.engine = engine;
        this.engagement = engagement;
        this.clock = clock;
    }

    public void query(Context ctx) {
        ReportQuery q = QueryParser.parse(JsonBody.object(ctx.body()));
        Site site = SitesApi.named(sites, q.site(), "");
        ctx.json(answer(site, q));
    }

    /** The answer to a validated query, as the API sends it and the report pages read it. */
    public Answer answer(Site site, ReportQuery q) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(site.timezone())));
        ReportQuery.Days days = q.dateRange().resolve(today);
        QueryEngine.Table table = engine.run(site, q, days);
        QueryEngine.Table before = q.comparison() ? engine.run(site, q, days.previous()) : null;
        String currency = currency(q, table, before);
        boolean byGoal = q.dimensions().contains(Dimension.GOAL);
        boolean needsPosts = q.columns().stream().anyMatch(c -> c.post() != null && c.post().needsEngagement());
        boolean byPost = q.dimensions().contains(Dimension.POST);
        List<EngagementStore.Latest> registered = needsPosts || byPost ? engagement.latestBySite(site.id()) : List.of();
        Shown shown = new Shown(q, currency, byGoal, needsPosts ? PostEngagement.from(registered, q.filters()) : PostEngagement.NONE);

        List<Map.Entry<List<String>, Bucket>> rows = new ArrayList<>(table.rows().entrySet());
        rows.sort(order(q, shown));
        int total = rows.size();
        int fromRow = (int) Math.min(total, (long) (q.page() - 1) * q.limit());
        List<Answer.Row> results = new ArrayList<>();
        for (var row : rows.subList(fromRow, Math.min(total, fromRow + q.limit()))) {
            List<BigDecimal> now = shown.values(row.getKey(), row.getValue(), false);
            Answer.Comparison comparison = null;
            if (before != null) {
                Bucket prev = before.rows().getOrDefault(row.getKey(), new Bucket());
                List<BigDecimal> then = shown.values(row.getKey(), prev, true);
                List<BigDecimal> change = new ArrayList<>();
                for (int i = 0; i < q.columns().size(); i++) change.add(change(q.columns().get(i), now.get(i), then.get(i)));
                comparison = new Answer.Comparison(row.getKey(), then, change);
            }
            results.add(new Answer.Row(row.getKey(), now, comparison));
        }

        Answer.Revenue revenue = null;
        if (q.metrics().contains(Metric.REVENUE)) {
            List<String> others = new ArrayList<>();
            for (QueryEngine.Table t : before == null ? List.of(table) : List.of(table, before)) {
                for (String c : t.currencies().keySet()) if (!c.equals(currency) && !others.contains(c)) others.add(c);
            }
            others.sort(null);
            // Amounts in different currencies are never added; say which ones the figures leave out.
            revenue = new Answer.Revenue(currency, others);
        }
        ReportQuery.Days p = days.previous();
        return new Answer(results, new Answer.Meta(site.domain(), site.timezone(), List.of(days.from().toString(), days.to().toString()),
                before == null ? null : List.of(p.from().toString(), p.to().toString()),
                q.columns().stream().map(ReportQuery.Column::key).toList(), q.dimensions().stream().map(Dimension::key).toList(),
                q.attribution().key(), revenue, total, q.page(), q.limit(), byPost ? posts(q, results, registered) : null));
    }

    /** The registered posts of the rows' {@code visit:post} values, by id (a post deleted since is left out). */
    private static Map<String, Answer.Post> posts(ReportQuery q, List<Answer.Row> rows, List<EngagementStore.Latest> registered) {
        int at = q.dimensions().indexOf(Dimension.POST);
        Map<String, Answer.Post> byId = new java.util.HashMap<>();
        for (EngagementStore.Latest p : registered) byId.put(Long.toString(p.postId()), new Answer.Post(p.title(), p.network()));
        Map<String, Answer.Post> out = new java.util.TreeMap<>(Comparator.comparingLong(Long::parseLong));
        for (Answer.Row r : rows) {
            Answer.Post post = byId.get(r.dimensions().get(at));
            if (post != null) out.put(r.dimensions().get(at), post);
        }
        return out;
    }

    /**
     * Revenue is reported in one currency: the one asked for, else the one most conversions of the
     * period were paid in (ties: alphabetical), so one stray foreign order cannot take over.
     */
    private static String currency(ReportQuery q, QueryEngine.Table table, QueryEngine.Table before) {
        if (q.currency() != null) return q.currency();
        Map<String, Integer> counts = new java.util.TreeMap<>(table.currencies());
        if (counts.isEmpty() && before != null) counts.putAll(before.currencies());
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** How one answer shows a row's figures: the engine's metrics from its bucket, the post metrics computed here. */
    private record Shown(ReportQuery q, String currency, boolean byGoal, PostEngagement posts) {
        List<BigDecimal> values(List<String> key, Bucket b, boolean previousPeriod) {
            List<BigDecimal> out = new ArrayList<>();
            for (ReportQuery.Column c : q.columns()) out.add(value(c, key, b, previousPeriod));
            return out;
        }

        /**
         * A column of a row. Engagement is the posts' latest reading, not of a period: in the previous period it is
         * null (and so are the ratios built on it), never the same figure again as if it had been counted then.
         */
        BigDecimal value(ReportQuery.Column c, List<String> key, Bucket b, boolean previousPeriod) {
            if (c.metric() != null) return b.value(c.metric(), currency, byGoal);
            long visits = b.visits;
            if (c.post() == PostMetric.CONVERSIONS_PER_100_VISITS) {
                return PostEngagement.per100(b.value(Metric.CONVERSIONS, currency, byGoal), visits);
            }
            if (previousPeriod) return null;
            PostEngagement.Totals t = posts.row(q.dimensions(), key);
            return switch (c.post()) {
                case COMMENTS -> decimal(t.comments());
                case SHARES -> decimal(t.shares());
                case LIKES -> decimal(t.likes());
                case ENGAGEMENTS -> decimal(t.engagements());
                case VISITS_PER_100_ENGAGEMENTS -> PostEngagement.per100(BigDecimal.valueOf(visits), t.engagements());
                case CONVERSIONS_PER_100_VISITS -> throw new IllegalStateException("handled above");
            };
        }
    }

    private static BigDecimal decimal(Long count) {
        return count == null ? null : BigDecimal.valueOf(count);
    }

    /** A column's change: an engine metric's as below; a post ratio's by points, as rates do. */
    static BigDecimal change(ReportQuery.Column c, BigDecimal now, BigDecimal then) {
        if (c.metric() != null) return change(c.metric(), now, then);
        if (now == null || then == null) return null;
        return Bucket.plain(now.subtract(then));
    }

    /** Percent change, rounded whole; rates change by points. Null when there was nothing before. */
    static BigDecimal change(Metric m, BigDecimal now, BigDecimal then) {
        if (now == null || then == null) return null;
        if (m.isRate()) return Bucket.plain(now.subtract(then));
        if (then.signum() == 0) return now.signum() == 0 ? BigDecimal.ZERO : null;
        return now.subtract(then).multiply(BigDecimal.valueOf(100)).divide(then, 0, RoundingMode.HALF_UP);
    }

    /**
     * The asked order, then by default: time dimensions oldest first, else the first metric
     * largest first; ties always by the dimension values, so pages never overlap.
     */
    private static Comparator<Map.Entry<List<String>, Bucket>> order(ReportQuery q, Shown shown) {
        List<Comparator<Map.Entry<List<String>, Bucket>>> parts = new ArrayList<>();
        for (ReportQuery.Order o : q.orderBy()) parts.add(by(q, o, shown));
        if (q.orderBy().isEmpty()) {
            boolean time = q.dimensions().stream().anyMatch(d -> d.kind() == Dimension.Kind.TIME);
            if (time) {
                for (Dimension d : q.dimensions()) if (d.kind() == Dimension.Kind.TIME) parts.add(by(q, new ReportQuery.Order(null, d, false), shown));
            }
            ReportQuery.Column first = q.columns().get(0);
            parts.add(by(q, new ReportQuery.Order(first.metric(), null, true, first.post()), shown));
        }
        for (Dimension d : q.dimensions()) parts.add(by(q, new ReportQuery.Order(null, d, false), shown));
        return parts.stream().reduce(Comparator::thenComparing).orElse((a, b) -> 0);
    }

    /** Missing figures (null) sort as 0. */
    private static Comparator<Map.Entry<List<String>, Bucket>> by(ReportQuery q, ReportQuery.Order o, Shown shown) {
        Comparator<Map.Entry<List<String>, Bucket>> c;
        if (o.dimension() != null) {
            int i = q.dimensions().indexOf(o.dimension());
            c = Comparator.comparing(e -> e.getKey().get(i));
        } else {
            ReportQuery.Column column = o.metric() != null ? ReportQuery.Column.of(o.metric()) : ReportQuery.Column.of(o.post());
            c = Comparator.comparing(e -> {
                BigDecimal v = shown.value(column, e.getKey(), e.getValue(), false);
                return v == null ? BigDecimal.ZERO : v;
            });
        }
        return o.descending() ? c.reversed() : c;
    }
}
