package dev.outpost.access;

import dev.outpost.domain.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.AccessStore;
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

    public ShareLinks(AccessStore store, SiteRegistry sites, String baseUrl, Clock clock) {
        this.store = store;
        this.sites = sites;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** A new link and its full URL, which exists only here: show it once. */
    public record Created(AccessStore.ShareLink link, String url) {}

    public Created create(String siteDomain) {
        Site site = SitesApi.named(sites, siteDomain, "");
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
}
