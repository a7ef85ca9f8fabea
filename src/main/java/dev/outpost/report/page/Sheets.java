package dev.outpost.report.page;

import static dev.outpost.report.page.Sheet.Column.csvOnly;
import static dev.outpost.report.page.Sheet.Column.engagement;
import static dev.outpost.report.page.Sheet.Column.main;
import static dev.outpost.report.page.Sheet.Column.sub;

import dev.outpost.domain.Post;
import dev.outpost.domain.Site;
import dev.outpost.report.query.Dimension;
import dev.outpost.report.query.Filter;
import dev.outpost.report.query.Metric;
import dev.outpost.report.query.ReportQuery;
import dev.outpost.store.EngagementStore.Latest;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.PostStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard's tables, each built from query API answers: one recipe per table key. The same
 * {@link Sheet} is shown on the page (its first rows) and exported as CSV (all of them).
 */
final class Sheets {
    /** Every table a dashboard shows and exports, in page order. */
    static final List<String> KEYS = List.of("outposts", "posts", "channels", "sources", "campaigns", "pages",
            "entry_pages", "goals", "browsers", "os", "devices", "timeseries");
    /** A CSV holds every row; the query API's own cap. */
    static final int ALL = 10_000;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * A table that is one dimension's rows with some of the query API's metrics; {@code csvOnly} are
     * exported but left off the page, where they would repeat another column (visits beside visitors).
     */
    private record Simple(String title, String column, Dimension dimension, List<Metric> metrics, boolean dropNone,
                          String empty, Set<Metric> csvOnly) {
        Simple(String title, String column, Dimension dimension, List<Metric> metrics, boolean dropNone, String empty) {
            this(title, column, dimension, metrics, dropNone, empty, Set.of(Metric.VISITS));
        }
    }

    private static final List<Metric> CONVERTING = List.of(Metric.VISITORS, Metric.VISITS, Metric.CONVERTING_VISITORS,
            Metric.CONVERSION_RATE, Metric.CONVERSIONS, Metric.REVENUE);
    private static final List<Metric> BY_DEVICE = List.of(Metric.VISITORS, Metric.VISITS, Metric.CONVERTING_VISITORS,
            Metric.CONVERSION_RATE);
    private static final Map<String, Simple> SIMPLE = Map.of(
            "channels", new Simple("Channels", "Channel", Dimension.CHANNEL, CONVERTING, false,
                    "No visits in this period."),
            "sources", new Simple("Sources", "Source", Dimension.SOURCE, CONVERTING, false,
                    "No visits in this period."),
            "campaigns", new Simple("Campaigns", "Campaign", Dimension.UTM_CAMPAIGN, CONVERTING, true,
                    "No visits with UTM tags in this period. Add utm_campaign=… (and utm_source, utm_medium) to the "
                            + "links you share in newsletters and ads to see them here."),
            "pages", new Simple("Top pages", "Page", Dimension.PAGE, List.of(Metric.VISITORS, Metric.PAGEVIEWS), false,
                    "No pageviews in this period."),
            "entry_pages", new Simple("Entry pages", "Entry page", Dimension.ENTRY_PAGE, List.of(Metric.VISITORS, Metric.VISITS,
                    Metric.BOUNCE_RATE, Metric.VISIT_DURATION, Metric.CONVERTING_VISITORS, Metric.CONVERSION_RATE, Metric.CONVERSIONS),
                    false, "No visits in this period."),
            // A goal's visitors are its converters: the page shows those of the period's visits (the rate's share) only.
            "goals", new Simple("Goals", "Goal", Dimension.GOAL, List.of(Metric.VISITORS, Metric.CONVERTING_VISITORS,
                    Metric.CONVERSION_RATE, Metric.CONVERSIONS, Metric.REVENUE), false,
                    "No conversions in this period.", Set.of(Metric.VISITORS)),
            "browsers", new Simple("Browsers", "Browser", Dimension.BROWSER, BY_DEVICE, false, "No visits in this period.",
                    Set.of(Metric.VISITS, Metric.CONVERTING_VISITORS)),
            "os", new Simple("Operating systems", "OS", Dimension.OS, BY_DEVICE, false, "No visits in this period.",
                    Set.of(Metric.VISITS, Metric.CONVERTING_VISITORS)),
            "devices", new Simple("Devices", "Device", Dimension.DEVICE, BY_DEVICE, false, "No visits in this period.",
                    Set.of(Metric.VISITS, Metric.CONVERTING_VISITORS)));

