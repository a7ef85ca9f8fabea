package dev.outpost.goals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.domain.Goal;
import dev.outpost.domain.Money;
import dev.outpost.domain.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.GoalStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.JsonBody;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST/GET/DELETE /api/v1/goals}: {"site":"example.com","event":"signup"} or
 * {"site":"example.com","path":"/thank-you*"}, optional "name" and "value" (+ "currency").
 */
public final class GoalsApi {
    private static final Pattern PATH = Pattern.compile("/[^\\s?#]{0,500}");

    private final SiteRegistry sites;
    private final GoalStore goals;
    private final Clock clock;

    public GoalsApi(SiteRegistry sites, GoalStore goals, Clock clock) {
        this.sites = sites;
        this.goals = goals;
        this.clock = clock;
    }

    public void create(Context ctx) {
        JsonNode body = JsonBody.object(ctx.body());
        Site site = site(JsonBody.text(body, "site"));
        Goal g = add(site, JsonBody.text(body, "event"), JsonBody.text(body, "path"), JsonBody.text(body, "name"),
                body.get("value"), body.get("currency"));
        ctx.status(201).json(view(site, g));
    }

    /**
     * Checks and stores a goal: the API and the setup page's form both come here. {@code value} and
     * {@code currency} are JSON (a form's text as a text node); null or JSON null means no fixed value.
     */
    public Goal add(Site site, String event, String path, String name, JsonNode value, JsonNode currency) {
        Goal g = checked(0, site, event, path, name, value, currency);
        try {
            return goals.create(site.id(), g.name(), g.eventName(), g.pathPattern(), g.valueMicros(), g.currency(), clock.millis());
        } catch (GoalStore.NameTaken e) {
            throw taken(g.name());
        }
    }

    /** Changes a goal, checked as a new one is: the goal's edit form comes here. */
    public Goal edit(Goal goal, Site site, String event, String path, String name, JsonNode value, JsonNode currency) {
        Goal g = checked(goal.id(), site, event, path, name, value, currency);
        try {
            return goals.update(g).orElseThrow(() -> ApiError.notFound("id: no goal " + goal.id()));
        } catch (GoalStore.NameTaken e) {
            throw taken(g.name());
        }
    }

    private static Goal checked(long id, Site site, String event, String path, String name, JsonNode value, JsonNode currency) {
        if ((event == null) == (path == null)) {
            throw ApiError.badRequest("event or path: give exactly one, e.g. {\"event\":\"signup\"} or {\"path\":\"/thank-you*\"}");
        }
        if (event != null && (event.isBlank() || event.length() > 100)) {
            throw ApiError.badRequest("event: must be 1 to 100 characters");
        }
        if (path != null && !PATH.matcher(path).matches()) {
            throw ApiError.badRequest("path: must start with '/' and hold no spaces, '?' or '#'; '*' matches anything");
        }
        if (name == null || name.isBlank()) name = event != null ? event : "Visit " + path;
        if (name.length() > 100) throw ApiError.badRequest("name: longer than 100 characters");
        Money money = null;
        if (value != null && !value.isNull()) {
            try {
                money = Money.parse(value, currency, "value");
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage().replace("value.amount", "value").replace("value.currency", "currency"));
            }
        }
        return new Goal(id, site.id(), name.strip(), event, path, money == null ? null : money.micros(),
                money == null ? null : money.currency());
    }

    private static ApiError taken(String name) {
        return new ApiError(409, "name: the site already has a goal named '" + name + "'");
    }

    public void list(Context ctx) {
        Site site = site(ctx.queryParam("site"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Goal g : goals.list(site.id())) out.add(view(site, g));
        ctx.json(Map.of("goals", out));
    }

    public void delete(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("id: must be a number");
        }
        if (!goals.delete(id)) throw ApiError.notFound("id: no goal " + id);
        ctx.status(204);
    }

    private Site site(String domain) {
        return SitesApi.named(sites, domain, ", e.g. \"example.com\"");
    }

    static Map<String, Object> view(Site site, Goal g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("site", site.domain());
        m.put("name", g.name());
        m.put("event", g.eventName());
        m.put("path", g.pathPattern());
        m.put("value", g.valueMicros() == null ? null : Money.format(g.valueMicros(), g.currency()));
        m.put("currency", g.currency());
        return m;
    }
}
