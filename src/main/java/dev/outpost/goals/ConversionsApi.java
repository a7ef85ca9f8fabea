package dev.outpost.goals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.ingest.Event;
import dev.outpost.ingest.Money;
import dev.outpost.ingest.VisitorIds;
import dev.outpost.site.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.store.EventStore;
import dev.outpost.store.GoalStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.JsonBody;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/conversions}: a conversion the shop's server saw (an order webhook, say).
 * Counted once per {@code idempotency_key}, so a retried call never counts twice. Who converted is
 * the first-party id ({@code vid}) or the buyer's IP and User-Agent as the shop saw them, from
 * which the same daily visitor id a beacon gets is derived (so only on the same UTC day).
 */
public final class ConversionsApi {
    private static final Pattern VID = Pattern.compile("[A-Za-z0-9_-]{8,128}");

    private final SiteRegistry sites;
    private final GoalStore goals;
    private final EventStore events;
    private final VisitorIds visitorIds;
    private final Clock clock;

    public ConversionsApi(SiteRegistry sites, GoalStore goals, EventStore events, VisitorIds visitorIds, Clock clock) {
        this.sites = sites;
        this.goals = goals;
        this.events = events;
        this.visitorIds = visitorIds;
        this.clock = clock;
    }

    public void create(Context ctx) {
        JsonNode body = JsonBody.object(ctx.body());
        String domain = JsonBody.text(body, "site");
        if (domain == null || domain.isBlank()) throw ApiError.badRequest("site: is required");
        Site site = sites.find(domain).orElseThrow(() -> ApiError.notFound("site: no site '" + domain + "'"));
        String goal = JsonBody.text(body, "goal");
        if (goal == null || goal.isBlank() || goal.length() > 100) {
            throw ApiError.badRequest("goal: is required: the name of an event goal, or an event name (1 to 100 characters)");
        }
        String eventName = goals.byName(site.id(), goal).map(g -> {
            if (!g.isEventGoal()) {
                throw ApiError.badRequest("goal: '" + goal + "' is a pageview goal; server-side conversions need an event goal");
            }
            return g.eventName();
        }).orElse(goal);
        String key = JsonBody.text(body, "idempotency_key");
        if (key == null || key.isBlank() || key.length() > 200) {
            throw ApiError.badRequest("idempotency_key: is required (1 to 200 characters), e.g. the order id");
        }
        Money revenue = null;
        if (body.hasNonNull("revenue")) {
            JsonNode r = body.get("revenue");
            if (!r.isObject()) throw ApiError.badRequest("revenue: must be an object with amount and currency");
            try {
                revenue = Money.parse(r.get("amount"), r.get("currency"), "revenue");
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        }
        long now = clock.millis();
        String visitor = visitor(body, site, now);

        Event e = new Event(site.id(), now, eventName, site.domain(), "/", null, null, null, "direct", null, null,
                null, null, null, null, null, null, null, null, null, null, visitor, "{\"via\":\"server\"}",
                revenue == null ? null : revenue.micros(), revenue == null ? null : revenue.currency(),
                null, null, null, null);
        boolean stored = events.insertConversion(e, key.strip());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        out.put("duplicate", !stored);
        out.put("goal", eventName);
        out.put("visitor_id", visitor);
        ctx.status(stored ? 201 : 200).json(out);
    }

    private String visitor(JsonNode body, Site site, long now) {
        String vid = JsonBody.text(body, "vid");
        if (vid != null) {
            if (!VID.matcher(vid).matches()) throw ApiError.badRequest("vid: must be 8 to 128 letters, digits, '-' or '_'");
            return VisitorIds.firstParty(vid);
        }
        String ip = JsonBody.text(body, "ip");
        String ua = JsonBody.text(body, "user_agent");
        if (ip == null || ua == null || ip.isBlank() || ua.isBlank()) {
            throw ApiError.badRequest("vid, or ip and user_agent: say who converted (the snippet's outpost.visitor(), "
                    + "or the buyer's IP address and User-Agent as your server saw them)");
        }
        if (!ip.strip().matches("[0-9a-fA-F:.]{2,45}")) throw ApiError.badRequest("ip: '" + ip + "' is not an IP address");
        return visitorIds.daily(site.id(), ip.strip(), ua, now);
    }
}
