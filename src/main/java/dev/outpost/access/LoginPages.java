package dev.outpost.access;

import dev.outpost.domain.Site;
import dev.outpost.site.SitesApi;
import dev.outpost.store.AccessStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.PageContext;
import dev.outpost.web.Pages;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pages before anyone is signed in: {@code /setup} (the first admin and the first site, once per
 * server), {@code /login} and {@code POST /logout}. A refused form is shown again with the
 * reason and a 4xx status.
 */
public final class LoginPages {
    static final String WRONG = "Wrong email or password.";
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/")).sorted().toList();

    private final Access access;
    private final AccessStore store;
    private final SitesApi sites;
    private final LoginLimiter limiter;
    private final Pages pages;
    private final Clock clock;

    public LoginPages(Access access, AccessStore store, SitesApi sites, LoginLimiter limiter, Pages pages, Clock clock) {
        this.access = access;
        this.store = store;
        this.sites = sites;
        this.limiter = limiter;
        this.pages = pages;
        this.clock = clock;
    }

    /** {@code GET /setup}: the form while the server has no admin; afterwards, sign-in. */
    public void setupForm(Context ctx) {
        if (access.hasUser()) throw Access.redirect(ctx, "/login");
        showSetup(ctx, 200, null, "", "", "UTC");
    }

    /** {@code POST /setup}: the admin and the first site together, or neither. */
    public void setup(Context ctx) {
        if (access.hasUser()) throw Access.redirect(ctx, "/login");
        String email = Emails.normalise(ctx.formParam("email"));
        String password = ctx.formParam("password");
        String domain = trim(ctx.formParam("site"));
        String tz = trim(ctx.formParam("timezone"));
        String problem = Emails.problem(email);
        if (problem == null) problem = Passwords.problem(password);
        SitesApi.NewSite site = null;
        if (problem == null) {
            try {
                site = SitesApi.validate(new SitesApi.NewSite(domain, null, tz, List.of()));
            } catch (ApiError e) {
                problem = siteField(e.getMessage());
            }
        }
        if (problem != null) {
            showSetup(ctx, 400, problem, email, domain, tz);
            return;
        }
        SitesApi.NewSite checked = site;
        AtomicReference<Site> created = new AtomicReference<>();
        long userId;
        try {
            userId = store.claim(email, Passwords.hash(password), clock.millis(), () -> created.set(sites.add(checked)));
        } catch (AccessStore.AlreadyClaimed e) {
            throw Access.redirect(ctx, "/login");
        } catch (ApiError e) {
            showSetup(ctx, e.status, siteField(e.getMessage()), email, domain, tz);
            return;
        }
        access.hasUser();
        access.signIn(ctx, userId, email);
        throw Access.redirect(ctx, "/sites/" + created.get().domain() + "/setup");
    }

    /** {@code GET /login}: the form; a signed-in user goes straight on. */
    public void loginForm(Context ctx) {
        if (!access.hasUser()) throw Access.redirect(ctx, "/setup");
        String next = safeNext(ctx.queryParam("next"));
        if (access.viewer(ctx).isPresent()) throw Access.redirect(ctx, next);
        showLogin(ctx, 200, null, "", next);
    }

    /** {@code POST /login}: each attempt is counted against its address and email before its password is checked. */
    public void login(Context ctx) {
        if (!access.hasUser()) throw Access.redirect(ctx, "/setup");
        String email = Emails.normalise(ctx.formParam("email"));
        String password = ctx.formParam("password");
        String next = safeNext(ctx.formParam("next"));
        if (email.isEmpty() || password == null || password.isEmpty()) {
            showLogin(ctx, 400, email.isEmpty() ? "email: is required" : "password: is required", email, next);
            return;
        }
        if (email.length() > Emails.MAX_LENGTH) email = email.substring(0, Emails.MAX_LENGTH);
        String ip = access.clientIp(ctx);
        Optional<Duration> wait = limiter.attempt(ip, email);
        if (wait.isPresent()) {
            long minutes = Math.max(1, (wait.get().toSeconds() + 59) / 60);
            ctx.header("Retry-After", String.valueOf(Math.max(1, wait.get().toSeconds())));
            showLogin(ctx, 429, "Too many failed sign-ins. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes."),
                    email, next);
            return;
        }
        Optional<AccessStore.User> user = store.userByEmail(email);
        // One PBKDF2 run whether or not the account exists and whatever the password's length, so the
        // answer's timing does not tell which emails have an account.
        if (!Passwords.verify(password, user.map(AccessStore.User::passwordHash).orElse(null))) {
            showLogin(ctx, 401, WRONG, email, next);
            return;
        }
        limiter.succeeded(ip, email);
        if (Passwords.outdated(user.get().passwordHash())) store.rehash(user.get().id(), Passwords.hash(password));
        access.signIn(ctx, user.get().id(), user.get().email());
        throw Access.redirect(ctx, next);
    }

    /** {@code POST /logout} (its CSRF token checked by the filter like every form's). */
    public void logout(Context ctx) {
        access.signOut(ctx);
        throw Access.redirect(ctx, "/login");
    }

    /** Only a path on this server: "//evil.example" and "/\evil.example" would leave it. */
    static String safeNext(String next) {
        if (next == null || next.length() > 2000 || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') return "/";
        }
        return next;
    }

    private void showSetup(Context ctx, int status, String error, String email, String site, String tz) {
        Map<String, Object> p = new HashMap<>();
        p.put("page", new PageContext(null, access.preLoginCsrf(ctx), false));
        p.put("error", error);
        p.put("email", email);
        p.put("site", site);
        p.put("timezone", tz == null || tz.isEmpty() ? "UTC" : tz);
        p.put("zones", ZONES);
        ctx.status(status);
        pages.send(ctx, "access/setup.jte", p);
    }

    private void showLogin(Context ctx, int status, String error, String email, String next) {
        Map<String, Object> p = new HashMap<>();
        p.put("page", new PageContext(null, access.preLoginCsrf(ctx), false));
        p.put("error", error);
        p.put("email", email);
        p.put("next", next);
        ctx.status(status);
        pages.send(ctx, "access/login.jte", p);
    }

    /** The site rules speak of "domain"; on this form the field is called "site". */
    private static String siteField(String message) {
        return message.startsWith("domain:") ? "site:" + message.substring("domain:".length()) : message;
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }

    /** Emails are compared in lower case: one spelling of an address, one account. */
    static final class Emails {
        static final int MAX_LENGTH = 254;

        private Emails() {}

        static String normalise(String raw) {
            return raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        }

        static String problem(String email) {
            if (email.isEmpty()) return "email: is required";
            if (email.length() > MAX_LENGTH) return "email: longer than " + MAX_LENGTH + " characters";
            int at = email.indexOf('@');
            if (at < 1 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.chars().anyMatch(c -> c <= ' ')) {
                return "email: '" + email + "' is not an email address";
            }
            return null;
        }
    }
}
