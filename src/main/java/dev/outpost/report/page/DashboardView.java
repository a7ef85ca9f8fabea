package dev.outpost.report.page;

import java.util.List;

/**
 * Everything the dashboard template shows, formatted. Owner-only parts (links to setup and post
 * pages, the live count's polling URL) are null on a shared view.
 *
 * @param modelFormFields the view's other parameters as hidden fields of the model form (the range form has its own)
 * @param waiting  the site has never had a pageview: tell the owner to paste the snippet
 * @param liveUrl  where the page's script refreshes the realtime count; null: no refresh
 */
public record DashboardView(String siteName, String domain, String base, boolean shared, String rangeLabel, String timezone,
                     List<Link> periods, Custom custom, List<Option> models, List<Field> modelFormFields, List<Field> rangeFormFields,
                     List<Chip> chips, String clearHref, List<Total> totals, String revenueNote, ChartView chart,
                     String chartCsvHref, String realtime, String liveUrl, boolean waiting, String setupHref,
                     List<TableView> tables) {
    public record Link(String label, String href, boolean active) {}

    /** The custom range form's days, and whether the view is a custom range. */
    public record Custom(String from, String to, boolean active) {}

    public record Option(String value, String label, boolean selected) {}

    public record Field(String name, String value) {}

    /** An active filter and the link that drops it. */
    public record Chip(String label, String removeHref) {}

    /**
     * A headline figure with its change against the previous period.
     *
     * @param changeClass "up good", "down bad", "flat", "new" or "" (no change to show)
     * @param previous    "previous period: 1.2k"
     */
    public record Total(String key, String label, String help, String value, String exact, String change, String changeClass, String previous) {}
}
