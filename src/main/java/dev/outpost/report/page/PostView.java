package dev.outpost.report.page;

import java.util.List;

/**
 * A post's page: the post, its tracked link, what it brought (visits by hour after publication,
 * landing pages, conversions and revenue) and its engagement on the network, with the form that
 * enters counts by hand.
 *
 * @param dashboardFilteredHref the dashboard narrowed to this post, since it was published
 * @param warning               why the post may not be matched well (an unknown network); null when fine
 */
public record PostView(String siteName, String dashboardHref, String dashboardFilteredHref, String title, String network,
                       String url, String trackedUrl, String published, String campaign, List<String> targets,
                       String warning, String rangeLabel, List<Fact> facts, String selfHref, List<DashboardView.Option> models,
                       BarsView hours, String hoursNote, String hoursCsvHref, TableView landing, EngagementView engagement,
                       EngagementForm form) {
    /** A headline figure; {@code sub} keeps exact and inferred credit apart. */
    public record Fact(String label, String value, String title, String sub) {}

    /**
     * Counts (a dash when the network does not tell), the ratios, and where fetching stands.
     *
     * @param error     the last failed fetch's error; null when the last one worked
     * @param nextFetch when the schedule tries next (the retry after an error); null when it will not
     */
    public record EngagementView(String comments, String shares, String likes, String visitsPer100, String conversionsPer100,
                                 String readAt, String source, String error, String nextFetch, boolean deleted,
                                 boolean fetchable, boolean known) {}

    /** The hand-entry form, with what was typed when it was refused. */
    public record EngagementForm(String action, String comments, String shares, String likes, String error) {}
}
