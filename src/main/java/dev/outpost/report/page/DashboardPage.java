package dev.outpost.report.page;

import dev.outpost.attribution.AttributionModel;
import dev.outpost.domain.Post;
import dev.outpost.domain.Site;
import dev.outpost.report.query.Dimension;
import dev.outpost.report.query.Filter;
import dev.outpost.report.query.Metric;
import dev.outpost.store.LiveStore;
import dev.outpost.store.PostStore;
import dev.outpost.web.PageContext;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's dashboard and its CSV exports, for the owner ({@code /sites/{domain}}) and for a shared
 * read-only link ({@code /share/{token}}) alike: {@code base} is where its links point, and
 * {@code page.shared()} leaves out everything that changes the site or leads to owner pages.
 */
public final class DashboardPage {
    static final int ROWS = 10;
    static final int POST_ROWS = 20;
    private static final List<Metric> TOTALS = List.of(Metric.VISITORS, Metric.VISITS, Metric.PAGEVIEWS,
            Metric.BOUNCE_RATE, Metric.VISIT_DURATION, Metric.CONVERTING_VISITORS, Metric.CONVERSION_RATE, Metric.CONVERSIONS,
            Metric.REVENUE);

    private final Html html;
    private final Reports reports;
    private final Sheets sheets;
    private final LiveStore live;
    private final PostStore posts;
    private final Clock clock;

    DashboardPage(Html html, Reports reports, Sheets sheets, LiveStore live, PostStore posts, Clock clock) {
        this.html = html;
        this.reports = reports;
        this.sheets = sheets;
        this.live = live;
        this.posts = posts;
        this.clock = clock;
    }

    /** {@code GET base}: the dashboard of {@code site} for the view its query string asks for. */
    public void render(Context ctx, Site site, PageContext page, String base) {
        try {
            html.send(ctx, 200, "dashboard.jte", Map.of("page", page, "v", view(ctx.queryParamMap(), site, page, base)));
        } catch (PageError e) {
            throw e.seenBy(page);
        }
    }

    /**
     * {@code GET base/export/{table}.csv}: one table, every row, for the same view. The route must name
     * its path parameter {@code table} (with or without the ".csv" in it).
     */
    public void export(Context ctx, Site site, PageContext page, String base) {
        try {
            String table = ctx.pathParam("table");
            if (table.endsWith(".csv")) table = table.substring(0, table.length() - 4);
            if (!Sheets.KEYS.contains(table)) {
                throw PageError.notFound("table: no table '" + ViewParams.shown(table) + "'; known are " + String.join(", ", Sheets.KEYS));
            }
            ViewParams v = ViewParams.parse(ctx.queryParamMap(), today(site));
            String currency = reports.run(site, v.days(), new Reports.Ask(List.of(), List.of(Metric.REVENUE), v.filters(),
                    v.model(), 1, false, null)).currency();
            Sheet sheet = sheets.build(table, new Sheets.Scope(site, v, currency, Sheets.ALL));
            String file = site.domain() + "-" + table + "-" + v.days().from() + "-" + v.days().to() + ".csv";
            ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.contentType("text/csv; charset=utf-8").result(Csv.write(sheet).getBytes(StandardCharsets.UTF_8));
        } catch (PageError e) {
            throw e.seenBy(page);
        }
    }

    private LocalDate today(Site site) {
        return LocalDate.ofInstant(clock.instant(), ZoneId.of(site.timezone()));
    }

