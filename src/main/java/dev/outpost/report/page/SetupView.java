package dev.outpost.report.page;

import java.util.List;

/**
 * A site's setup page: the snippet line, the WordPress plugin's steps, whether pageviews arrive, and
 * the forms that add posts and goals (with what was typed when one was refused).
 *
 * @param receiving the site has had at least one pageview
 * @param liveUrl   where the page's script asks whether the first pageview has come
 */
public record SetupView(String siteName, String domain, String dashboardHref, String snippet, String pixel, String serverUrl,
                        boolean receiving, String pageviews, String liveUrl, String postsAction, PostForm postForm,
                        String goalsAction, GoalForm goalForm, List<PostItem> posts, List<GoalItem> goals) {
    public record PostForm(String url, String target, String title, String error) {
        static final PostForm EMPTY = new PostForm("", "", "", null);
    }

    public record GoalForm(String event, String path, String name, String value, String currency, String error) {
        static final GoalForm EMPTY = new GoalForm("", "", "", "", "", null);
    }

    public record PostItem(String title, String network, String href, String trackedUrl) {}

    public record GoalItem(String name, String rule, String value) {}
}
