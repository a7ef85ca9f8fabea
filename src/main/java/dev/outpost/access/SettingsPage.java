package dev.outpost.access;

import dev.outpost.domain.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.store.AccessStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.PageContext;
import dev.outpost.web.Pages;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code /settings}: API keys and shared dashboard links, each listed, made (the secret shown once,
 * on the answer to the form) and revoked; and the owner's password.
 */
public final class SettingsPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Access gate;
    private final AccessStore store;
    private final ApiKeys keys;
    private final ShareLinks shares;
    private final SiteRegistry sites;
    private final Pages pages;

    public SettingsPage(Access gate, AccessStore store, ApiKeys keys, ShareLinks shares, SiteRegistry sites, Pages pages) {
        this.gate = gate;
        this.store = store;
        this.keys = keys;
        this.shares = shares;
        this.sites = sites;
        this.pages = pages;
    }

    /** One key as the list shows it: never its secret. */
    public record KeyRow(long id, String name, String prefix, String scope, String created, String lastUsed, String revoked) {}

    public record ShareRow(long id, String site, String prefix, String created, String revoked) {}

    /** What the form's answer shows once: a new key or link, or why it was refused. */
    private record Outcome(int status, String error, String newKey, String newKeyName, String newShareUrl, String newShareSite,
                           String passwordError, String notice) {
        static final Outcome NONE = new Outcome(200, null, null, null, null, null, null, null);

        static Outcome refused(ApiError e) {
            return new Outcome(e.status, e.getMessage(), null, null, null, null, null, null);
        }

        static Outcome password(int status, String error) {
            return new Outcome(status, null, null, null, null, null, error, null);
        }
    }

    public void show(Context ctx) {
        render(ctx, gate.require(ctx), Outcome.NONE);
    }

    /** {@code POST /settings/keys} with {@code name} and {@code scope}. */
    public void createKey(Context ctx) {
        PageContext page = gate.require(ctx);
        Outcome outcome;
        try {
            ApiKeys.Created c = keys.create(ctx.formParam("name"), ctx.formParam("scope"));
            outcome = new Outcome(200, null, c.secret(), c.key().name(), null, null, null, null);
        } catch (ApiError e) {
            outcome = Outcome.refused(e);
        }
        render(ctx, page, outcome);
    }

    public void revokeKey(Context ctx) {
        PageContext page = gate.require(ctx);
        Long id = id(ctx);
        if (id == null || !keys.revoke(id)) {
            render(ctx, page, Outcome.refused(ApiError.notFound("key: no live API key " + ctx.pathParam("id"))));
            return;
        }
        throw Access.redirect(ctx, "/settings");
    }

    /** {@code POST /settings/shares} with {@code site} (its domain). */
    public void createShare(Context ctx) {
        PageContext page = gate.require(ctx);
        Outcome outcome;
        try {
            ShareLinks.Created c = shares.create(ctx.formParam("site"));
            outcome = new Outcome(200, null, null, null, c.url(), c.link().site(), null, null);
        } catch (ApiError e) {
            outcome = Outcome.refused(e);
        }
        render(ctx, page, outcome);
    }

    public void revokeShare(Context ctx) {
        PageContext page = gate.require(ctx);
        Long id = id(ctx);
        if (id == null || !shares.revoke(id)) {
            render(ctx, page, Outcome.refused(ApiError.notFound("link: no live shared link " + ctx.pathParam("id"))));
            return;
        }
        throw Access.redirect(ctx, "/settings");
    }

    /**
     * {@code POST /settings/password} with {@code current}, {@code password} and {@code confirm}: the new password
     * follows the first-run form's rules. Every session of the account ends (a stolen one too); this browser is
     * signed in again.
     */
    public void changePassword(Context ctx) {
        PageContext page = gate.require(ctx);
        String current = ctx.formParam("current"), password = ctx.formParam("password"), confirm = ctx.formParam("confirm");
        AccessStore.User user = store.userByEmail(page.user()).orElseThrow(() -> Access.redirect(ctx, "/login"));
        String problem = current == null || current.isEmpty() ? "current: is required"
                : !Passwords.verify(current, user.passwordHash()) ? "current: is not your password"
                : Passwords.problem(password);
        if (problem == null && !password.equals(confirm)) problem = "confirm: does not match the new password";
        if (problem != null) {
            render(ctx, page, Outcome.password(problem.startsWith("current:") ? 403 : 400, problem));
            return;
        }
        store.setPassword(user.email(), Passwords.hash(password));
        gate.signIn(ctx, user.id(), user.email());
        render(ctx, gate.require(ctx), new Outcome(200, null, null, null, null, null, null,
                "Password changed. Other browsers signed in to this account are signed out."));
    }

    private void render(Context ctx, PageContext page, Outcome o) {
        Map<String, Object> p = new HashMap<>();
        p.put("page", page);
        p.put("keys", keys.list().stream().map(k -> new KeyRow(k.id(), k.name(), k.prefix(), k.scope(), when(k.createdAt()),
                when(k.lastUsedAt()), when(k.revokedAt()))).toList());
        p.put("shares", shares.list().stream().map(s -> new ShareRow(s.id(), s.site(), s.prefix(), when(s.createdAt()),
                when(s.revokedAt()))).toList());
        p.put("sites", sites.list().stream().map(Site::domain).toList());
        p.put("error", o.error());
        p.put("newKey", o.newKey());
        p.put("newKeyName", o.newKeyName());
        p.put("newShareUrl", o.newShareUrl());
        p.put("newShareSite", o.newShareSite());
        p.put("passwordError", o.passwordError());
        p.put("notice", o.notice());
        ctx.status(o.status());
        pages.send(ctx, "access/settings.jte", p);
    }

    private static Long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String when(Long millis) {
        return millis == null ? null : WHEN.format(Instant.ofEpochMilli(millis));
    }
}
