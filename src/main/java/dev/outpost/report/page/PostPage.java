package dev.outpost.report.page;

import dev.outpost.attribution.AttributionModel;
import dev.outpost.attribution.PostRef;
import dev.outpost.domain.Post;
import dev.outpost.domain.Site;
import dev.outpost.posts.PostsApi;
import dev.outpost.posts.engagement.Counts;
import dev.outpost.posts.engagement.Engagement;
import dev.outpost.posts.engagement.EngagementApi;
import dev.outpost.report.query.Dimension;
import dev.outpost.report.query.Filter;
import dev.outpost.report.query.Metric;
import dev.outpost.report.query.ReportQuery;
import dev.outpost.store.PostStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.PageContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /sites/{domain}/posts/{id}}: one post since it was published. Figures come from the query
 * API narrowed to the post, engagement from the same code as {@code GET /api/v1/posts/{id}}, and
 * counts typed into the form are stored as {@code PUT /api/v1/posts/{id}/engagement} stores them.
 */
final class PostPage {
    /** Hours after publication the bar chart shows: the first three days, when most visits come. */
    static final int HOURS = 72;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final Html html;
    private final Reports reports;
    private final Sheets sheets;
    private final PostsApi postsApi;
    private final EngagementApi engagementApi;
    private final Engagement engagement;
    private final PostStore posts;
    private final Clock clock;

    PostPage(Html html, Reports reports, Sheets sheets, PostsApi postsApi, EngagementApi engagementApi, Engagement engagement,
             PostStore posts, Clock clock) {
        this.html = html;
        this.reports = reports;
        this.sheets = sheets;
        this.postsApi = postsApi;
        this.engagementApi = engagementApi;
        this.engagement = engagement;
        this.posts = posts;
        this.clock = clock;
    }

    void show(Context ctx, Site site, PageContext page) {
        Post post = post(ctx, site);
        send(ctx, site, post, page, 200, ViewParams.model(ctx.queryParamMap()), form(site, post, "", "", "", null));
    }

    /** {@code POST .../engagement}: comments, shares, likes; blank is "not known". Back to the post page on success. */
    void enterEngagement(Context ctx, Site site, PageContext page) {
        Post post = post(ctx, site);
        String comments = ViewParams.form(ctx, "comments"), shares = ViewParams.form(ctx, "shares"), likes = ViewParams.form(ctx, "likes");
        try {
            engagementApi.enter(post, new Counts(EngagementApi.count("comments", comments), EngagementApi.count("shares", shares),
                    EngagementApi.count("likes", likes)));
        } catch (ApiError e) {
            String message = e.getMessage().startsWith("body:") ? "Enter at least one of comments, shares, likes." : e.getMessage();
            send(ctx, site, post, page, e.status, AttributionModel.DEFAULT, form(site, post, comments, shares, likes, message));
            return;
        }
        ctx.redirect(postHref(site, post) + "#engagement", HttpStatus.SEE_OTHER);
    }

    private Post post(Context ctx, Site site) {
        return post(posts, ctx, site);
    }

    /** The post the URL's {@code id} names, if it is the site's: another site's post is not found here. */
    static Post post(PostStore posts, Context ctx, Site site) {
        long id = ViewParams.pathId(ctx, "post");
        return posts.byId(id).filter(p -> p.siteId() == site.id())
                .orElseThrow(() -> PageError.notFound("id: " + site.domain() + " has no post " + id));
    }

