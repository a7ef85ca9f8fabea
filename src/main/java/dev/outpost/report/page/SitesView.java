package dev.outpost.report.page;

import java.util.List;

/**
 * The list of sites ({@code GET /}) and the form that adds one.
 *
 * @param error  why the last attempt to add a site failed; null when there was none
 * @param domain the form's values as typed, so a refused form keeps them
 */
public record SitesView(List<SiteRow> sites, String error, String domain, String timezone) {
    public record SiteRow(String name, String domain, String href, String setupHref, String visitorsToday) {}
}
