package dev.outpost.report.page;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.outpost.domain.Goal;
import dev.outpost.domain.Money;
import dev.outpost.domain.Post;
import dev.outpost.domain.Site;
import dev.outpost.goals.GoalsApi;
import dev.outpost.posts.PostsApi;
import dev.outpost.store.GoalStore;
import dev.outpost.store.LiveStore;
import dev.outpost.store.PostStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.PageContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /sites/{domain}/setup}: getting a site to count. The snippet line, the WordPress plugin, a
 * state that turns green with the first pageview ({@code live.json} lets the page's script notice
 * without a reload) and the forms for posts and goals, which go through the APIs' own checks.
 */
final class SetupPage {
    private final Html html;
    private final PostsApi postsApi;
    private final GoalsApi goalsApi;
    private final PostStore posts;
    private final GoalStore goals;
    private final LiveStore live;
    private final String baseUrl;
    private final Clock clock;

    SetupPage(Html html, PostsApi postsApi, GoalsApi goalsApi, PostStore posts, GoalStore goals, LiveStore live,
              String baseUrl, Clock clock) {
        this.html = html;
        this.postsApi = postsApi;
        this.goalsApi = goalsApi;
        this.posts = posts;
        this.goals = goals;
        this.live = live;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    void show(Context ctx, Site site, PageContext page) {
        send(ctx, site, page, 200, SetupView.PostForm.EMPTY, SetupView.GoalForm.EMPTY);
    }

    /** {@code GET /sites/{domain}/live.json}: {"pageviews_total":N,"realtime_visitors":N}. */
    void live(Context ctx, Site site) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pageviews_total", live.pageviewsTotal(site.id()));
        m.put("realtime_visitors", live.realtimeVisitors(site.id(), clock.millis()));
        ctx.header("Cache-Control", "no-store");
        ctx.json(m);
    }

    /** {@code POST /sites/{domain}/posts}: url, target, title, as {@code POST /api/v1/posts} takes them. */
    void addPost(Context ctx, Site site, PageContext page) {
        SetupView.PostForm typed = new SetupView.PostForm(text(ctx, "url"), text(ctx, "target"), text(ctx, "title"), null);
        Post post;
        try {
            post = postsApi.add(new PostsApi.NewPost(site.domain(), typed.url(), typed.target().isBlank() ? List.of()
                    : List.of(typed.target()), typed.title(), null, null, null));
        } catch (ApiError e) {
            send(ctx, site, page, e.status, new SetupView.PostForm(typed.url(), typed.target(), typed.title(), e.getMessage()),
                    SetupView.GoalForm.EMPTY);
            return;
        }
        ctx.redirect("/sites/" + site.domain() + "/posts/" + post.id(), HttpStatus.SEE_OTHER);
    }

    /** {@code POST /sites/{domain}/goals}: event or path, name, value and currency, as {@code POST /api/v1/goals} takes them. */
    void addGoal(Context ctx, Site site, PageContext page) {
        SetupView.GoalForm typed = new SetupView.GoalForm(text(ctx, "event"), text(ctx, "path"), text(ctx, "name"),
                text(ctx, "value"), text(ctx, "currency"), null);
        try {
            goalsApi.add(site, blankToNull(typed.event()), blankToNull(typed.path()), blankToNull(typed.name()),
                    typed.value().isBlank() ? null : TextNode.valueOf(typed.value()),
                    typed.currency().isBlank() ? null : TextNode.valueOf(typed.currency()));
        } catch (ApiError e) {
            send(ctx, site, page, e.status, SetupView.PostForm.EMPTY, new SetupView.GoalForm(typed.event(), typed.path(),
                    typed.name(), typed.value(), typed.currency(), e.getMessage()));
            return;
        }
        ctx.redirect("/sites/" + site.domain() + "/setup#goals", HttpStatus.SEE_OTHER);
    }

    private void send(Context ctx, Site site, PageContext page, int status, SetupView.PostForm postForm,
                      SetupView.GoalForm goalForm) {
        String base = "/sites/" + site.domain();
        List<SetupView.PostItem> postItems = new ArrayList<>();
        for (Post p : posts.bySite(site.id())) {
            postItems.add(new SetupView.PostItem(Sheets.title(p), p.network(), base + "/posts/" + p.id(), postsApi.trackedUrl(p)));
        }
        List<SetupView.GoalItem> goalItems = new ArrayList<>();
        for (Goal g : goals.list(site.id())) {
            goalItems.add(new SetupView.GoalItem(g.name(), g.isEventGoal() ? "event " + g.eventName() : "visit to " + g.pathPattern(),
                    g.valueMicros() == null ? null : Money.format(g.valueMicros(), g.currency()) + " " + g.currency()));
        }
        long pageviews = live.pageviewsTotal(site.id());
        String pixel = "<noscript><img src=\"" + baseUrl + "/api/event.gif?site=" + site.domain()
                + "\" alt=\"\" referrerpolicy=\"no-referrer-when-downgrade\"></noscript>";
        SetupView v = new SetupView(site.name(), site.domain(), base, site.snippet(baseUrl), pixel, baseUrl, pageviews > 0,
                Format.count(pageviews), base + "/live.json", base + "/posts", postForm, base + "/goals", goalForm,
                postItems, goalItems);
        html.send(ctx, status, "setup.jte", Map.of("page", page, "v", v));
    }

    private static String text(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