    /** The page for a query string ({@code period}, {@code from}, {@code to}, {@code model}, {@code f}). */
    DashboardView view(Map<String, List<String>> query, Site site, PageContext page, String base) {
        ViewParams v = ViewParams.parse(query, today(site));
        boolean shared = page.shared();

        Reports.Result totals = reports.run(site, v.days(), new Reports.Ask(List.of(), TOTALS, v.filters(), v.model(), 1,
                true, null));
        String currency = totals.currency();
        List<DashboardView.Total> cards = new ArrayList<>();
        for (Metric m : TOTALS) cards.add(total(m, totals.first(), currency));
        String revenueNote = totals.currenciesLeftOut().isEmpty() ? null
                : "Revenue is shown in " + currency + "; conversions paid in " + String.join(", ", totals.currenciesLeftOut())
                        + " are counted but their revenue is not added in.";

        ChartView chart = chart(site, v, currency, shared ? null : base + "/posts/");

        TableView.Links links = new TableView.Links(base, v, shared ? null : base + "/posts");
        List<TableView> tables = new ArrayList<>();
        for (String key : Sheets.KEYS) {
            if (key.equals("timeseries")) continue;
            Sheet s = sheets.build(key, new Sheets.Scope(site, v, currency, key.equals("posts") ? POST_ROWS : ROWS));
            tables.add(TableView.of(s, links, csv(base, key, v)));
        }

        long now = clock.millis();
        long realtime = live.realtimeVisitors(site.id(), now);
        return new DashboardView(site.name(), site.domain(), base, shared, Format.range(v.days().from(), v.days().to()),
                site.timezone(), periods(base, v), custom(v), models(v), modelFormFields(v), rangeFormFields(v),
                chips(site, base, v), v.rawFilters().isEmpty() ? null : base + clearFilters(v), cards, revenueNote, chart,
                csv(base, "timeseries", v), Format.count(realtime) + (realtime == 1 ? " visitor" : " visitors"),
                shared ? null : base + "/live.json", !live.hasPageviews(site.id()),
                shared ? null : base + "/setup", tables);
    }

    /** The metrics the chart switches between, in the timeseries table's column order. */
    private static final List<String> CHART = List.of("visitors", "visits", "pageviews", "conversions", "revenue");

    /**
     * The chart: each metric per bucket with the previous period's (the same number of days just
     * before) as a faint line, buckets still to come left out, and the posts published in the period.
     */
    private ChartView chart(Site site, ViewParams v, String currency, String postBase) {
        Sheet now = sheets.build("timeseries", new Sheets.Scope(site, v, currency, Sheets.ALL));
        long days = java.time.temporal.ChronoUnit.DAYS.between(v.days().from(), v.days().to()) + 1;
        ViewParams before = new ViewParams(v.period(), new dev.outpost.report.query.ReportQuery.Days(
                v.days().from().minusDays(days), v.days().from().minusDays(1)), v.model(), v.rawFilters(), v.filters());
        Sheet then = sheets.build("timeseries", new Sheets.Scope(site, before, currency, Sheets.ALL));
        ZoneId zone = ZoneId.of(site.timezone());
        java.time.LocalDateTime current = java.time.LocalDateTime.ofInstant(clock.instant(), zone);
        Dimension step = Sheets.step(v.days());
        List<String> buckets = new ArrayList<>();
        for (Sheet.Line l : now.lines()) buckets.add((String) l.cells().get(0));
        List<ChartView.Data> data = new ArrayList<>();
        for (int m = 0; m < CHART.size(); m++) {
            Sheet.Column column = now.columns().get(m + 1);
            List<BigDecimal> values = new ArrayList<>(), previous = new ArrayList<>();
            for (Sheet.Line l : now.lines()) {
                boolean begun = !start((String) l.cells().get(0)).isAfter(current);
                values.add(begun ? (BigDecimal) l.cells().get(m + 1) : null);
            }
            for (Sheet.Line l : then.lines()) previous.add((BigDecimal) l.cells().get(m + 1));
            String unit = switch (CHART.get(m)) {
                case "visitors" -> "visitor";
                case "visits" -> "visit";
                case "pageviews" -> "pageview";
                case "conversions" -> "conversion";
                default -> null;
            };
            data.add(new ChartView.Data(CHART.get(m), column.label(), column.kind(), unit, values, previous));
        }
        List<ChartView.Marker> markers = new ArrayList<>();
        if (buckets.size() > 1) {
            long first = start(buckets.get(0)).atZone(zone).toInstant().toEpochMilli();
            long last = start(buckets.get(buckets.size() - 1)).atZone(zone).toInstant().toEpochMilli();
            long end = v.days().to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            for (Post p : posts.bySite(site.id())) {
                if (p.publishedAt() < first || p.publishedAt() >= end) continue;
                // Where it went out between the first bucket's start and the last one's: buckets are
                // even enough (an hour, a day, a week) to place it by time.
                double at = Math.min(1, (p.publishedAt() - first) / (double) (last - first));
                String title = Sheets.title(p) + " · " + p.network() + " · " + Format.day(
                        LocalDate.ofInstant(java.time.Instant.ofEpochMilli(p.publishedAt()), zone));
                markers.add(new ChartView.Marker(ChartView.pct(at), title, postBase == null ? null : postBase + p.id()));
            }
        }
        return ChartView.of(step, buckets, data, currency, markers);
    }