    private final Reports reports;
    private final PostStore posts;
    private final EngagementStore engagementStore;

    Sheets(Reports reports, PostStore posts, EngagementStore engagementStore) {
        this.reports = reports;
        this.posts = posts;
        this.engagementStore = engagementStore;
    }

    /** What a table needs beside its key: the site, the view, the revenue currency, how many rows. */
    record Scope(Site site, ViewParams view, String currency, int limit) {}

    Sheet build(String key, Scope s) {
        Simple simple = SIMPLE.get(key);
        if (simple != null) return simple(key, simple, s);
        return switch (key) {
            case "outposts" -> outposts(s);
            case "posts" -> posts(s);
            case "timeseries" -> timeseries(s);
            default -> throw new IllegalArgumentException("no table " + key);
        };
    }

    // ---------------------------------------------------------------- the tables

    private Sheet simple(String key, Simple t, Scope s) {
        List<Filter> filters = new ArrayList<>(s.view().filters());
        if (t.dropNone()) filters.add(notNone(t.dimension()));
        Reports.Result r = reports.run(s.site(), s.view().days(), ask(List.of(t.dimension()), t.metrics(), filters, s));
        List<Sheet.Column> columns = new ArrayList<>();
        columns.add(main(t.dimension().key().substring(t.dimension().key().indexOf(':') + 1), t.column(), Sheet.Kind.TEXT));
        for (Metric m : t.metrics()) {
            Sheet.Column c = metricColumn(m, t.dimension() == Dimension.GOAL);
            columns.add(t.csvOnly().contains(m) ? csvOnly(c.key(), c.kind()) : c);
        }
        List<Sheet.Line> lines = new ArrayList<>();
        for (Reports.Row row : r.rows()) {
            List<Object> cells = new ArrayList<>();
            cells.add(row.dimension(0));
            for (Metric m : t.metrics()) cells.add(row.get(m));
            lines.add(new Sheet.Line(cells, row.dimension(0), null, null));
        }
        return new Sheet(key, t.title(), t.dimension().key(), columns, lines, r.totalRows(), currency(s, r), t.empty());
    }

    /** Networks: visits and credit from the query API, engagement summed over the network's posts. */
    private Sheet outposts(Scope s) {
        List<Filter> filters = new ArrayList<>(s.view().filters());
        filters.add(notNone(Dimension.NETWORK));
        List<Metric> metrics = CONVERTING;
        Reports.Result r = reports.run(s.site(), s.view().days(), ask(List.of(Dimension.NETWORK), metrics, filters, s));

        Map<Long, Latest> engagement = latestByPost(s.site().id());
        Map<String, long[]> byNetwork = new HashMap<>(); // comments, shares, likes; -1: none known
        for (Post p : posts.bySite(s.site().id())) {
            Latest e = engagement.get(p.id());
            if (e == null) continue;
            long[] sums = byNetwork.computeIfAbsent(p.network(), k -> new long[] {-1, -1, -1});
            add(sums, 0, e.comments());
            add(sums, 1, e.shares());
            add(sums, 2, e.likes());
        }

        List<Sheet.Column> columns = new ArrayList<>();
        columns.add(main("network", "Outpost", Sheet.Kind.TEXT));
        for (Metric m : metrics) columns.add(m == Metric.VISITS ? csvOnly("visits", Sheet.Kind.COUNT) : metricColumn(m, false));
        columns.addAll(engagementColumns());
        List<Sheet.Line> lines = new ArrayList<>();
        for (Reports.Row row : r.rows()) {
            long[] e = byNetwork.get(row.dimension(0));
            List<Object> cells = new ArrayList<>();
            cells.add(row.dimension(0));
            for (Metric m : metrics) cells.add(row.get(m));
            Long comments = e == null || e[0] < 0 ? null : e[0];
            Long shares = e == null || e[1] < 0 ? null : e[1];
            Long likes = e == null || e[2] < 0 ? null : e[2];
            cells.addAll(engagementCells(comments, shares, likes, row.get(Metric.VISITS), row.get(Metric.CONVERSIONS)));
            lines.add(new Sheet.Line(cells, row.dimension(0), null, null));
        }
        return new Sheet("outposts", "Outposts", Dimension.NETWORK.key(), columns, lines, r.totalRows(), currency(s, r),
                "No visits from social networks in this period. Share your posts' tracked links (add a post on the "
                        + "setup page) and the visits they bring show up here, network by network.");
    }

