package dev.outpost.report.page;

import dev.outpost.domain.Site;
import dev.outpost.goals.GoalsApi;
import dev.outpost.ingest.RecentBeacons;
import dev.outpost.posts.PostsApi;
import dev.outpost.posts.engagement.Engagement;
import dev.outpost.posts.engagement.EngagementApi;
import dev.outpost.report.query.QueryApi;
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
        onSite(ctx, (c, site, page) -> dashboard.render(c, site, page, base(site)));
    }

    /** {@code GET /sites/{domain}/export/{table}.csv}. */
    public void export(Context ctx) {
        onSite(ctx, (c, site, page) -> dashboard.export(c, site, page, base(site)));
    }

    /** {@code GET /sites/{domain}/posts/{id}}. */
    public void showPost(Context ctx) {
        onSite(ctx, postPage::show);
    }

    /** {@code POST /sites/{domain}/posts/{id}/engagement}: comments, shares, likes, csrf. */
    public void enterEngagement(Context ctx) {
        onSite(ctx, postPage::enterEngagement);
    }

    /** {@code GET /sites/{domain}/setup}. */
    public void showSetup(Context ctx) {
        onSite(ctx, setupPage::show);
    }

    /** {@code GET /sites/{domain}/live.json}. */
    public void live(Context ctx) {
        onSite(ctx, (c, site, page) -> setupPage.live(c, site));
    }

    /** {@code POST /sites/{domain}/posts}: url, target, title, csrf. */
    public void addPost(Context ctx) {
        onSite(ctx, setupPage::addPost);
    }

    /** {@code POST /sites/{domain}/goals}: event or path, name, value, currency, csrf. */
    public void addGoal(Context ctx) {
        onSite(ctx, setupPage::addGoal);
    }

    /** {@code GET /sites/{domain}/recent.json}: the last minutes' beacons, counted, dropped and refused. */
    public void recent(Context ctx) {
        onSite(ctx, (c, site, page) -> setupPage.recent(c, site));
    }

    /** {@code GET /sites/{domain}/settings}: name, time zone, aliases; deleting the site. */
    public void siteSettings(Context ctx) {
        onSite(ctx, manage::siteForm);
    }

    /** {@code POST /sites/{domain}/settings}: name, timezone, aliases (one a line), csrf. */
    public void saveSite(Context ctx) {
        onSite(ctx, manage::saveSite);
    }

    /** {@code POST /sites/{domain}/delete}: the site and everything it holds. */
    public void deleteSite(Context ctx) {
        onSite(ctx, (c, site, page) -> manage.deleteSite(c, site));
    }

    /** {@code GET /sites/{domain}/posts}: every post with its visits and engagement. */
    public void posts(Context ctx) {
        onSite(ctx, manage::posts);
    }

    /** {@code POST /sites/{domain}/posts/{id}/refresh}: fetch the post's engagement now. */
    public void refreshPost(Context ctx) {
        onSite(ctx, manage::refreshPost);
    }

    /** {@code GET /sites/{domain}/posts/{id}/edit}. */
    public void postForm(Context ctx) {
        onSite(ctx, manage::postForm);
    }

    /** {@code POST /sites/{domain}/posts/{id}/edit}: title, campaign, published_at, targets (one a line), csrf. */
    public void savePost(Context ctx) {
        onSite(ctx, manage::savePost);
    }

    /** {@code POST /sites/{domain}/posts/{id}/delete}. */
    public void deletePost(Context ctx) {
        onSite(ctx, (c, site, page) -> manage.deletePost(c, site));
    }

    /** {@code GET /sites/{domain}/goals/{id}/edit}. */
    public void goalForm(Context ctx) {
        onSite(ctx, manage::goalForm);
    }

    /** {@code POST /sites/{domain}/goals/{id}/edit}: event or path, name, value, currency, csrf. */
    public void saveGoal(Context ctx) {
        onSite(ctx, manage::saveGoal);
    }

    /** {@code POST /sites/{domain}/goals/{id}/delete}. */
    public void deleteGoal(Context ctx) {
        onSite(ctx, (c, site, page) -> manage.deleteGoal(c, site));
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

    /** A page of one site: what it does once the viewer is signed in and the site of the URL found. */
    private interface SitePage {
        void handle(Context ctx, Site site, PageContext page);
    }

    /** Signed in, the URL's site found, then the page; its errors are shown with the viewer's top bar. */
    private void onSite(Context ctx, SitePage p) {
        PageContext page = gate.require(ctx);
        Site site = site(ctx, page);
        try {
            p.handle(ctx, site, page);
        } catch (PageError e) {
            throw e.seenBy(page);
        }
    }
}