    /** When a bucket of the query API begins: "2026-11-20 10:00:00" or "2026-11-20". */
    private static java.time.LocalDateTime start(String bucket) {
        return bucket.length() > 10 ? java.time.LocalDateTime.parse(bucket.replace(' ', 'T'))
                : LocalDate.parse(bucket).atStartOfDay();
    }

    static String csv(String base, String table, ViewParams v) {
        return base + "/export/" + table + ".csv" + v.query();
    }

    // ---------------------------------------------------------------- totals

    static DashboardView.Total total(Metric m, Reports.Row row, String currency) {
        Sheet.Column c = Sheets.metricColumn(m, false);
        BigDecimal now = row.get(m), before = row.before().get(m), change = row.change().get(m);
        String value = TableView.text(c.kind(), now, currency);
        String exact = now == null ? null : switch (c.kind()) {
            case COUNT, CREDIT -> Format.plain(now);
            case DURATION -> Format.plain(now) + " seconds";
            default -> null;
        };
        if (value.equals(exact)) exact = null;
        BigDecimal visitsBefore = row.before().get(Metric.VISITS);
        boolean nothingBefore = visitsBefore != null && visitsBefore.signum() == 0;
        String text, css;
        if (now == null && before == null || nothingBefore && (now == null || now.signum() == 0)) {
            text = "";
            css = "";
        } else if (nothingBefore || change == null) {
            // Rates and durations of no visits are zeros, not figures: "100 points up" from nothing says nothing.
            text = "new";
            css = "new";
        } else if (change.signum() == 0) {
            text = m.isRate() ? "±0 pts" : "±0%";
            css = "flat";
        } else {
            boolean up = change.signum() > 0;
            // A bounce is a visit that left at once: fewer is better.
            boolean good = m == Metric.BOUNCE_RATE ? !up : up;
            text = (up ? "▲ " : "▼ ") + Format.plain(change.abs()) + (m.isRate() ? " pts" : "%");
            css = (up ? "up " : "down ") + (good ? "good" : "bad");
        }
        String previous = before == null ? null : "Previous period: " + TableView.text(c.kind(), before, currency);
        return new DashboardView.Total(m.key(), label(m), Sheets.help(c.key()), value, exact, text, css, previous);
    }

    private static String label(Metric m) {
        return switch (m) {
            case VISITORS -> "Visitors";
            case VISITS -> "Visits";
            case PAGEVIEWS -> "Pageviews";
            case BOUNCE_RATE -> "Bounce rate";
            case VISIT_DURATION -> "Visit duration";
            case CONVERSIONS -> "Conversions";
            case CONVERSION_RATE -> "Conversion rate";
            case CONVERTING_VISITORS -> "Converted visitors";
            case REVENUE -> "Revenue";
        };
    }

    // ---------------------------------------------------------------- pickers and chips

    private static List<DashboardView.Link> periods(String base, ViewParams v) {
        List<DashboardView.Link> out = new ArrayList<>();
        for (Period p : Period.values()) {
            if (p == Period.CUSTOM) continue;
            out.add(new DashboardView.Link(p.label, base + v.withPeriod(p), p == v.period()));
        }
        return out;
    }