    /**
     * Posts: visitors, visits and credit per post (the query API's), with exact and inferred matches
     * kept apart, and each post's latest engagement.
     */
    private Sheet posts(Scope s) {
        List<Filter> filters = new ArrayList<>(s.view().filters());
        filters.add(notNone(Dimension.POST));
        List<Metric> metrics = List.of(Metric.VISITORS, Metric.VISITS, Metric.CONVERTING_VISITORS, Metric.CONVERSION_RATE,
                Metric.CONVERSIONS, Metric.REVENUE);
        Reports.Result total = reports.run(s.site(), s.view().days(), ask(List.of(Dimension.POST), metrics, filters,
                new Scope(s.site(), s.view(), s.currency(), ALL)));
        Reports.Result split = reports.run(s.site(), s.view().days(), ask(List.of(Dimension.POST, Dimension.POST_MATCH),
                List.of(Metric.VISITS, Metric.CONVERSIONS), filters, new Scope(s.site(), s.view(), s.currency(), ALL)));
        Map<String, Map<String, Reports.Row>> byMatch = new HashMap<>();
        for (Reports.Row row : split.rows()) {
            byMatch.computeIfAbsent(row.dimension(0), k -> new HashMap<>()).put(row.dimension(1), row);
        }
        Map<String, Post> known = new LinkedHashMap<>();
        for (Post p : posts.bySite(s.site().id())) known.put(String.valueOf(p.id()), p);
        Map<Long, Latest> engagement = latestByPost(s.site().id());

        List<Reports.Row> rows = new ArrayList<>(total.rows());
        if (s.view().filters().isEmpty()) {
            // A post published in the period that brought nobody is news too: list it with zeros.
            ZoneId zone = ZoneId.of(s.site().timezone());
            List<String> seen = rows.stream().map(r -> r.dimension(0)).toList();
            for (Post p : known.values()) {
                LocalDate published = LocalDate.ofInstant(Instant.ofEpochMilli(p.publishedAt()), zone);
                if (seen.contains(String.valueOf(p.id())) || published.isBefore(s.view().days().from())
                        || published.isAfter(s.view().days().to())) continue;
                Map<Metric, BigDecimal> zero = new HashMap<>();
                for (Metric m : metrics) zero.put(m, m == Metric.REVENUE ? zeroMoney(currency(s, total)) : BigDecimal.ZERO);
                rows.add(new Reports.Row(List.of(String.valueOf(p.id())), zero, Map.of(), Map.of()));
            }
        }

        List<Sheet.Column> columns = new ArrayList<>(List.of(
                main("post", "Post", Sheet.Kind.TEXT),
                csvOnly("post_id", Sheet.Kind.TEXT),
                csvOnly("url", Sheet.Kind.TEXT),
                csvOnly("published_at", Sheet.Kind.TEXT),
                main("network", "Network", Sheet.Kind.TEXT),
                metricColumn(Metric.VISITORS, false),
                metricColumn(Metric.VISITS, false),
                sub("visits_exact", "exact", Sheet.Kind.COUNT),
                sub("visits_inferred", "inferred", Sheet.Kind.COUNT),
                metricColumn(Metric.CONVERTING_VISITORS, false),
                metricColumn(Metric.CONVERSION_RATE, false),
                metricColumn(Metric.CONVERSIONS, false),
                sub("conversions_exact", "exact", Sheet.Kind.CREDIT),
                sub("conversions_inferred", "inferred", Sheet.Kind.CREDIT),
                metricColumn(Metric.REVENUE, false)));
        columns.addAll(engagementColumns());
        List<Sheet.Line> lines = new ArrayList<>();
        for (Reports.Row row : rows.subList(0, Math.min(rows.size(), s.limit()))) {
            String id = row.dimension(0);
            Post p = known.get(id);
            Map<String, Reports.Row> m = byMatch.getOrDefault(id, Map.of());
            Latest e = p == null ? null : engagement.get(p.id());
            List<Object> cells = new ArrayList<>();
            cells.add(p == null ? "Removed post #" + id : title(p));
            cells.add(id);
            cells.add(p == null ? null : p.url());
            cells.add(p == null ? null : Instant.ofEpochMilli(p.publishedAt()).toString());
            cells.add(p == null ? null : p.network());
            cells.add(row.get(Metric.VISITORS));
            cells.add(row.get(Metric.VISITS));
            cells.add(value(m.get("exact"), Metric.VISITS));
            cells.add(value(m.get("inferred"), Metric.VISITS));
            cells.add(row.get(Metric.CONVERTING_VISITORS));
            cells.add(row.get(Metric.CONVERSION_RATE));
            cells.add(row.get(Metric.CONVERSIONS));
            cells.add(value(m.get("exact"), Metric.CONVERSIONS));
            cells.add(value(m.get("inferred"), Metric.CONVERSIONS));
            cells.add(row.get(Metric.REVENUE));
            cells.addAll(engagementCells(e == null ? null : e.comments(), e == null ? null : e.shares(),
                    e == null ? null : e.likes(), row.get(Metric.VISITS), row.get(Metric.CONVERSIONS)));
            String note = e != null && e.deleted() ? "deleted on " + p.network() : null;
            lines.add(new Sheet.Line(cells, id, p == null ? null : p.id(), note));
        }
        String empty = known.isEmpty()
                ? "No posts yet. Add the posts you publish on your outposts (setup page) and every visit they bring is "
                        + "credited to them, exact through their tracked links or inferred from their network."
                : "None of your posts brought visits in this period.";
        return new Sheet("posts", "Posts", Dimension.POST.key(), columns, lines, rows.size(), currency(s, total), empty);
    }

