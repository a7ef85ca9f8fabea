package dev.outpost.report.page;

import dev.outpost.domain.Goal;
import dev.outpost.domain.Money;
import dev.outpost.domain.Post;
import dev.outpost.domain.Site;
import dev.outpost.goals.GoalsApi;
import dev.outpost.ingest.RecentBeacons;
import dev.outpost.posts.PostsApi;
import dev.outpost.store.GoalStore;
import dev.outpost.store.LiveStore;
import dev.outpost.store.PostStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.PageContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /sites/{domain}/setup}: getting a site to count. The snippet line, the WordPress plugin, a
 * state that turns green with the first pageview ({@code live.json} lets the page's script notice
 * without a reload) and the forms for posts and goals, which go through the APIs' own checks.
 */
final class SetupPage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH);
    private final Html html;
    private final PostsApi postsApi;
    private final GoalsApi goalsApi;
    private final PostStore posts;
    private final GoalStore goals;
    private final LiveStore live;
    private final RecentBeacons recent;
    private final String baseUrl;
    private final Clock clock;

    SetupPage(Html html, PostsApi postsApi, GoalsApi goalsApi, PostStore posts, GoalStore goals, LiveStore live,
              RecentBeacons recent, String baseUrl, Clock clock) {
        this.html = html;
        this.postsApi = postsApi;
        this.goalsApi = goalsApi;
        this.posts = posts;
        this.goals = goals;
        this.live = live;
        this.recent = recent;
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

    /**
     * {@code GET /sites/{domain}/recent.json}: what this server did with the site's beacons in the last minutes, as
     * the setup page shows it: {"minutes":10,"counts":{"counted":N,"foreign_host":N,...},"summary":"...","items":[...]}.
     */
    void recent(Context ctx, Site site) {
        SetupView.Recent r = recentView(site);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minutes", r.minutes());
        m.put("counts", r.counts());
        m.put("summary", r.summary());
        m.put("items", r.items());
        ctx.header("Cache-Control", "no-store");
        ctx.json(m);
    }

    /** Each outcome in the owner's words: what happened and what to do about it. */
    static String why(String outcome, Site site) {
        return switch (outcome) {
            case RecentBeacons.COUNTED -> "counted";
            case RecentBeacons.FOREIGN_HOST -> "the page's host is not " + site.domain()
                    + " or one of its aliases; if the page is yours (a test copy on localhost, say), add its host as an alias"
                    + " in the site's settings";
            case "no_user_agent" -> "no User-Agent header, which every browser sends";
            case "bot_user_agent" -> "a crawler, monitor or HTTP library, by its User-Agent";
            case "prefetch" -> "the browser only prefetched the page; nobody has seen it yet";
            case "webdriver" -> "an automated browser (navigator.webdriver is set)";
            case "unstorable" -> "the database refused to store it";
            default -> outcome.replace('_', ' ');
        };
    }

    private SetupView.Recent recentView(Site site) {
        long now = clock.millis();
        RecentBeacons.Window w = recent.window(site.id(), now);
        ZoneId zone = ZoneId.of(site.timezone());
        List<SetupView.RecentItem> items = new ArrayList<>();
        for (RecentBeacons.Entry e : w.latest()) {
            String label = RecentBeacons.COUNTED.equals(e.outcome()) ? "Counted"
                    : RecentBeacons.FOREIGN_HOST.equals(e.outcome()) ? "Refused" : "Dropped";
            String page = (e.host() == null ? "" : e.host()) + (e.path() == null ? "" : e.path());
            items.add(new SetupView.RecentItem(TIME.format(Instant.ofEpochMilli(e.ts()).atZone(zone)), e.outcome(), label,
                    e.name() + " of " + ViewParams.shown(page), why(e.outcome(), site)));
        }
        List<String> parts = new ArrayList<>();
        w.counts().forEach((outcome, n) -> {
            if (n == 0) return;
            parts.add(Format.count(n) + (RecentBeacons.COUNTED.equals(outcome) ? " counted"
                    : (RecentBeacons.FOREIGN_HOST.equals(outcome) ? " refused (" : " dropped (") + outcome.replace('_', ' ') + ")"));
        });
        String summary = parts.isEmpty() ? "Nothing has arrived in the last " + RecentBeacons.MINUTES + " minutes."
                : String.join(" · ", parts);
        return new SetupView.Recent(RecentBeacons.MINUTES, w.counts(), summary, items);
    }

    /** {@code POST /sites/{domain}/posts}: url, target, title, as {@code POST /api/v1/posts} takes them. */
    void addPost(Context ctx, Site site, PageContext page) {
        SetupView.PostForm typed = new SetupView.PostForm(ViewParams.form(ctx, "url"), ViewParams.form(ctx, "target"), ViewParams.form(ctx, "title"), null);
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
        SetupView.GoalForm typed = new SetupView.GoalForm(ViewParams.form(ctx, "event"), ViewParams.form(ctx, "path"), ViewParams.form(ctx, "name"),
                ViewParams.form(ctx, "value"), ViewParams.form(ctx, "currency"), null);
        try {
            goalsApi.add(site, ViewParams.blankToNull(typed.event()), ViewParams.blankToNull(typed.path()), ViewParams.blankToNull(typed.name()),
                    ViewParams.jsonText(typed.value()),
                    ViewParams.jsonText(typed.currency()));
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
            goalItems.add(new SetupView.GoalItem(g.name(), base + "/goals/" + g.id() + "/edit", g.isEventGoal() ? "event " + g.eventName() : "visit to " + g.pathPattern(),
                    g.valueMicros() == null ? null : Money.format(g.valueMicros(), g.currency()) + " " + g.currency()));
        }
        long pageviews = live.pageviewsTotal(site.id());
        String pixel = "<noscript><img src=\"" + baseUrl + "/api/event.gif?site=" + site.domain()
                + "\" alt=\"\" referrerpolicy=\"no-referrer-when-downgrade\"></noscript>";
        SetupView v = new SetupView(site.name(), site.domain(), base, site.snippet(baseUrl), pixel, baseUrl, pageviews > 0,
                Format.count(pageviews), base + "/live.json", base + "/recent.json", recentView(site), ManagePages.links(site),
                base + "/posts", postForm, base + "/goals", goalForm, postItems, goalItems);
        html.send(ctx, status, "setup.jte", Map.of("page", page, "v", v));
    }
}
