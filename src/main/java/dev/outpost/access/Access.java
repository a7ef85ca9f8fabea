package dev.outpost.access;

import dev.outpost.config.TrustedProxies;
import dev.outpost.domain.Site;
import dev.outpost.store.AccessStore;
import dev.outpost.web.Gate;
import dev.outpost.web.PageContext;
import dev.outpost.web.Pages;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.RedirectResponse;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is looking at a page: sign-in sessions in an HttpOnly cookie, the CSRF check on every form,
 * and the {@link Gate} page handlers ask first. A session cookie is 32 random bytes; the database
 * keeps only its SHA-256, with the session's CSRF token and expiry.
 */
public final class Access implements Gate {
    public static final String SESSION_COOKIE = "outpost_session";
    /** The pre-login forms' double-submit token: the cookie and the form field must match. */
    public static final String CSRF_COOKIE = "outpost_csrf";
    public static final Duration SESSION_LIFETIME = Duration.ofDays(30);
    /** Forms shown before anyone is signed in; they carry the double-submit token instead of a session's. */
    private static final Set<String> PRE_LOGIN_FORMS = Set.of("/setup", "/login");
    private static final String VIEWER = "outpost.viewer";

    private final AccessStore store;
    private final ShareLinks shares;
    private final Pages pages;
    private final TrustedProxies proxies;
    private final boolean httpsBaseUrl;
    private final Clock clock;
    /** Once a user exists one always does, so this only ever turns true. */
    private volatile boolean claimed;

    public Access(AccessStore store, ShareLinks shares, Pages pages, TrustedProxies proxies, String baseUrl, Clock clock) {
        this.store = store;
        this.shares = shares;
        this.pages = pages;
        this.proxies = proxies;
        this.httpsBaseUrl = baseUrl.startsWith("https://");
        this.clock = clock;
    }

    /** A signed-in user on this request. */
    public record Viewer(long userId, String email, String csrf) {}

    /** True once the first admin has been set up (asks the database until then: another node may have done it). */
    public boolean hasUser() {
        if (!claimed && store.hasUser()) claimed = true;
        return claimed;
    }

    @Override
    public PageContext require(Context ctx) {
        if (!hasUser()) throw redirect(ctx, "/setup");
        Viewer v = viewer(ctx).orElseThrow(() -> {
            String here = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            return redirect(ctx, "/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
        });
        return new PageContext(v.email(), v.csrf(), false);
    }

    /** The signed-in user, looked up once per request. */
    public Optional<Viewer> viewer(Context ctx) {
        Optional<Viewer> cached = ctx.attribute(VIEWER);
        if (cached != null) return cached;
        String token = ctx.cookie(SESSION_COOKIE);
        Optional<Viewer> v = token == null || token.length() > 100 ? Optional.empty()
                : store.session(Secrets.sha256Hex(token), clock.millis()).map(s -> new Viewer(s.userId(), s.email(), s.csrf()));
        ctx.attribute(VIEWER, v);
        return v;
    }

    /** Starts a session for the user and sets its cookie. */
    public void signIn(Context ctx, long userId, String email) {
        String token = Secrets.token(), csrf = Secrets.token();
        long now = clock.millis();
        store.createSession(Secrets.sha256Hex(token), userId, csrf, now, now + SESSION_LIFETIME.toMillis());
        ctx.cookie(cookie(ctx, SESSION_COOKIE, token, (int) SESSION_LIFETIME.toSeconds(), SameSite.LAX));
        ctx.attribute(VIEWER, Optional.of(new Viewer(userId, email, csrf)));
    }

    /** Ends this request's session, in the database and in the browser. */
    public void signOut(Context ctx) {
        String token = ctx.cookie(SESSION_COOKIE);
        if (token != null) store.deleteSession(Secrets.sha256Hex(token));
        ctx.cookie(cookie(ctx, SESSION_COOKIE, "", 0, SameSite.LAX));
        ctx.attribute(VIEWER, Optional.empty());
    }

    /**
     * The double-submit token for a pre-login form: the one in the browser's cookie, or a new one
     * set now. SameSite=Strict: another site's form post never carries it.
     */
    public String preLoginCsrf(Context ctx) {
        String t = ctx.cookie(CSRF_COOKIE);
        if (t != null && t.length() >= 32 && t.length() <= 100) return t;
        t = Secrets.token();
        ctx.cookie(cookie(ctx, CSRF_COOKIE, t, -1, SameSite.STRICT));
        return t;
    }

    /**
     * The before-filter for every HTML form: a POST outside /api/ must carry a {@code csrf} field equal
     * to the session's token (or, on the setup and login forms, to the {@code outpost_csrf} cookie).
     * Otherwise the form came from elsewhere or is stale: 403 and a page saying to reload.
     */
    public void checkCsrf(Context ctx) {
        if (!ctx.method().equals(HandlerType.POST) || ctx.path().startsWith("/api/")) return;
        String given = ctx.formParam("csrf");
        if (given != null && !given.isEmpty()) {
            Optional<Viewer> v = viewer(ctx);
            if (v.isPresent() && Secrets.same(given, v.get().csrf())) return;
            if (PRE_LOGIN_FORMS.contains(ctx.path()) && Secrets.same(given, ctx.cookie(CSRF_COOKIE))) return;
        }
        message(ctx, 403, "Form expired", "This form has expired or did not come from this server. "
                + "Reload the page and try again.");
        ctx.skipRemainingHandlers();
    }

    /** The site a live shared link shows (unknown or revoked: empty). */
    @Override
    public Optional<Site> sharedSite(String token) {
        return shares.site(token);
    }

    /** A short HTML page with a title and one message, e.g. a refusal. */
    public void message(Context ctx, int status, String title, String message) {
        ctx.status(status);
        pages.send(ctx, "access/message.jte", Map.of("title", title, "message", message,
                "page", viewer(ctx).map(v -> new PageContext(v.email(), v.csrf(), false)).orElse(PageContext.ANONYMOUS)));
    }

    /**
     * Whether the browser reached us over https: directly (Jetty's scheme), through a trusted proxy
     * that says so, or because the public URL is https (a proxy we were not told about).
     */
    public boolean secure(Context ctx) {
        if (httpsBaseUrl || "https".equalsIgnoreCase(ctx.scheme())) return true;
        String proto = ctx.header("X-Forwarded-Proto");
        return proto != null && proxies.trusts(ctx.req().getRemoteAddr())
                && "https".equalsIgnoreCase(proto.split(",")[0].trim());
    }

    /** The client's address, believing X-Forwarded-For only from trusted proxies (as the beacon endpoint does). */
    public String clientIp(Context ctx) {
        return proxies.clientIp(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    /** Sends the browser elsewhere (303) and ends the handler: throw what this returns. */
    public static RedirectResponse redirect(Context ctx, String location) {
        ctx.redirect(location, HttpStatus.SEE_OTHER);
        return new RedirectResponse(HttpStatus.SEE_OTHER, "see " + location);
    }

    private Cookie cookie(Context ctx, String name, String value, int maxAgeSeconds, SameSite sameSite) {
        return new Cookie(name, value, "/", maxAgeSeconds, secure(ctx), true, null, sameSite);
    }
}
