package dev.outpost.site;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.domain.Site;
import dev.outpost.store.SiteStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.JsonBody;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST/GET /api/v1/sites}: add a site, list them. The CLI's {@code site add} comes here too. */
public final class SitesApi {
    private final SiteRegistry sites;
    private final String baseUrl;
    private final Clock clock;

    public SitesApi(SiteRegistry sites, String baseUrl, Clock clock) {
        this.sites = sites;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /**
     * The site a request names, for every API that takes a {@code site}: 400 when none is named ({@code example}
     * follows "site: is required"), 404 when this server has no such site.
     */
    public static Site named(SiteRegistry sites, String domain, String example) {
        if (domain == null || domain.isBlank()) throw ApiError.badRequest("site: is required" + example);
        return sites.find(domain).orElseThrow(() -> ApiError.notFound("site: no site '" + domain + "'"));
    }

    /** What a new site needs; checked and normalised in {@link #validate}. */
    public record NewSite(String domain, String name, String timezone, List<String> aliases) {}

    public void create(Context ctx) {
        JsonNode body = JsonBody.object(ctx.body());
        List<String> aliases = new ArrayList<>();
        JsonNode a = body.get("aliases");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) throw ApiError.badRequest("aliases: must be an array of host names");
            for (JsonNode n : a) {
                if (!n.isTextual()) throw ApiError.badRequest("aliases: must be an array of host names");
                aliases.add(n.textValue());
            }
        }
        NewSite site = validate(new NewSite(JsonBody.text(body, "domain"), JsonBody.text(body, "name"),
                JsonBody.text(body, "timezone"), aliases));
        ctx.status(201).json(view(add(site)));
    }

    public void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Site s : sites.list()) out.add(view(s));
        ctx.json(Map.of("sites", out));
    }

    /** Adds a checked site; a domain or alias already in use is a 409. */
    public Site add(NewSite s) {
        try {
            return sites.create(s.domain(), s.name(), s.timezone(), s.aliases(), clock.millis());
        } catch (SiteStore.HostTaken e) {
            throw new ApiError(409, "domain: '" + e.host + "' already belongs to a site");
        }
    }

    /**
     * Changes a site's name, time zone and aliases, checked as a new site's are: the site settings form comes here.
     * An alias another site holds is a 409.
     */
    public Site edit(Site site, String name, String timezone, List<String> aliases) {
        NewSite checked = validate(new NewSite(site.domain(), name, timezone, aliases));
        try {
            return sites.update(site, checked.name(), checked.timezone(), checked.aliases())
                    .orElseThrow(() -> ApiError.notFound("site: no site '" + site.domain() + "'"));
        } catch (SiteStore.HostTaken e) {
            throw new ApiError(409, "aliases: '" + e.host + "' already belongs to another site");
        }
    }

    public static NewSite validate(NewSite in) {
        if (in.domain() == null || in.domain().isBlank()) throw ApiError.badRequest("domain: is required, e.g. \"example.com\"");
        String domain = Domains.normalise(in.domain());
        if (!Domains.isValid(domain)) throw ApiError.badRequest("domain: '" + in.domain() + "' is not a host name");
        String name = in.name() == null || in.name().isBlank() ? domain : in.name().strip();
        if (name.length() > 200) throw ApiError.badRequest("name: longer than 200 characters");
        String tz = in.timezone() == null || in.timezone().isBlank() ? "UTC" : in.timezone().strip();
        try {
            tz = ZoneId.of(tz).getId();
        } catch (DateTimeException e) {
            throw ApiError.badRequest("timezone: '" + tz + "' is not an IANA time zone such as Europe/Berlin");
        }
        List<String> aliases = new ArrayList<>();
        for (String raw : in.aliases()) {
            String h = Domains.normalise(raw);
            if (!Domains.isValid(h)) throw ApiError.badRequest("aliases: '" + raw + "' is not a host name");
            if (!h.equals(domain) && !aliases.contains(h)) aliases.add(h);
        }
        if (aliases.size() > 50) throw ApiError.badRequest("aliases: at most 50");
        return new NewSite(domain, name, tz, aliases);
    }

    private Map<String, Object> view(Site s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("domain", s.domain());
        m.put("name", s.name());
        m.put("timezone", s.timezone());
        m.put("aliases", s.aliases());
        m.put("created_at", java.time.Instant.ofEpochMilli(s.createdAt()).toString());
        m.put("snippet", s.snippet(baseUrl));
        return m;
    }
}