    private void send(Context ctx, Site site, Post post, PageContext page, int status, AttributionModel model,
                      PostView.EngagementForm form) {
        ZoneId zone = ZoneId.of(site.timezone());
        String base = "/sites/" + site.domain();
        ViewParams view = new ViewParams(Period.CUSTOM, days(post, zone), model, List.of("visit:post:is:" + post.id()),
                List.of(new Filter(Filter.Op.IS, Dimension.POST, List.of(String.valueOf(post.id())), null)));

        List<Metric> metrics = List.of(Metric.VISITORS, Metric.VISITS, Metric.CONVERTING_VISITORS, Metric.CONVERSION_RATE,
                Metric.CONVERSIONS, Metric.REVENUE);
        // The site's currency of the period, as on the dashboard: a post that sold nothing shows €0.00 there and here.
        String currency = reports.run(site, view.days(), new Reports.Ask(List.of(), List.of(Metric.REVENUE), List.of(), model, 1,
                false, null)).currency();
        Reports.Result total = reports.run(site, view.days(), new Reports.Ask(List.of(), metrics, view.filters(), model, 1, false,
                currency));
        Reports.Result split = reports.run(site, view.days(), new Reports.Ask(List.of(Dimension.POST_MATCH), metrics,
                view.filters(), model, 10, false, currency));
        Map<String, Reports.Row> byMatch = new HashMap<>();
        for (Reports.Row r : split.rows()) byMatch.put(r.dimension(0), r);
        Reports.Row t = total.first();
        List<PostView.Fact> facts = List.of(
                new PostView.Fact("Tracked link clicks", Format.count(posts.clicks(post.id())), null, null),
                fact("Visitors", Sheet.Kind.COUNT, Metric.VISITORS, t, byMatch, null),
                fact("Visits", Sheet.Kind.COUNT, Metric.VISITS, t, byMatch, null),
                fact("Converted visitors", Sheet.Kind.COUNT, Metric.CONVERTING_VISITORS, t, byMatch, null),
                fact("Conversion rate", Sheet.Kind.PERCENT, Metric.CONVERSION_RATE, t, byMatch, null),
                fact("Conversions", Sheet.Kind.CREDIT, Metric.CONVERSIONS, t, byMatch, null),
                fact("Revenue", Sheet.Kind.MONEY, Metric.REVENUE, t, byMatch, currency));

        Sheet landing = sheets.build("entry_pages", new Sheets.Scope(site, view, currency, DashboardPage.ROWS));
        TableView landingView = TableView.of(new Sheet(landing.key(), "Landing pages", landing.dimension(), landing.columns(),
                landing.lines(), landing.totalRows(), landing.currency(), "No visits from this post yet."),
                new TableView.Links(base, view, null), DashboardPage.csv(base, "entry_pages", view));

        BigDecimal conversions = t.get(Metric.CONVERSIONS);
        PostView.EngagementView e = engagementView(engagement.detail(post, conversions), zone);

        LocalDate published = LocalDate.ofInstant(Instant.ofEpochMilli(post.publishedAt()), zone);
        String warning = PostRef.OTHER.equals(post.network())
                ? "This URL is not a post on a network Outpost knows, so only its tracked link credits visits to it." : null;
        List<DashboardView.Option> models = new ArrayList<>();
        for (AttributionModel m : AttributionModel.values()) {
            models.add(new DashboardView.Option(m.key(), DashboardPage.modelLabel(m), m == model));
        }
        Hours hours = hours(site, post, zone, model);
        PostView v = new PostView(site.name(), base, base + view.query(), Sheets.title(post), post.network(), post.url(),
                postsApi.trackedUrl(post), WHEN.format(Instant.ofEpochMilli(post.publishedAt()).atZone(zone)) + " (" + site.timezone() + ")",
                post.campaign(), post.targets().stream().map(Post.Target::url).toList(), warning,
                "Since " + Format.day(view.days().from()), facts, postHref(site, post), models, hours.bars(), hours.note(),
                DashboardPage.csv(base, "timeseries", new ViewParams(Period.CUSTOM,
                        new ReportQuery.Days(published, published.plusDays(2)), model, view.rawFilters(), view.filters())),
                landingView, e, form);
        html.send(ctx, status, "post.jte", Map.of("page", page, "v", v));
    }

    /** From the day the post was published (or added, if its link was shared before) to today. */
    private ReportQuery.Days days(Post post, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate from = LocalDate.ofInstant(Instant.ofEpochMilli(Math.min(post.publishedAt(), post.createdAt())), zone);
        if (from.isAfter(today)) from = today;
        if (ChronoUnit.DAYS.between(from, today) >= ViewParams.MAX_DAYS) from = today.minusDays(ViewParams.MAX_DAYS - 1);
        return new ReportQuery.Days(from, today);
    }

    private record Hours(BarsView bars, String note) {}

