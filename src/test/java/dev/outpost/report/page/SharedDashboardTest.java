package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.domain.Site;
import dev.outpost.report.Attribution;
import dev.outpost.report.query.QueryApi;
import dev.outpost.report.query.QueryEngine;
import dev.outpost.site.SiteRegistry;
import dev.outpost.store.ConversionStore;
import dev.outpost.store.Database;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.GoalStore;
import dev.outpost.store.LiveStore;
import dev.outpost.store.PostStore;
import dev.outpost.store.QueryStore;
import dev.outpost.store.SiteStore;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import dev.outpost.web.PageContext;
import dev.outpost.web.Pages;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard as a shared read-only link shows it: {@link DashboardPage} built from the real
 * stores on the test server's database, rendered for a viewer whose {@link PageContext} is shared
 * and with {@code /share/{token}} as the base every link starts from.
 */
class SharedDashboardTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T09:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    static final String SITE = "shared.example";
    static final String BASE = "/share/t0k3n";
    static final PageContext VIEWER = new PageContext(null, "", true);
    static Database db;
    static DashboardPage dashboard;
    static Site site;

    @BeforeAll
    static void data() {
        Seed seed = new Seed(outpost, CLOCK, SITE);
        seed.site("UTC");
        seed.admin("POST", "/api/v1/posts", "{\"site\":\"" + SITE + "\",\"title\":\"Launch\",\"url\":\"https://www.reddit.com/r/a/comments/s1h2r3/x/\","
                + "\"target\":\"https://" + SITE + "/launch\",\"published_at\":\"2026-11-20T08:00:00Z\"}");
        seed.pageview("alice0001", TestOutpost.CHROME, "/launch", "https://www.reddit.com/");
        seed.stored();

        db = Database.open(outpost.jdbcUrl());
        SiteRegistry sites = new SiteRegistry(new SiteStore(db));
        GoalStore goals = new GoalStore(db);
        EngagementStore engagement = new EngagementStore(db);
        QueryApi api = new QueryApi(sites, new QueryEngine(new QueryStore(db), new Attribution(goals, new ConversionStore(db))),
                engagement, CLOCK);
        Reports reports = new Reports(api);
        LiveStore live = new LiveStore(db);
        PostStore posts = new PostStore(db);
        dashboard = new DashboardPage(new Html(new Pages()), reports, new Sheets(reports, posts, engagement), live, posts, CLOCK);
        site = sites.find(SITE).orElseThrow();
    }

    @AfterAll
    static void close() {
        if (db != null) db.close();
    }

    static Document render(Map<String, List<String>> query) {
        DashboardView v = dashboard.view(query, site, VIEWER, BASE);
        return Jsoup.parse(new Pages().render("dashboard.jte", Map.of("page", VIEWER, "v", v)), "http://127.0.0.1" + BASE);
    }

    @Test
    void everyLinkStaysUnderTheShareAndNoOwnerPageIsNamed() {
        Document d = render(Map.of("period", List.of("7d"), "f", List.of("visit:channel:is:social")));
        assertThat(d.selectFirst("#total-visitors .value").text()).isEqualTo("1");
        assertThat(d.select("a[href]").eachAttr("href")).isNotEmpty()
                .allMatch(href -> href.startsWith(BASE + "?") || href.startsWith(BASE + "/export/") || href.equals(BASE) || href.equals("/"),
                        "a link under " + BASE);
        assertThat(d.select("a.csv").eachAttr("href")).contains(BASE + "/export/channels.csv?period=7d&f=visit%3Achannel%3Ais%3Asocial");
        assertThat(d.select("form").eachAttr("action")).containsOnly(BASE);
        assertThat(d.select("form").eachAttr("method")).containsOnly("get");
        assertThat(d.html()).doesNotContain("/sites/", "csrf", "/setup", "live.json", "Sign out");
        assertThat(d.select("#posts a.details")).isEmpty();
        assertThat(d.select(".realtime[data-live-url]")).isEmpty();
    }

    @Test
    void aSharedViewOfASiteWithoutPageviewsPointsNowhere() {
        Seed other = new Seed(outpost, CLOCK, "quiet-shared.example");
        other.site("UTC");
        Site quiet = new SiteRegistry(new SiteStore(db)).find("quiet-shared.example").orElseThrow();
        DashboardView v = dashboard.view(Map.of(), quiet, VIEWER, BASE);
        Document d = Jsoup.parse(new Pages().render("dashboard.jte", Map.of("page", VIEWER, "v", v)));
        assertThat(d.selectFirst(".notice.waiting").text()).isEqualTo("No pageviews yet. Figures appear here as soon as the site's first visits arrive.");
        assertThat(d.select(".notice.waiting a")).isEmpty();
    }
}
