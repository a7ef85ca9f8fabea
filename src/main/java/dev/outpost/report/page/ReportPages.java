package dev.outpost.report.page;

import dev.outpost.goals.GoalsApi;
import dev.outpost.ingest.RecentBeacons;
import dev.outpost.posts.PostsApi;
import dev.outpost.posts.engagement.Engagement;
import dev.outpost.posts.engagement.EngagementApi;
import dev.outpost.report.query.QueryApi;
import dev.outpost.site.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.GoalStore;
import dev.outpost.store.LiveStore;
import dev.outpost.store.PostStore;
import dev.outpost.web.Gate;
import dev.outpost.web.PageContext;
import dev.outpost.web.Pages;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * The owner's report pages, as the route table sees them: every handler asks the {@link Gate} first,
 * finds the site of the URL, then hands over to the page that does the
 * work. The dashboard itself is {@link #dashboard()}, which the shared-link routes use too.
 */
public final class ReportPages {
    private final Gate gate;
    private final SiteRegistry sites;
    private final Html html;
    private final SitesPage sitesPage;
    private final DashboardPage dashboard;
    private final PostPage postPage;
    private final SetupPage setupPage;
    private final ManagePages manage;

    /** The APIs whose checks and answers the pages reuse, so a form says exactly what the API would. */
    public record Apis(SitesApi sites, QueryApi query, PostsApi posts, GoalsApi goals, EngagementApi engagementApi,
                       Engagement engagement) {}

    /** What the pages read directly: sites, posts, goals, engagement readings, the live counts and the last minutes of beacons. */
    public record Stores(SiteRegistry sites, PostStore posts, GoalStore goals, EngagementStore engagement, LiveStore live,
                         RecentBeacons recent) {}

    public ReportPages(Pages pages, Gate gate, Apis apis, Stores stores, String baseUrl, Clock clock) {
        this.gate = gate;
        this.sites = stores.sites();
        this.html = new Html(pages);
        Reports reports = new Reports(apis.query());
        Sheets sheets = new Sheets(reports, stores.posts(), stores.engagement());
        this.sitesPage = new SitesPage(html, sites, apis.sites(), reports, clock);
        this.dashboard = new DashboardPage(html, reports, sheets, stores.live(), stores.posts(), clock);
        this.postPage = new PostPage(html, reports, sheets, apis.posts(), apis.engagementApi(), apis.engagement(), stores.posts(), clock);
        this.setupPage = new SetupPage(html, apis.posts(), apis.goals(), stores.posts(), stores.goals(), stores.live(),
                stores.recent(), baseUrl, clock);
        this.manage = new ManagePages(html, apis, stores);
    }

    /** Answers a {@link PageError} as an HTML page with its status. */
    public void error(PageError e, Context ctx) {
        html.error(e, ctx);
    }

    // ---------------------------------------------------------------- routes

    /** {@code GET /}. */
    public void sites(Context ctx) {
        PageContext page = gate.require(ctx);
        sitesPage.show(ctx, page);
    }

    /** {@code POST /sites}: domain, timezone, csrf. */
    public void addSite(Context ctx) {
        PageContext page = gate.require(ctx);
        sitesPage.add(ctx, page);
    }

    /** {@code GET /sites/{domain}}. */
    public void showDashboard(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        dashboard.render(ctx, site, page, base(site));
    }

    /** {@code GET /sites/{domain}/export/{table}.csv}. */
    public void export(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        dashboard.export(ctx, site, page, base(site));
    }

    /** {@code GET /sites/{domain}/posts/{id}}. */
    public void showPost(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        seen(page, () -> postPage.show(ctx, site, page));
    }

    /** {@code POST /sites/{domain}/posts/{id}/engagement}: comments, shares, likes, csrf. */
    public void enterEngagement(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        seen(page, () -> postPage.enterEngagement(ctx, site, page));
    }

    /** {@code GET /sites/{domain}/setup}. */
    public void showSetup(Context ctx) {
        PageContext page = gate.require(ctx);
        setupPage.show(ctx, site(ctx, page), page);
    }

    /** {@code GET /sites/{domain}/live.json}. */
    public void live(Context ctx) {
        PageContext page = gate.require(ctx);
        setupPage.live(ctx, site(ctx, page));
    }

    /** {@code POST /sites/{domain}/posts}: url, target, title, csrf. */
    public void addPost(Context ctx) {
        PageContext page = gate.require(ctx);
        setupPage.addPost(ctx, site(ctx, page), page);
    }

    /** {@code POST /sites/{domain}/goals}: event or path, name, value, currency, csrf. */
    public void addGoal(Context ctx) {
        PageContext page = gate.require(ctx);
        setupPage.addGoal(ctx, site(ctx, page), page);
    }

    /** {@code GET /sites/{domain}/recent.json}: the last minutes' beacons, counted, dropped and refused. */
    public void recent(Context ctx) {
        PageContext page = gate.require(ctx);
        setupPage.recent(ctx, site(ctx, page));
    }

    /** {@code GET /sites/{domain}/settings}: name, time zone, aliases; deleting the site. */
    public void siteSettings(Context ctx) {
        PageContext page = gate.require(ctx);
        manage.siteForm(ctx, site(ctx, page), page);
    }

    /** {@code POST /sites/{domain}/settings}: name, timezone, aliases (one a line), csrf. */
    public void saveSite(Context ctx) {
        PageContext page = gate.require(ctx);
        manage.saveSite(ctx, site(ctx, page), page);
    }

    /** {@code POST /sites/{domain}/delete}: the site and everything it holds. */
    public void deleteSite(Context ctx) {
        PageContext page = gate.require(ctx);
        manage.deleteSite(ctx, site(ctx, page));
    }

    /** {@code GET /sites/{domain}/posts}: every post with its visits and engagement. */
    public void posts(Context ctx) {
        PageContext page = gate.require(ctx);
        manage.posts(ctx, site(ctx, page), page);
    }

    /** {@code POST /sites/{domain}/posts/{id}/refresh}: fetch the post's engagement now. */
    public void refreshPost(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        seen(page, () -> manage.refreshPost(ctx, site, page));
    }

    /** {@code GET /sites/{domain}/posts/{id}/edit}. */
    public void postForm(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        seen(page, () -> manage.postForm(ctx, site, page));
    }

    /** {@code POST /sites/{domain}/posts/{id}/edit}: title, campaign, published_at, targets (one a line), csrf. */
    public void savePost(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        seen(page, () -> manage.savePost(ctx, site, page));
    }

    /** {@code POST /sites/{domain}/posts/{id}/delete}. */
    public void deletePost(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        seen(page, () -> manage.deletePost(ctx, site));
    }

    /** {@code GET /sites/{domain}/goals/{id}/edit}. */
    public void goalForm(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        seen(page, () -> manage.goalForm(ctx, site, page));
    }

    /** {@code POST /sites/{domain}/goals/{id}/edit}: event or path, name, value, currency, csrf. */
    public void saveGoal(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        seen(page, () -> manage.saveGoal(ctx, site, page));
    }

    /** {@code POST /sites/{domain}/goals/{id}/delete}. */
    public void deleteGoal(Context ctx) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        seen(page, () -> manage.deleteGoal(ctx, site));
    }

    /** {@code GET /share/{token}}: the site's dashboard, read-only, without sign-in. */
    public void showShared(Context ctx) {
        Site site = shared(ctx);
        dashboard.render(ctx, site, SHARED, "/share/" + ctx.pathParam("token"));
    }

    /** {@code GET /share/{token}/export/{table}.csv}. */
    public void exportShared(Context ctx) {
        Site site = shared(ctx);
        dashboard.export(ctx, site, SHARED, "/share/" + ctx.pathParam("token"));
    }

    // ---------------------------------------------------------------- pieces

    private static final PageContext SHARED = new PageContext(null, "", true);

    private Site shared(Context ctx) {
        // The token is the whole secret: keep the page out of search engines (Pages keeps it out of Referer headers).
        ctx.header("X-Robots-Tag", "noindex, nofollow");
        return gate.sharedSite(ctx.pathParam("token")).orElseThrow(() -> new PageError(404,
                "This shared dashboard link does not exist or was revoked. Ask its owner for a new one.", SHARED));
    }

    private static String base(Site site) {
        return "/sites/" + site.domain();
    }

    private Site site(Context ctx, PageContext page) {
        String domain = ctx.pathParam("domain");
        return sites.find(domain).orElseThrow(() -> new PageError(404, "site: no site '" + ViewParams.shown(domain)
                + "' on this server", page));
    }

    private static void seen(PageContext page, Runnable r) {
        try {
            r.run();
        } catch (PageError e) {
            throw e.seenBy(page);
        }
    }
}
