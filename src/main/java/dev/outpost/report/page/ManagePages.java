package dev.outpost.report.page;

import dev.outpost.domain.Goal;
import dev.outpost.domain.Money;
import dev.outpost.domain.Post;
import dev.outpost.domain.Site;
import dev.outpost.posts.engagement.EngagementApi;
import dev.outpost.web.ApiError;
import dev.outpost.web.PageContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Changing and deleting what the API changes and deletes, from pages: a site's settings, its posts
 * (listed, refreshed, edited) and its goals. Every change goes through the API's own method, so a
 * form is refused with the API's message, shown above the form again with what was typed.
 */
final class ManagePages {
    private final Html html;
    private final ReportPages.Apis apis;
    private final ReportPages.Stores stores;

    ManagePages(Html html, ReportPages.Apis apis, ReportPages.Stores stores) {
        this.html = html;
        this.apis = apis;
        this.stores = stores;
    }

    // ---------------------------------------------------------------- the site

    void siteForm(Context ctx, Site site, PageContext page) {
        sendSite(ctx, site, page, 200, site.name(), site.timezone(), String.join("\n", site.aliases()), null);
    }

    void saveSite(Context ctx, Site site, PageContext page) {
        String name = ViewParams.form(ctx, "name"), timezone = ViewParams.form(ctx, "timezone"), aliases = ViewParams.form(ctx, "aliases");
        try {
            apis.sites().edit(site, name, timezone, lines(aliases));
        } catch (ApiError e) {
            sendSite(ctx, site, page, e.status, name, timezone, aliases, e.getMessage());
            return;
        }
        ctx.redirect(base(site) + "/settings", HttpStatus.SEE_OTHER);
    }

    void deleteSite(Context ctx, Site site) {
        stores.sites().delete(site);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void sendSite(Context ctx, Site site, PageContext page, int status, String name, String timezone, String aliases,
                          String error) {
        var v = new ManageView.SiteForm(links(site), base(site) + "/settings", name, timezone, aliases, error, base(site) + "/delete");
        html.send(ctx, status, "site-settings.jte", Map.of("page", page, "v", v));
    }

    // ---------------------------------------------------------------- posts

    void posts(Context ctx, Site site, PageContext page) {
        sendPosts(ctx, site, page, 200, null, null);
    }

    /** Fetches now, as {@code POST /api/v1/posts/{id}/engagement/refresh} does; the list says how it went. */
    void refreshPost(Context ctx, Site site, PageContext page) {
        Post post = PostPage.post(stores.posts(), ctx, site);
        EngagementApi.Refreshed r;
        try {
            r = apis.engagementApi().refresh(post);
        } catch (ApiError e) {
            sendPosts(ctx, site, page, e.status, null, Sheets.title(post) + ": " + e.getMessage());
            return;
        }
        if (r.error() != null) {
            sendPosts(ctx, site, page, r.status(), null, Sheets.title(post) + ": " + r.error());
            return;
        }
        sendPosts(ctx, site, page, 200, "Engagement of “" + Sheets.title(post) + "” fetched just now.", null);
    }

    void postForm(Context ctx, Site site, PageContext page) {
        Post post = PostPage.post(stores.posts(), ctx, site);
        sendPost(ctx, site, post, page, 200, orEmpty(post.title()), orEmpty(post.campaign()),
                Instant.ofEpochMilli(post.publishedAt()).toString(),
                String.join("\n", post.targets().stream().map(Post.Target::url).toList()), null);
    }

    void savePost(Context ctx, Site site, PageContext page) {
        Post post = PostPage.post(stores.posts(), ctx, site);
        String title = ViewParams.form(ctx, "title"), campaign = ViewParams.form(ctx, "campaign");
        String published = ViewParams.form(ctx, "published_at"), targets = ViewParams.form(ctx, "targets");
        try {
            apis.posts().edit(post, title, campaign, published, lines(targets), "targets");
        } catch (ApiError e) {
            sendPost(ctx, site, post, page, e.status, title, campaign, published, targets, e.getMessage());
            return;
        }
        ctx.redirect(base(site) + "/posts/" + post.id(), HttpStatus.SEE_OTHER);
    }

    void deletePost(Context ctx, Site site) {
        Post post = PostPage.post(stores.posts(), ctx, site);
        stores.posts().delete(post.id());
        ctx.redirect(base(site) + "/posts", HttpStatus.SEE_OTHER);
    }

    private void sendPosts(Context ctx, Site site, PageContext page, int status, String notice, String error) {
        ZoneId zone = ZoneId.of(site.timezone());
        List<ManageView.PostRow> rows = new ArrayList<>();
        for (Post p : stores.posts().bySite(site.id())) {
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) apis.engagement().detail(p, null).get("engagement");
            String href = base(site) + "/posts/" + p.id();
            rows.add(new ManageView.PostRow(p.id(), Sheets.title(p), href, p.network(),
                    Format.day(LocalDate.ofInstant(Instant.ofEpochMilli(p.publishedAt()), zone)), p.campaign(),
                    Format.count(stores.engagement().visits(p.id())), count(e.get("comments")), count(e.get("shares")),
                    count(e.get("likes")), e.get("fetched_at") == null ? null
                            : Format.day(LocalDate.ofInstant(Instant.parse((String) e.get("fetched_at")), zone)),
                    (String) e.get("error"), Boolean.TRUE.equals(e.get("fetchable")) ? href + "/refresh" : null,
                    href + "/edit", href + "/delete"));
        }
        var v = new ManageView.PostsList(links(site), rows, notice, error);
        html.send(ctx, status, "posts.jte", Map.of("page", page, "v", v));
    }