    private static DashboardView.Custom custom(ViewParams v) {
        return new DashboardView.Custom(v.days().from().toString(), v.days().to().toString(), v.period() == Period.CUSTOM);
    }

    private static List<DashboardView.Option> models(ViewParams v) {
        List<DashboardView.Option> out = new ArrayList<>();
        for (AttributionModel m : AttributionModel.values()) {
            out.add(new DashboardView.Option(m.key(), modelLabel(m), m == v.model()));
        }
        return out;
    }

    static String modelLabel(AttributionModel m) {
        return switch (m) {
            case LAST_NON_DIRECT -> "Last non-direct touch (default)";
            case FIRST_TOUCH -> "First touch";
            case LAST_TOUCH -> "Last touch";
            case LINEAR -> "Linear";
            case POSITION_BASED -> "Position-based (40/20/40)";
            case TIME_DECAY -> "Time decay (7-day half-life)";
        };
    }

    /** The model form changes the model only: it carries the period and the filters along. */
    private static List<DashboardView.Field> modelFormFields(ViewParams v) {
        List<DashboardView.Field> out = new ArrayList<>();
        out.add(new DashboardView.Field("period", v.period().key));
        if (v.period() == Period.CUSTOM) {
            out.add(new DashboardView.Field("from", v.days().from().toString()));
            out.add(new DashboardView.Field("to", v.days().to().toString()));
        }
        for (String f : v.rawFilters()) out.add(new DashboardView.Field("f", f));
        return out;
    }

    /** The range form changes the days only: it carries the model and the filters along. */
    private static List<DashboardView.Field> rangeFormFields(ViewParams v) {
        List<DashboardView.Field> out = new ArrayList<>();
        out.add(new DashboardView.Field("period", Period.CUSTOM.key));
        if (v.model() != AttributionModel.DEFAULT) out.add(new DashboardView.Field("model", v.model().key()));
        for (String f : v.rawFilters()) out.add(new DashboardView.Field("f", f));
        return out;
    }

    private List<DashboardView.Chip> chips(Site site, String base, ViewParams v) {
        Map<String, String> postTitles = new HashMap<>();
        if (v.filters().stream().anyMatch(f -> f.dimension() == Dimension.POST)) {
            for (Post p : posts.bySite(site.id())) postTitles.put(String.valueOf(p.id()), Sheets.title(p));
        }
        List<DashboardView.Chip> out = new ArrayList<>();
        for (int i = 0; i < v.filters().size(); i++) {
            Filter f = v.filters().get(i);
            String value = f.values().get(0) == null ? Dimension.NONE : f.values().get(0);
            if (f.dimension() == Dimension.POST) value = postTitles.getOrDefault(value, "#" + value);
            out.add(new DashboardView.Chip(dimensionLabel(f.dimension()) + " " + opLabel(f.op()) + " " + value,
                    base + v.withoutFilter(i)));
        }
        return out;
    }

    private static String clearFilters(ViewParams v) {
        return new ViewParams(v.period(), v.days(), v.model(), List.of(), List.of()).query();
    }

    static String dimensionLabel(Dimension d) {
        return switch (d) {
            case CHANNEL -> "Channel";
            case NETWORK -> "Outpost";
            case SOURCE -> "Source";
            case POST -> "Post";
            case POST_MATCH -> "Post match";
            case UTM_SOURCE -> "UTM source";
            case UTM_MEDIUM -> "UTM medium";
            case UTM_CAMPAIGN -> "Campaign";
            case UTM_CONTENT -> "UTM content";
            case UTM_TERM -> "UTM term";
            case ENTRY_PAGE -> "Entry page";
            case BROWSER -> "Browser";
            case OS -> "OS";
            case DEVICE -> "Device";
            case PAGE -> "Page";
            case GOAL -> "Goal";
            case HOUR, DAY, WEEK, MONTH -> d.key();
        };
    }

    private static String opLabel(Filter.Op op) {
        return switch (op) {
            case IS -> "is";
            case IS_NOT -> "is not";
            case CONTAINS -> "contains";
            case MATCHES -> "matches";
        };
    }
}