    /**
     * Visits by hour after publication: the query API's hourly buckets (in the site's zone) turned
     * back into instants and counted from the moment the post went out. Visits before it (a link
     * shared early) go in the first hour.
     */
    private Hours hours(Site site, Post post, ZoneId zone, AttributionModel model) {
        Instant published = Instant.ofEpochMilli(post.publishedAt());
        LocalDate from = LocalDate.ofInstant(published, zone);
        LocalDate to = LocalDate.ofInstant(published.plus(HOURS, ChronoUnit.HOURS), zone);
        Reports.Result r = reports.run(site, new ReportQuery.Days(from, to), new Reports.Ask(List.of(Dimension.HOUR),
                List.of(Metric.VISITS), List.of(new Filter(Filter.Op.IS, Dimension.POST, List.of(String.valueOf(post.id())), null)),
                model, Sheets.ALL, false, null));
        long[] visits = new long[HOURS];
        long later = 0;
        for (Reports.Row row : r.rows()) {
            Instant bucket = LocalDateTime.parse(row.dimension(0).replace(' ', 'T')).atZone(zone).toInstant();
            long hour = Math.max(0, ChronoUnit.HOURS.between(published, bucket));
            long n = row.get(Metric.VISITS).longValue();
            if (hour < HOURS) visits[(int) hour] += n;
            else later += n;
        }
        int plot = 150, top = 16;
        long max = 1;
        for (long n : visits) max = Math.max(max, n);
        long ceiling = ChartView.niceCeiling(max);
        double slot = (double) ChartView.WIDTH / HOURS;
        List<BarsView.Bar> bars = new ArrayList<>();
        for (int h = 0; h < HOURS; h++) {
            double barH = (plot - top) * (double) visits[h] / ceiling;
            bars.add(new BarsView.Bar(ChartView.num(h * slot + 1), ChartView.num(plot - barH), ChartView.num(slot - 2), ChartView.num(barH),
                    "Hour " + (h + 1) + " after publication: " + visits[h] + (visits[h] == 1 ? " visit" : " visits")));
        }
        List<ChartView.Tick> yTicks = new ArrayList<>();
        for (long m : ceiling % 2 == 0 ? List.of(0L, ceiling / 2, ceiling) : List.of(0L, ceiling)) {
            yTicks.add(new ChartView.Tick("0", ChartView.num(plot - (plot - top) * (double) m / ceiling), Format.count(m), "start", false));
        }
        List<ChartView.Tick> ticks = new ArrayList<>();
        for (int h = 0; h <= HOURS; h += 12) {
            ticks.add(new ChartView.Tick(ChartView.pct((double) h / HOURS), String.valueOf(plot + 20),
                    h == 0 ? "published" : "+" + h + "h", h == 0 ? "start" : h == HOURS ? "end" : "middle", h % 24 == 12));
        }
        long shown = 0;
        for (long n : visits) shown += n;
        String note = shown + later == 0 ? "No visits from this post yet."
                : later > 0 ? Format.count(later) + " more visits came after the first " + HOURS + " hours." : null;
        return new Hours(new BarsView(plot + 26, plot, bars, yTicks, ticks, "Visits in each of the first " + HOURS
                + " hours after publication; highest " + max + "."), note);
    }

    private static PostView.Fact fact(String label, Sheet.Kind kind, Metric m, Reports.Row total, Map<String, Reports.Row> byMatch,
                                      String currency) {
        BigDecimal v = total.get(m);
        List<String> parts = new ArrayList<>();
        for (String match : List.of("exact", "inferred")) {
            Reports.Row r = byMatch.get(match);
            BigDecimal part = r == null ? (m == Metric.REVENUE && currency == null ? null : BigDecimal.ZERO) : r.get(m);
            if (part != null) parts.add(TableView.text(kind, part, currency) + " " + match);
        }
        String text = TableView.text(kind, v, currency);
        String exact = v == null || kind == Sheet.Kind.MONEY || Format.plain(v).equals(text) ? null : Format.plain(v);
        return new PostView.Fact(label, text, exact, parts.isEmpty() ? null : String.join(" · ", parts));
    }

    /** The engagement part of the post API's answer, for people. */
    @SuppressWarnings("unchecked")
    private static PostView.EngagementView engagementView(Map<String, Object> detail, ZoneId zone) {
        Map<String, Object> e = (Map<String, Object>) detail.get("engagement");
        Object readAt = e.get("fetched_at");
        return new PostView.EngagementView(count(e.get("comments")), count(e.get("shares")), count(e.get("likes")),
                ratio(detail.get("visits_per_100_engagements")), ratio(detail.get("conversions_per_100_visits")),
                when(readAt, zone), "manual".equals(e.get("source")) ? "entered by hand" : "fetched from the network",
                (String) e.get("error"), when(e.get("next_fetch_at"), zone), Boolean.TRUE.equals(e.get("deleted")),
                Boolean.TRUE.equals(e.get("fetchable")), readAt != null);
    }

    private static String count(Object n) {
        return n == null ? "—" : Format.count(new BigDecimal(n.toString()));
    }

    private static String ratio(Object n) {
        return n == null ? "—" : Format.ratio(new BigDecimal(n.toString()));
    }

    private static String when(Object iso, ZoneId zone) {
        return iso == null ? null : WHEN.format(Instant.parse(iso.toString()).atZone(zone));
    }

    private static PostView.EngagementForm form(Site site, Post post, String comments, String shares, String likes, String error) {
        return new PostView.EngagementForm(postHref(site, post) + "/engagement", comments, shares, likes, error);
    }

    private static String postHref(Site site, Post post) {
        return "/sites/" + site.domain() + "/posts/" + post.id();
    }
}