    private void sendPost(Context ctx, Site site, Post post, PageContext page, int status, String title, String campaign,
                          String published, String targets, String error) {
        String href = base(site) + "/posts/" + post.id();
        var v = new ManageView.PostForm(links(site), Sheets.title(post), href, post.url(), href + "/edit", title, campaign,
                published, targets, error, href + "/delete");
        html.send(ctx, status, "post-edit.jte", Map.of("page", page, "v", v));
    }

    // ---------------------------------------------------------------- goals

    void goalForm(Context ctx, Site site, PageContext page) {
        Goal g = goal(ctx, site);
        sendGoal(ctx, site, g, page, 200, orEmpty(g.eventName()), orEmpty(g.pathPattern()), g.name(),
                g.valueMicros() == null ? "" : Money.format(g.valueMicros(), g.currency()), orEmpty(g.currency()), null);
    }

    void saveGoal(Context ctx, Site site, PageContext page) {
        Goal g = goal(ctx, site);
        String event = ViewParams.form(ctx, "event"), path = ViewParams.form(ctx, "path"), name = ViewParams.form(ctx, "name");
        String value = ViewParams.form(ctx, "value"), currency = ViewParams.form(ctx, "currency");
        try {
            apis.goals().edit(g, site, ViewParams.blankToNull(event), ViewParams.blankToNull(path), ViewParams.blankToNull(name),
                    ViewParams.jsonText(value), ViewParams.jsonText(currency));
        } catch (ApiError e) {
            sendGoal(ctx, site, g, page, e.status, event, path, name, value, currency, e.getMessage());
            return;
        }
        ctx.redirect(base(site) + "/setup#goals", HttpStatus.SEE_OTHER);
    }

    void deleteGoal(Context ctx, Site site) {
        stores.goals().delete(goal(ctx, site).id());
        ctx.redirect(base(site) + "/setup#goals", HttpStatus.SEE_OTHER);
    }

    private void sendGoal(Context ctx, Site site, Goal g, PageContext page, int status, String event, String path, String name,
                          String value, String currency, String error) {
        String href = base(site) + "/goals/" + g.id();
        var v = new ManageView.GoalForm(links(site), g.name(), href + "/edit", event, path, name, value, currency, error,
                href + "/delete");
        html.send(ctx, status, "goal-edit.jte", Map.of("page", page, "v", v));
    }

    /** The goal the URL's {@code id} names, if it is the site's. */
    private Goal goal(Context ctx, Site site) {
        long id = ViewParams.pathId(ctx, "goal");
        return stores.goals().byId(id).filter(g -> g.siteId() == site.id())
                .orElseThrow(() -> PageError.notFound("id: " + site.domain() + " has no goal " + id));
    }

    // ---------------------------------------------------------------- pieces

    static ManageView.SiteLinks links(Site site) {
        String base = base(site);
        return new ManageView.SiteLinks(site.name(), site.domain(), base, base + "/setup", base + "/posts", base + "/settings");
    }

    private static String base(Site site) {
        return "/sites/" + site.domain();
    }

    /** A text area's lines, blank ones left out: aliases and landing URLs are typed one a line. */
    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String count(Object n) {
        return n == null ? null : Format.count(((Number) n).longValue());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