    /** Visitors, visits, pageviews, conversions and revenue per hour, day, week or month, with the empty ones. */
    private Sheet timeseries(Scope s) {
        ReportQuery.Days days = s.view().days();
        Dimension step = step(days);
        List<Metric> metrics = List.of(Metric.VISITORS, Metric.VISITS, Metric.PAGEVIEWS, Metric.CONVERSIONS, Metric.REVENUE);
        Reports.Result r = reports.run(s.site(), days, ask(List.of(step), metrics, s.view().filters(),
                new Scope(s.site(), s.view(), s.currency(), ALL)));
        Map<String, Reports.Row> byBucket = new HashMap<>();
        for (Reports.Row row : r.rows()) byBucket.put(row.dimension(0), row);
        List<Sheet.Column> columns = new ArrayList<>();
        columns.add(main(step.key().substring(5), step == Dimension.HOUR ? "Hour" : "Day", Sheet.Kind.TIME));
        for (Metric m : metrics) columns.add(metricColumn(m, false));
        List<Sheet.Line> lines = new ArrayList<>();
        for (String bucket : buckets(step, days)) {
            Reports.Row row = byBucket.get(bucket);
            List<Object> cells = new ArrayList<>();
            cells.add(bucket);
            for (Metric m : metrics) {
                cells.add(row != null ? row.get(m) : m == Metric.REVENUE ? zeroMoney(currency(s, r)) : BigDecimal.ZERO);
            }
            lines.add(new Sheet.Line(cells, null, null, null));
        }
        return new Sheet("timeseries", "Visitors over time", null, columns, lines, lines.size(), currency(s, r),
                "No visits in this period.");
    }

