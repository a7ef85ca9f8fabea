package dev.outpost.report.page;

import java.util.List;

/**
 * The pages that change what the API changes: a site's settings, its posts, one post's or goal's
 * form. Each form carries what was typed and, when it was refused, the API's own message.
 */
public final class ManageView {
    private ManageView() {}

    /** Where every management page sits: the site's name, its dashboard and its setup page. */
    public record SiteLinks(String siteName, String domain, String dashboardHref, String setupHref, String postsHref,
                            String settingsHref) {}

    /** {@code /sites/{domain}/settings}: aliases one a line; {@code deleteAction} removes the site. */
    public record SiteForm(SiteLinks site, String action, String name, String timezone, String aliases, String error,
                           String deleteAction) {}

    /** {@code /sites/{domain}/posts}: newest published first; {@code notice} says how the last refresh went. */
    public record PostsList(SiteLinks site, List<PostRow> posts, String notice, String error) {}

    /**
     * One post in the list. Counts are null until known; {@code refreshAction} is null for a post whose network
     * has no open API (its counts are entered by hand on the post's page).
     */
    public record PostRow(long id, String title, String href, String network, String published, String campaign,
                          String visits, String comments, String shares, String likes, String fetched, String fetchError,
                          String refreshAction, String editHref, String deleteAction) {}

    /** {@code /sites/{domain}/posts/{id}/edit}: targets one a line; published as the API takes it. */
    public record PostForm(SiteLinks site, String postTitle, String postHref, String postUrl, String action, String title,
                           String campaign, String publishedAt, String targets, String error, String deleteAction) {}

    /** {@code /sites/{domain}/goals/{id}/edit}: an event or a path, as the setup page's form takes them. */
    public record GoalForm(SiteLinks site, String goalName, String action, String event, String path, String name,
                           String value, String currency, String error, String deleteAction) {}
}
