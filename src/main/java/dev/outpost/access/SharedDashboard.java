package dev.outpost.access;

import dev.outpost.site.Site;
import dev.outpost.web.PageContext;
import io.javalin.http.Context;

/**
 * Renders a site's dashboard for {@code GET /share/{token}}: the report pages'
 * {@code DashboardPage::render}, given a read-only {@link PageContext} ({@code shared()} is true) and
 * {@code base = /share/{token}} as the prefix of links within the dashboard.
 */
@FunctionalInterface
public interface SharedDashboard {
    void render(Context ctx, Site site, PageContext page, String base);
}