    // ---------------------------------------------------------------- pieces

    /** Hours for up to three days (a post's first days), days up to about four months, then weeks, then months. */
    static Dimension step(ReportQuery.Days days) {
        long n = ChronoUnit.DAYS.between(days.from(), days.to()) + 1;
        if (n <= 3) return Dimension.HOUR;
        if (n <= 120) return Dimension.DAY;
        if (n <= 730) return Dimension.WEEK;
        return Dimension.MONTH;
    }

    /** Every bucket label of the range, as the query API spells them, so days without visits show as 0. */
    static List<String> buckets(Dimension step, ReportQuery.Days days) {
        List<String> out = new ArrayList<>();
        switch (step) {
            case HOUR -> {
                for (LocalDate d = days.from(); !d.isAfter(days.to()); d = d.plusDays(1)) {
                    for (int h = 0; h < 24; h++) out.add(String.format("%s %02d:00:00", d, h));
                }
            }
            case DAY -> {
                for (LocalDate d = days.from(); !d.isAfter(days.to()); d = d.plusDays(1)) out.add(d.toString());
            }
            case WEEK -> {
                LocalDate d = days.from().with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
                for (; !d.isAfter(days.to()); d = d.plusWeeks(1)) out.add(d.toString());
            }
            case MONTH -> {
                for (LocalDate d = days.from().withDayOfMonth(1); !d.isAfter(days.to()); d = d.plusMonths(1)) out.add(d.toString());
            }
            default -> throw new IllegalArgumentException(step.key());
        }
        return out;
    }

    private static Reports.Ask ask(List<Dimension> dims, List<Metric> metrics, List<Filter> filters, Scope s) {
        return new Reports.Ask(dims, metrics, filters, s.view().model(), s.limit(), false, s.currency());
    }

    /** "The visit has a value": how the outposts, posts and campaigns tables leave out visits without one. */
    private static Filter notNone(Dimension d) {
        return new Filter(Filter.Op.IS_NOT, d, Arrays.asList((String) null), null);
    }

    /** The scope's currency, else the one this answer chose (a table exported on its own). */
    private static String currency(Scope s, Reports.Result r) {
        return s.currency() != null ? s.currency() : r.currency();
    }

    static Sheet.Column metricColumn(Metric m, boolean byGoal) {
        return switch (m) {
            case VISITORS -> main("visitors", byGoal ? "Converters" : "Visitors", Sheet.Kind.COUNT);
            case CONVERTING_VISITORS -> main("converting_visitors", "Converted", Sheet.Kind.COUNT);
            case VISITS -> main("visits", "Visits", Sheet.Kind.COUNT);
            case PAGEVIEWS -> main("pageviews", "Pageviews", Sheet.Kind.COUNT);
            case CONVERSIONS -> main("conversions", "Conversions", Sheet.Kind.CREDIT);
            case REVENUE -> main("revenue", "Revenue", Sheet.Kind.MONEY);
            case CONVERSION_RATE -> main("conversion_rate", "Conv. rate", Sheet.Kind.PERCENT);
            case BOUNCE_RATE -> main("bounce_rate", "Bounce rate", Sheet.Kind.PERCENT);
            case VISIT_DURATION -> main("visit_duration", "Visit duration", Sheet.Kind.DURATION);
        };
    }

    /** What a column counts, for its header's tooltip: each figure said once, the same on every table. */
    /**
     * Columns whose heading is a shortening nobody could guess: their tables say what they mean underneath
     * (the conversion columns, in every table, keep to their tooltips).
     */
    static final java.util.Set<String> SHORTENED = java.util.Set.of("visits_per_100_engagements");

