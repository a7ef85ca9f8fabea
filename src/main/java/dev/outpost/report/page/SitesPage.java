package dev.outpost.report.page;

import dev.outpost.attribution.AttributionModel;
import dev.outpost.domain.Site;
import dev.outpost.report.query.Metric;
import dev.outpost.report.query.ReportQuery;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.web.ApiError;
import dev.outpost.web.PageContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /}: the owner's sites with today's visitors; {@code POST /sites} adds one through the sites API's checks. */
final class SitesPage {
    private final Html html;
    private final SiteRegistry sites;
    private final SitesApi sitesApi;
    private final Reports reports;
    private final Clock clock;

    SitesPage(Html html, SiteRegistry sites, SitesApi sitesApi, Reports reports, Clock clock) {
        this.html = html;
        this.sites = sites;
        this.sitesApi = sitesApi;
        this.reports = reports;
        this.clock = clock;
    }

    void show(Context ctx, PageContext page) {
        send(ctx, page, 200, null, "", "");
    }

    /** Adds the site and opens its setup page; a refused form comes back with the reason and what was typed. */
    void add(Context ctx, PageContext page) {
        String domain = ctx.formParam("domain"), timezone = ctx.formParam("timezone");
        Site site;
        try {
            SitesApi.NewSite checked = SitesApi.validate(new SitesApi.NewSite(domain, ctx.formParam("name"), timezone, List.of()));
            site = sitesApi.add(checked);
        } catch (ApiError e) {
            send(ctx, page, e.status, e.getMessage(), domain, timezone);
            return;
        }
        ctx.redirect("/sites/" + site.domain() + "/setup", HttpStatus.SEE_OTHER);
    }

    private void send(Context ctx, PageContext page, int status, String error, String domain, String timezone) {
        List<SitesView.SiteRow> rows = new ArrayList<>();
        for (Site s : sites.list()) {
            rows.add(new SitesView.SiteRow(s.name(), s.domain(), "/sites/" + s.domain(), "/sites/" + s.domain() + "/setup",
                    Format.count(visitorsToday(s))));
        }
        html.send(ctx, status, "sites.jte", Map.of("page", page,
                "v", new SitesView(rows, error, domain == null ? "" : domain, timezone == null ? "" : timezone)));
    }

    private BigDecimal visitorsToday(Site s) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of(s.timezone()));
        return reports.run(s, new ReportQuery.Days(today, today), new Reports.Ask(List.of(), List.of(Metric.VISITORS),
                List.of(), AttributionModel.DEFAULT, 1, false, null)).first().get(Metric.VISITORS);
    }
}
