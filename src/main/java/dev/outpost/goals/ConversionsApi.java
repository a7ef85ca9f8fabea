package dev.outpost.goals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.outpost.domain.Event;
import dev.outpost.domain.Goal;
import dev.outpost.domain.Money;
import dev.outpost.domain.Site;
import dev.outpost.ingest.Recorder;
import dev.outpost.ingest.VisitorIds;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.GoalStore;
import dev.outpost.store.RefundStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.JsonBody;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/conversions}: a conversion the shop's server saw (an order webhook, say).
 * Counted once per {@code idempotency_key}, so a retried call never counts twice. Who converted is
 * the first-party id ({@code vid}) or the buyer's IP and User-Agent as the shop saw them, from
 * which the same daily visitor id a beacon gets is derived (so only on the same UTC day). A goal
 * is made for an event name that has none (see {@link AutoGoals}), so a conversion always counts.
 */
public final class ConversionsApi {
    private static final Pattern VID = Pattern.compile("[A-Za-z0-9_-]{8,128}");

    private final SiteRegistry sites;
    private final GoalStore goals;
    private final Recorder events;
    private final VisitorIds visitorIds;
    private final RefundStore refunds;
    private final AutoGoals autoGoals;
    private final Clock clock;

    public ConversionsApi(SiteRegistry sites, GoalStore goals, Recorder events, RefundStore refunds, VisitorIds visitorIds,
                          AutoGoals autoGoals, Clock clock) {
        this.sites = sites;
        this.goals = goals;
        this.events = events;
        this.refunds = refunds;
        this.visitorIds = visitorIds;
        this.autoGoals = autoGoals;
        this.clock = clock;
    }

    public void create(Context ctx) {
        JsonNode body = JsonBody.object(ctx.body());
        Site site = site(body);
        String goal = JsonBody.text(body, "goal");
        if (goal == null || goal.isBlank() || goal.length() > 100) {
            throw ApiError.badRequest("goal: is required: the name of an event goal, or an event name (1 to 100 characters)");
        }
        Optional<Goal> named = goals.byName(site.id(), goal);
        if (named.isPresent() && !named.get().isEventGoal()) {
            throw ApiError.badRequest("goal: '" + goal + "' is a pageview goal; server-side conversions need an event goal");
        }
        String eventName = named.map(Goal::eventName).orElse(goal);
        String key = JsonBody.text(body, "idempotency_key");
        if (key == null || key.isBlank() || key.length() > 200) {
            throw ApiError.badRequest("idempotency_key: is required (1 to 200 characters), e.g. the order id");
        }
        Money revenue = revenue(body);
        long now = clock.millis();
        String visitor = visitor(body, site, now);

        // A conversion is counted by its goal: one is made for an event name that has none.
        if (named.isEmpty()) autoGoals.ensure(site.id(), eventName);
        Event e = new Event(site.id(), now, eventName, site.domain(), "/", null, null, null, "direct", null, null,
                null, null, null, null, null, null, null, null, null, null, visitor, props(key.strip()),
                revenue == null ? null : revenue.micros(), revenue == null ? null : revenue.currency(),
                null, null, null, null);
        boolean stored = events.storeConversion(e, key.strip());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        out.put("duplicate", !stored);
        out.put("goal", eventName);
        out.put("visitor_id", visitor);
        ctx.status(stored ? 201 : 200).json(out);
    }

    /**
     * {@code POST /api/v1/conversions/refunds}: money given back on a conversion counted before,
     * named by its {@code idempotency_key} ({@code conversion}). The refund comes off the
     * conversion's revenue where it was counted, so every report, on every day and source, stays
     * right; a refund of all of it (or one without {@code revenue}: a cancellation) takes the
     * conversion back, and it no longer counts. Each refund counts once per its own
     * {@code idempotency_key}.
     */
    public void refund(Context ctx) {
        JsonNode body = JsonBody.object(ctx.body());
        Site site = site(body);
        String conversion = JsonBody.text(body, "conversion");
        if (conversion == null || conversion.isBlank() || conversion.length() > 200) {
            throw ApiError.badRequest("conversion: is required: the idempotency_key the conversion was sent with (1 to 200 characters)");
        }
        String key = JsonBody.text(body, "idempotency_key");
        if (key == null || key.isBlank() || key.length() > 200) {
            throw ApiError.badRequest("idempotency_key: is required (1 to 200 characters), e.g. the refund's id");
        }
        if (key.strip().equals(conversion.strip())) {
            throw ApiError.badRequest("idempotency_key: must differ from the conversion's, e.g. \"" + conversion.strip() + "-refund-1\"");
        }
        Money amount = revenue(body);
        RefundStore.Result r = refunds.refund(site.id(), conversion.strip(), props(conversion.strip()), key.strip(), amount);
        switch (r.outcome()) {
            case NO_CONVERSION -> throw ApiError.notFound("conversion: no conversion with idempotency_key '" + conversion.strip()
                    + "' on " + site.domain());
            case OTHER_CURRENCY -> throw ApiError.badRequest("revenue.currency: the conversion's revenue is in " + r.currency());
            case NO_REVENUE -> throw ApiError.badRequest("revenue: the conversion has no revenue of its own; "
                    + "leave revenue out to take the whole conversion back");
            default -> { }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        out.put("duplicate", r.outcome() == RefundStore.Outcome.DUPLICATE);
        out.put("conversion", conversion.strip());
        out.put("counted", !r.takenBack());
        out.put("revenue", r.revenueMicros() == null ? null : Money.format(r.revenueMicros(), r.currency()));
        out.put("currency", r.currency());
        ctx.status(r.outcome() == RefundStore.Outcome.DUPLICATE ? 200 : 201).json(out);
    }

    private Site site(JsonNode body) {
        return SitesApi.named(sites, JsonBody.text(body, "site"), "");
    }

    /** The optional "revenue": {"amount", "currency"}; null when absent. */
    private static Money revenue(JsonNode body) {
        if (!body.hasNonNull("revenue")) return null;
        JsonNode r = body.get("revenue");
        if (!r.isObject()) throw ApiError.badRequest("revenue: must be an object with amount and currency");
        try {
            return Money.parse(r.get("amount"), r.get("currency"), "revenue");
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** What a server-side conversion's event carries: its key, by which a refund finds it. */
    private static String props(String key) {
        return JsonNodeFactory.instance.objectNode().put("via", "server").put("key", key).toString();
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
