package dev.outpost.posts;

import dev.outpost.attribution.PostMatcher;
import dev.outpost.config.TrustedProxies;
import dev.outpost.domain.Post;
import dev.outpost.domain.Slugs;
import dev.outpost.ingest.UserAgents;
import dev.outpost.ingest.VisitorIds;
import dev.outpost.site.Domains;
import dev.outpost.store.PostStore;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /go/{slug}}: a post's tracked link. Counts the click (people only: no bots, link-preview
 * fetchers or prefetches) and redirects to the post's landing URL with {@code op_post=<slug>} added, so the
 * visit is credited to the post. Only registered landing URLs are ever redirect targets: nothing in the
 * request can name another. {@code HEAD} answers the same and counts nothing.
 */
public final class TrackedLinks {
    private static final Logger log = LoggerFactory.getLogger(TrackedLinks.class);
    private static final List<String> PURPOSE_HEADERS = List.of("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz");

    static final String NOT_FOUND_PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>Link not found</title>
            <style>body{font:17px/1.5 system-ui,sans-serif;max-width:34rem;margin:18vh auto;padding:0 1.2rem;color:#222}
            h1{font-size:1.4rem}p{color:#555}</style>
            </head>
            <body>
            <h1>This link doesn't lead anywhere (any more).</h1>
            <p>It may have been mistyped, or the post it belonged to has been removed. Sorry about that.</p>
            </body>
            </html>
            """;

    private final PostStore posts;
    private final VisitorIds visitorIds;
    private final UserAgents userAgents;
    private final TrustedProxies proxies;
    private final Clock clock;

    public TrackedLinks(PostStore posts, VisitorIds visitorIds, UserAgents userAgents, TrustedProxies proxies, Clock clock) {
        this.posts = posts;
        this.visitorIds = visitorIds;
        this.userAgents = userAgents;
        this.proxies = proxies;
        this.clock = clock;
    }

    /** {@code GET /go/{slug}[?to=N]}: count the click, then redirect. */
    public void follow(Context ctx) {
        redirect(ctx, true);
    }

    /** {@code HEAD /go/{slug}}: the same redirect, counted as nothing. */
    public void peek(Context ctx) {
        redirect(ctx, false);
    }

    private void redirect(Context ctx, boolean count) {
        // Every follow must reach us to be counted: no browser or proxy may answer from a cache.
        ctx.header("Cache-Control", "no-store");
        String slug = ctx.pathParam("slug").toLowerCase(Locale.ROOT);
        Optional<Post> found = Slugs.couldBeSlug(slug) ? posts.bySlug(slug) : Optional.empty();
        if (found.isEmpty() || found.get().targets().isEmpty()) {
            ctx.status(404).html(NOT_FOUND_PAGE);
            return;
        }
        Post post = found.get();
        Post.Target target = pick(post.targets(), ctx.queryParam("to"));
        if (count && byPerson(ctx)) record(ctx, post);
        ctx.header("X-Robots-Tag", "noindex");
        ctx.status(302).header("Location", location(target.url(), post.slug()));
    }

    /** {@code ?to=N} (0-based) picks a landing URL; anything else, or out of range, the first. */
    static Post.Target pick(List<Post.Target> targets, String to) {
        if (to != null && to.matches("\\d{1,4}")) {
            int i = Integer.parseInt(to);
            if (i < targets.size()) return targets.get(i);
        }
        return targets.get(0);
    }

    /** False for bots, link-preview fetchers, requests without a User-Agent, and prefetches. */
    private boolean byPerson(Context ctx) {
        String ua = ctx.header("User-Agent");
        if (ua == null || ua.isBlank()) return false;
        for (String h : PURPOSE_HEADERS) {
            String v = ctx.header(h);
            if (v != null) {
                String p = v.toLowerCase(Locale.ROOT);
                if (p.contains("prefetch") || p.contains("preview")) return false;
            }
        }
        return !userAgents.parse(ua).bot();
    }

    private void record(Context ctx, Post post) {
        try {
            long now = clock.millis();
            String ip = proxies.clientIp(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
            String visitor = visitorIds.daily(post.siteId(), ip, ctx.header("User-Agent"), now);
            String referrer = Domains.normalise(ctx.header("Referer"));
            posts.recordClick(post.id(), now, visitor, Domains.isValid(referrer) ? referrer : null);
        } catch (RuntimeException e) {
            // The person still gets where they were going; only the count misses one.
            log.warn("could not record a click on /go/{}: {}", post.slug(), e.toString());
        }
    }

    /** The landing URL with op_post=slug in its query (any op_post already there replaced), fragment kept. */
    static String location(String targetUrl, String slug) {
        URI u = URI.create(targetUrl);
        StringBuilder q = new StringBuilder();
        String raw = u.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty() || PostMatcher.TRACKED_PARAM.equals(name(pair))) continue;
                q.append(pair).append('&');
            }
        }
        q.append(PostMatcher.TRACKED_PARAM).append('=').append(slug);
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        String out = u.getScheme() + "://" + u.getRawAuthority() + path + "?" + q
                + (u.getRawFragment() == null ? "" : "#" + u.getRawFragment());
        // Non-ASCII characters a URL may hold are percent-encoded for the Location header.
        return URI.create(out).toASCIIString();
    }

    private static String name(String pair) {
        int eq = pair.indexOf('=');
        String n = eq < 0 ? pair : pair.substring(0, eq);
        try {
            return URLDecoder.decode(n, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return n;
        }
    }
}
