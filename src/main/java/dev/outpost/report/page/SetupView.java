package dev.outpost.report.page;

import java.util.List;
import java.util.Map;

/**
 * A site's setup page: the snippet line, the WordPress plugin's steps, whether pageviews arrive, and
 * the forms that add posts and goals (with what was typed when one was refused).
 *
 * @param receiving the site has had at least one pageview
 * @param liveUrl   where the page's script asks whether the first pageview has come
 * @param recentUrl where it asks, every few seconds, what arrived and what was dropped
 */
public record SetupView(String siteName, String domain, String dashboardHref, String snippet, String pixel, String serverUrl,
                        boolean receiving, String pageviews, String liveUrl, String recentUrl, Recent recent,
                        ManageView.SiteLinks links, String postsAction, PostForm postForm,
                        String goalsAction, GoalForm goalForm, List<PostItem> posts, List<GoalItem> goals) {
    public record PostForm(String url, String target, String title, String error) {
        static final PostForm EMPTY = new PostForm("", "", "", null);
    }

    public record GoalForm(String event, String path, String name, String value, String currency, String error) {
        static final GoalForm EMPTY = new GoalForm("", "", "", "", "", null);
    }

    public record PostItem(String title, String network, String href, String trackedUrl) {}

    public record GoalItem(String name, String editHref, String rule, String value) {}

    /** The last minutes' beacons: counts by outcome (counted, foreign_host, the drop reasons), a summary line, the latest few. */
    public record Recent(int minutes, Map<String, Long> counts, String summary, List<RecentItem> items) {}

    /** One beacon: its time in the site's zone, outcome key, "Counted"/"Dropped"/"Refused", event and page, and why. */
    public record RecentItem(String time, String outcome, String label, String what, String why) {}
}