    static String help(String key) {
        return switch (key) {
            case "visitors" -> "Unique visitors in the period";
            case "visits" -> "Visits (a visitor's visits 30 minutes apart count as one)";
            case "pageviews" -> "Pages viewed";
            case "converting_visitors" -> "Visitors who converted: credited with a conversion through one of their visits in the period";
            case "conversion_rate" -> "Converted visitors out of visitors (never above 100%)";
            case "conversions" -> "Conversions credited here by the attribution model; one visitor may convert several times, "
                    + "and multi-touch models split a conversion between visits";
            case "revenue" -> "Revenue of the conversions credited here";
            case "bounce_rate" -> "Visits that left after one page in under 10 seconds";
            case "visit_duration" -> "Average engaged time of a visit";
            case "visits_per_100_engagements" -> "Visits for every 100 comments and shares on the network (likes left out)";
            case "likes" -> "Likes say little about visits: shown, not counted as engagement";
            default -> null;
        };
    }

    private static List<Sheet.Column> engagementColumns() {
        return List.of(
                engagement("comments", "Comments", Sheet.Kind.COUNT, false),
                engagement("shares", "Shares", Sheet.Kind.COUNT, false),
                engagement("likes", "Likes", Sheet.Kind.COUNT, true),
                engagement("visits_per_100_engagements", "Visits / 100 eng.", Sheet.Kind.RATIO, false),
                // Conversions per visit can pass 100 (one visitor, several purchases): the page shows the
                // conversion rate instead, the CSV keeps this figure.
                csvOnly("conversions_per_100_visits", Sheet.Kind.RATIO));
    }

    /**
     * Counts and the two ratios that matter: visits per 100 engagements (comments plus shares; likes
     * say little) and conversions per 100 visits. Null where a figure is unknown or would divide by 0;
     * all null for a row whose engagement nobody has read, so the columns only show where they mean something.
     */
    private static List<Object> engagementCells(Long comments, Long shares, Long likes, BigDecimal visits, BigDecimal conversions) {
        if (comments == null && shares == null && likes == null) return Arrays.asList(null, null, null, null, null);
        Long engagements = comments == null && shares == null ? null : (comments == null ? 0 : comments) + (shares == null ? 0 : shares);
        return Arrays.asList(big(comments), big(shares), big(likes),
                engagements == null || visits == null ? null : per100(visits, BigDecimal.valueOf(engagements)),
                conversions == null || visits == null ? null : per100(conversions, visits));
    }

    static BigDecimal per100(BigDecimal part, BigDecimal whole) {
        if (whole.signum() == 0) return null;
        return part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP);
    }

    /** No revenue, written with the currency's decimals as the query API writes amounts (0.00 EUR, 0 JPY); null without a currency. */
    static BigDecimal zeroMoney(String currency) {
        if (currency == null) return null;
        try {
            return BigDecimal.ZERO.setScale(Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits()));
        } catch (IllegalArgumentException e) {
            return BigDecimal.ZERO.setScale(2);
        }
    }

    private static BigDecimal value(Reports.Row row, Metric m) {
        return row == null ? BigDecimal.ZERO : row.get(m);
    }

    private static BigDecimal big(Long n) {
        return n == null ? null : BigDecimal.valueOf(n);
    }

    private Map<Long, Latest> latestByPost(long siteId) {
        Map<Long, Latest> byPost = new HashMap<>();
        for (Latest l : engagementStore.latestBySite(siteId)) byPost.put(l.postId(), l);
        return byPost;
    }

    private static void add(long[] sums, int i, Long n) {
        if (n == null) return;
        sums[i] = (sums[i] < 0 ? 0 : sums[i]) + n;
    }

    /** A post's name on the page: its title, else its address without the scheme. */
    static String title(Post p) {
        if (p.title() != null && !p.title().isBlank()) return p.title();
        return p.url().replaceFirst("^https?://(www\\.)?", "");
    }
}
