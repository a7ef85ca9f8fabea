package dev.outpost.report.page;

import dev.outpost.goals.GoalsApi;
import dev.outpost.posts.PostsApi;
import dev.outpost.posts.engagement.Engagement;
import dev.outpost.posts.engagement.EngagementApi;
import dev.outpost.report.query.QueryApi;
import dev.outpost.site.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.GoalStore;
import dev.outpost.store.LiveStore;
import dev.outpost.store.PostStore;
import dev.outpost.web.Gate;
import dev.outpost.web.PageContext;
import dev.outpost.web.Pages;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;

/**
 * The owner's report pages, as the route table sees them: every handler asks the {@link Gate} first,
 * finds the site of the URL, checks a form's CSRF token, then hands over to the page that does the
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

    public ReportPages(Pages pages, Gate gate, SiteRegistry sites, SitesApi sitesApi, QueryApi queryApi, PostsApi postsApi,
                       GoalsApi goalsApi, EngagementApi engagementApi, Engagement engagement, PostStore posts,
                       GoalStore goals, LiveStore live, String baseUrl, Clock clock) {
        this.gate = gate;
        this.sites = sites;
        this.html = new Html(pages);
        Reports reports = new Reports(queryApi);
        Sheets sheets = new Sheets(reports, posts, live);
        this.sitesPage = new SitesPage(html, sites, sitesApi, reports, clock);
        this.dashboard = new DashboardPage(html, reports, sheets, live, posts, clock);
        this.postPage = new PostPage(html, reports, sheets, postsApi, engagementApi, engagement, posts, clock);
        this.setupPage = new SetupPage(html, postsApi, goalsApi, posts, goals, live, baseUrl, clock);
    }

    /** The dashboard, for other routes that show it (a shared read-only link). */
    public DashboardPage dashboard() {
        return dashboard;
    }

    /** Answers a {@link PageError} as an HTML page with its status. */
    public void error(PageError e, Context ctx) {
        html.error(e, ctx);
    }

    // ---------------------------------------------------------------- routes

    /** {@code GET /}. */
    public void sites(Context ctx) {
        PageContext page = gate.require(ctx);
        if (page == null) return;
        sitesPage.show(ctx, page);
    }

    /** {@code POST /sites}: domain, timezone, csrf. */
    public void addSite(Context ctx) {
        PageContext page = gate.require(ctx);
        if (page == null) return;
        csrf(ctx, page);
        sitesPage.add(ctx, page);
    }

    /** {@code GET /sites/{domain}}. */
    public void showDashboard(Context ctx) {
        PageContext page = gate.require(ctx);
        if (page == null) return;
        Site site = site(ctx, page);
        dashboard.render(ctx, site, page, base(site));
    }

    /** {@code GET /sites/{domain}/export/{table}.csv}. */
    public void export(Context ctx) {
        PageContext page = gate.require(ctx);
        if (page == null) return;
        Site site = site(ctx, page);
        dashboard.export(ctx, site, page, base(site));
    }

    /** {@code GET /sites/{domain}/posts/{id}}. */
    public void showPost(Context ctx) {
        PageContext page = gate.require(ctx);
        if (page == null) return;
        Site site = site(ctx, page);
        seen(page, () -> postPage.show(ctx, site, page));
    }

    /** {@code POST /sites/{domain}/posts/{id}/engagement}: comments, shares, likes, csrf. */
    public void enterEngagement(Context ctx) {
        PageContext page = gate.require(ctx);
        if (page == null) return;
        csrf(ctx, page);
        Site site = site(ctx, page);
        seen(page, () -> postPage.enterEngagement(ctx, site, page));
    }

    /** {@code GET /sites/{domain}/setup}. */
    public void showSetup(Context ctx) {
        PageContext page = gate.require(ctx);
        if (page == null) return;
        setupPage.show(ctx, site(ctx, page), page);
    }

    /** {@code GET /sites/{domain}/live.json}. */
    public void live(Context ctx) {
        PageContext page = gate.require(ctx);
        if (page == null) return;
        setupPage.live(ctx, site(ctx, page));
    }

    /** {@code POST /sites/{domain}/posts}: url, target, title, csrf. */
    public void addPost(Context ctx) {
        PageContext page = gate.require(ctx);
        if (page == null) return;
        csrf(ctx, page);
        setupPage.addPost(ctx, site(ctx, page), page);
    }

    /** {@code POST /sites/{domain}/goals}: event or path, name, value, currency, csrf. */
    public void addGoal(Context ctx) {
        PageContext page = gate.require(ctx);
        if (page == null) return;
        csrf(ctx, page);
        setupPage.addGoal(ctx, site(ctx, page), page);
    }

    // ---------------------------------------------------------------- pieces

    private static String base(Site site) {
        return "/sites/" + site.domain();
    }

    private Site site(Context ctx, PageContext page) {
        String domain = ctx.pathParam("domain");
        return sites.find(domain).orElseThrow(() -> new PageError(404, "site: no site '" + ViewParams.shown(domain)
                + "' on this server", page));
    }

    /** A form must carry the token of the session that shows it, so another site cannot post it for the owner. */
    private static void csrf(Context ctx, PageContext page) {
        String sent = ctx.formParam("csrf");
        if (sent == null || page.csrf() == null || page.csrf().isEmpty()
                || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), page.csrf().getBytes(StandardCharsets.UTF_8))) {
            throw new PageError(403, "csrf: the form is out of date or came from elsewhere; reload the page and send it again", page);
        }
    }

    private static void seen(PageContext page, Runnable r) {
        try {
            r.run();
        } catch (PageError e) {
            throw e.seenBy(page);
        }
    }
}
