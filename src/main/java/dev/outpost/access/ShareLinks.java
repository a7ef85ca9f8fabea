package dev.outpost.access;

import dev.outpost.site.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.store.AccessStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.PageContext;
import dev.outpost.web.Pages;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Secret, revocable read-only links to one site's dashboard: {@code {OUTPOST_BASE_URL}/share/{token}}.
 * The token is shown once when the link is made; the database keeps its SHA-256 and its first
 * characters (to tell links apart in the list).
 */
public final class ShareLinks {
    /** What {@link Secrets#token()} makes; anything else is not worth a database lookup. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    static final int PREFIX = 8;

    private final AccessStore store;
    private final SiteRegistry sites;
    private final String baseUrl;
    private final Clock clock;
    private final Pages pages;
    private final SharedDashboard dashboard;

    public ShareLinks(AccessStore store, SiteRegistry sites, String baseUrl, Clock clock, Pages pages, SharedDashboard dashboard) {
        this.store = store;
        this.sites = sites;
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.pages = pages;
        this.dashboard = dashboard;
    }

    /** A new link and its full URL, which exists only here: show it once. */
    public record Created(AccessStore.ShareLink link, String url) {}

    public Created create(String siteDomain) {
        if (siteDomain == null || siteDomain.isBlank()) throw ApiError.badRequest("site: is required");
        Site site = sites.find(siteDomain).orElseThrow(() -> ApiError.notFound("site: no site '" + siteDomain + "'"));
        String token = Secrets.token();
        AccessStore.ShareLink link = store.createShare(site.id(), site.domain(), token.substring(0, PREFIX),
                Secrets.sha256Hex(token), clock.millis());
        return new Created(link, baseUrl + "/share/" + token);
    }

    public List<AccessStore.ShareLink> list() {
        return store.shares();
    }

    /** False when there is no such link or it was revoked before. */
    public boolean revoke(long id) {
        return store.revokeShare(id, clock.millis());
    }

    /** The site a live link shows; empty for a malformed, unknown or revoked token. */
    public Optional<Site> site(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) return Optional.empty();
        return store.sharedSite(Secrets.sha256Hex(token)).flatMap(sites::find);
    }

    /** {@code GET /share/{token}}: the site's dashboard, read-only, without sign-in; 404 for a dead link. */
    public void view(Context ctx) {
        String token = ctx.pathParam("token");
        Optional<Site> site = site(token);
        // The token is the whole secret: keep the page out of search engines (Pages keeps it out of Referer headers).
        ctx.header("X-Robots-Tag", "noindex, nofollow");
        if (site.isEmpty()) {
            ctx.status(404);
            pages.send(ctx, "access/message.jte", Map.of("title", "Link not found",
                    "message", "This shared dashboard link does not exist or was revoked. Ask its owner for a new one.",
                    "page", PageContext.ANONYMOUS));
            return;
        }
        dashboard.render(ctx, site.get(), new PageContext(null, "", true), "/share/" + token);
    }

    /**
     * Until the report pages' dashboard is wired in ({@code DashboardPage::render}), a live link shows
     * which site it is for.
     */
    public static SharedDashboard placeholder(Pages pages) {
        return (ctx, site, page, base) -> pages.send(ctx, "access/message.jte", Map.of("title", site.name(),
                "message", "Shared dashboard of " + site.domain() + ".", "page", page));
    }
}
