package dev.outpost.report;

import dev.outpost.domain.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.EventStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.Days;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/drops?site=&from=&to=}: what the bot filter threw away, by reason, so the
 * owner can see what was filtered and why, and accepted events the database refused to store
 * ({@code unstorable}). Days are UTC days.
 */
public final class DropsApi {
    private final SiteRegistry sites;
    private final EventStore events;

    public DropsApi(SiteRegistry sites, EventStore events) {
        this.sites = sites;
        this.events = events;
    }

    public void drops(Context ctx) {
        Site site = SitesApi.named(sites, ctx.queryParam("site"), ", e.g. ?site=example.com");
        LocalDate to = day(ctx, "to", LocalDate.now(java.time.ZoneOffset.UTC));
        LocalDate from = day(ctx, "from", to.minusDays(29));
        if (from.isAfter(to)) throw ApiError.badRequest("from: " + from + " is after to: " + to);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("site", site.domain());
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("drops", events.drops(site.id(), from.toString(), to.toString()));
        ctx.json(out);
    }

    static LocalDate day(Context ctx, String param, LocalDate dflt) {
        String raw = ctx.queryParam(param);
        if (raw == null || raw.isBlank()) return dflt;
        return Days.parse(param, raw);
    }
}
