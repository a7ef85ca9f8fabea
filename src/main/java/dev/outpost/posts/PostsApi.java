package dev.outpost.posts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.attribution.AttributionModel;
import dev.outpost.attribution.PostRef;
import dev.outpost.attribution.PostUrls;
import dev.outpost.domain.Post;
import dev.outpost.domain.Site;
import dev.outpost.domain.Slugs;
import dev.outpost.site.Domains;
import dev.outpost.site.SiteRegistry;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.PostStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.Bodies;
import dev.outpost.web.JsonBody;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/posts}: register the owner's posts on their outposts, list, read (with clicks, visitors
 * and conversions), change, delete, and import them from CSV. The CLI's {@code post} commands come here too.
 */
public final class PostsApi {
    static final int MAX_URL = 2048;
    static final int MAX_TITLE = 500;
    static final int MAX_CAMPAIGN = 200;
    static final int MAX_TARGETS = 20;
    static final String OTHER_WARNING = "url: not recognised as a post on a known network; stored with network Other"
            + " (its tracked link works all the same)";
    private static final Set<String> CREATE_FIELDS = Set.of("site", "url", "target", "targets", "title", "published_at",
            "campaign", "slug");
    private static final Set<String> PATCH_FIELDS = Set.of("target", "targets", "title", "published_at", "campaign");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final SiteRegistry sites;
    private final PostStore posts;
    private final String baseUrl;
    private final Clock clock;
    private final ConversionCredit conversions;
    private final EngagementFigures engagement;

    /**
     * Conversions credited to a post under the default attribution model, exact and inferred apart
     * (the report layer computes them; the posts room only shows them).
     */
    public interface ConversionCredit {
        Credit of(Post post, AttributionModel model);

        record Credit(BigDecimal exact, BigDecimal inferred) {
            public static final Credit NONE = new Credit(BigDecimal.ZERO, BigDecimal.ZERO);
        }
    }

    /**
     * The post's engagement on its network and the ratios built on it, for {@code GET /api/v1/posts/{id}} (the
     * engagement package reads and stores them; the posts room only shows them).
     */
    public interface EngagementFigures {
        /** Fields added to the detail; {@code conversions} is the post's credited total under the model asked for. */
        Map<String, Object> of(Post post, BigDecimal conversions);
    }

    /** {@code conversions} credits a post's conversions for {@code GET /api/v1/posts/{id}}; null reports none. */
    public PostsApi(SiteRegistry sites, PostStore posts, String baseUrl, Clock clock, ConversionCredit conversions) {
        this(sites, posts, baseUrl, clock, conversions, null);
    }

    /** {@code engagement} adds the post's engagement to {@code GET /api/v1/posts/{id}}; null leaves it out. */
    public PostsApi(SiteRegistry sites, PostStore posts, String baseUrl, Clock clock, ConversionCredit conversions,
                    EngagementFigures engagement) {
        this.sites = sites;
        this.posts = posts;
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.conversions = conversions;
        this.engagement = engagement;
    }

    /** A post as given (JSON body, CSV row, command line), before {@link #add} checks it. Null means not given. */
    public record NewPost(String site, String url, List<String> targets, String title, String publishedAt,
                          String campaign, String slug) {
        public NewPost {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    // ---------------------------------------------------------------- HTTP handlers

    /** {@code POST /api/v1/posts}. */
    public void create(Context ctx) {
        JsonNode body = JsonBody.object(ctx.body());
        onlyFields(body, CREATE_FIELDS);
        String field = body.has("targets") ? "targets" : "target";
        NewPost in = new NewPost(JsonBody.text(body, "site"), JsonBody.text(body, "url"), targets(body),
                JsonBody.text(body, "title"), JsonBody.text(body, "published_at"), JsonBody.text(body, "campaign"),
                JsonBody.text(body, "slug"));
        Site site = site(in.site());
        ctx.status(201).json(view(store(List.of(draft(site, in, field))).get(0)));
    }

    /** {@code GET /api/v1/posts?site=example.com}: newest published first. */
    public void list(Context ctx) {
        Site site = site(ctx.queryParam("site"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Post p : posts.bySite(site.id())) out.add(view(p));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", site.domain());
        m.put("posts", out);
        ctx.json(m);
    }

    /** {@code GET /api/v1/posts/{id}}: the post with its clicks, visitors and conversions. */
    public void get(Context ctx) {
        AttributionModel model = AttributionModel.DEFAULT;
        String raw = ctx.queryParam("attribution");
        if (raw != null && !raw.isBlank()) {
            try {
                model = AttributionModel.parse(raw.strip());
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("attribution: " + e.getMessage());
            }
        }
        ctx.json(detailView(find(ctx), model));
    }

    /** {@code PATCH /api/v1/posts/{id}}: any of title, campaign, published_at, targets. */
    public void update(Context ctx) {
        Post post = find(ctx);
        JsonNode body = JsonBody.object(ctx.body());
        onlyFields(body, PATCH_FIELDS);
        if (body.isEmpty()) throw ApiError.badRequest("body: nothing to change; send title, campaign, published_at or targets");
        String title = body.has("title") ? JsonBody.text(body, "title") : post.title();
        String campaign = body.has("campaign") ? JsonBody.text(body, "campaign") : post.campaign();
        String publishedAt = null;
        if (body.has("published_at")) {
            publishedAt = JsonBody.text(body, "published_at");
            if (publishedAt == null) publishedAt = "";
        }
        List<String> targets = body.has("target") || body.has("targets") ? targets(body) : null;
        ctx.json(view(edit(post, title, campaign, publishedAt, targets, body.has("targets") ? "targets" : "target")));
    }

    /**
     * Checks and applies a post's changes: the API's PATCH and the post's edit form both come here. Title and campaign
     * are the new ones (null clears them); a null {@code publishedAt} or {@code targets} keeps the post's own.
     */
    public Post edit(Post post, String title, String campaign, String publishedAt, List<String> targets, String targetsField) {
        Site site = sites.find(post.site()).orElseThrow(() -> ApiError.notFound("id: no post " + post.id()));
        title = text("title", title, MAX_TITLE);
        campaign = text("campaign", campaign, MAX_CAMPAIGN);
        long published = post.publishedAt();
        if (publishedAt != null) {
            if (publishedAt.isBlank()) throw ApiError.badRequest("published_at: cannot be removed; send an instant or a day");
            published = publishedAt(publishedAt, site);
        }
        List<Post.Target> checked = targets == null ? post.targets() : targets(site, targets, targetsField);
        return posts.update(post.id(), title, campaign, published, checked)
                .orElseThrow(() -> ApiError.notFound("id: no post " + post.id()));
    }

    /** {@code DELETE /api/v1/posts/{id}}: the post, its targets and its clicks. */
    public void delete(Context ctx) {
        long id = id(ctx);
        if (!posts.delete(id)) throw ApiError.notFound("id: no post " + id);
        ctx.status(204);
    }

    /** {@code POST /api/v1/posts/import?site=example.com} with a CSV body: all rows or none. */
    public void importCsv(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.equals("text/csv") && !type.equals("text/plain") && !type.equals("application/csv")) {
            throw new ApiError(415, "Content-Type: send text/csv, not " + type);
        }
        Site site = site(ctx.queryParam("site"));
        byte[] bytes;
        try {
            bytes = Bodies.upTo(ctx, PostCsv.MAX_BYTES);
        } catch (IOException e) {
            throw ApiError.badRequest("body: could not be read (" + e.getMessage() + ")");
        }
        if (bytes == null) throw new ApiError(413, "body: larger than 1 MiB; split the file");
        List<Post> added = importCsv(site, PostCsv.decode(bytes));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Post p : added) out.add(view(p));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imported", added.size());
        m.put("posts", out);
        ctx.status(201).json(m);
    }

    // ---------------------------------------------------------------- for HTTP and the command line

    /** Checks and stores one post; refusals are {@link ApiError}s naming the field. */
    public Post add(NewPost in) {
        return store(List.of(draft(site(in.site()), in, "target"))).get(0);
    }

    /** Checks every row of a CSV file, then stores them all in one transaction; a bad row names its line. */
    public List<Post> importCsv(String domain, String csv) {
        return importCsv(site(domain), csv);
    }

    /** A site's posts, newest published first. */
    public List<Post> list(String domain) {
        return posts.bySite(site(domain).id());
    }

    /** The tracked link of a post: {@code {OUTPOST_BASE_URL}/go/{slug}}. */
    public String trackedUrl(Post p) {
        return baseUrl + "/go/" + p.slug();
    }

    private List<Post> importCsv(Site site, String csv) {
        List<Post.Draft> drafts = new ArrayList<>();
        List<Long[]> counts = new ArrayList<>();
        for (PostCsv.Row row : PostCsv.rows(csv)) {
            String target = row.get("target");
            List<String> targets = new ArrayList<>();
            if (target != null) {
                for (String t : target.split("[\\s|]+")) if (!t.isEmpty()) targets.add(t);
            }
            NewPost in = new NewPost(site.domain(), row.get("url"), targets, row.get("title"), row.get("published_at"),
                    row.get("campaign"), null);
            try {
                drafts.add(draft(site, in, "target"));
                counts.add(counts(row));
            } catch (ApiError e) {
                throw new ApiError(e.status, "line " + row.line() + ": " + e.getMessage());
            }
        }
        long now = clock.millis();
        // The counts are stored as PUT /api/v1/posts/{id}/engagement stores them (a manual reading), in the
        // posts' own transaction: a file goes in whole or not at all.
        return store(drafts, now, (h, stored) -> {
            for (int i = 0; i < stored.size(); i++) {
                Long[] c = counts.get(i);
                if (c == null) continue;
                EngagementStore.add(h, new EngagementStore.Snapshot(stored.get(i).id(), now, c[0], c[1], c[2], "manual"));
            }
        });
    }

    /** The row's comments, shares and likes; null when it gives none (a blank cell is "not known", not 0). */
    private static Long[] counts(PostCsv.Row row) {
        Long[] v = new Long[PostCsv.COUNTS.size()];
        boolean any = false;
        for (int i = 0; i < v.length; i++) {
            v[i] = PostCsv.count(PostCsv.COUNTS.get(i), row.get(PostCsv.COUNTS.get(i)));
            any |= v[i] != null;
        }
        return any ? v : null;
    }

    private List<Post> store(List<Post.Draft> drafts) {
        return store(drafts, clock.millis(), (h, stored) -> {});
    }

    private List<Post> store(List<Post.Draft> drafts, long now, PostStore.Alongside alongside) {
        try {
            return posts.insert(drafts, now, alongside);
        } catch (PostStore.SlugTaken e) {
            throw new ApiError(409, "slug: '" + e.slug + "' is already taken");
        }
    }

    // ---------------------------------------------------------------- checks

    private Post.Draft draft(Site site, NewPost in, String targetField) {
        String url = postUrl(in.url());
        PostRef ref;
        try {
            ref = PostUrls.detect(url);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage().startsWith("url:") ? e.getMessage() : "url: " + e.getMessage());
        }
        List<Post.Target> targets = targets(site, in.targets(), targetField);
        String title = text("title", in.title(), MAX_TITLE);
        long publishedAt = in.publishedAt() == null || in.publishedAt().isBlank() ? clock.millis()
                : publishedAt(in.publishedAt(), site);
        String campaign = text("campaign", in.campaign(), MAX_CAMPAIGN);
        return new Post.Draft(site.id(), ref.network(), ref.postId(), url, title, publishedAt, campaign, slug(in.slug()),
                targets);
    }

    private Site site(String domain) {
        if (domain == null || domain.isBlank()) throw ApiError.badRequest("site: is required, e.g. \"example.com\"");
        return sites.find(domain).orElseThrow(() -> ApiError.notFound("site: no site '" + domain.strip()
                + "' on this server; add it first (POST /api/v1/sites)"));
    }

    private static String postUrl(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiError.badRequest("url: is required: the post's address on the network, e.g. https://x.com/you/status/123");
        }
        String url = raw.strip();
        if (url.length() > MAX_URL) throw ApiError.badRequest("url: longer than " + MAX_URL + " characters");
        return url;
    }

    /** The landing URLs: at least one, each an http(s) URL on the site's domain or one of its aliases. */
    static List<Post.Target> targets(Site site, List<String> raw, String field) {
        if (raw.isEmpty()) {
            throw ApiError.badRequest(field + ": is required: the landing URL on " + site.domain() + " this post links to");
        }
        if (raw.size() > MAX_TARGETS) throw ApiError.badRequest(field + ": at most " + MAX_TARGETS + " landing URLs");
        List<Post.Target> out = new ArrayList<>();
        for (String r : raw) {
            Post.Target t = target(site, r, field);
            for (Post.Target seen : out) {
                if (seen.url().equals(t.url())) throw ApiError.badRequest(field + ": '" + shown(t.url()) + "' is listed twice");
            }
            out.add(t);
        }
        return out;
    }

    private static Post.Target target(Site site, String raw, String field) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) throw ApiError.badRequest(field + ": is empty; send the landing URL on " + site.domain());
        if (s.length() > MAX_URL) throw ApiError.badRequest(field + ": longer than " + MAX_URL + " characters");
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw ApiError.badRequest(field + ": '" + shown(s) + "' is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiError.badRequest(field + ": '" + shown(s) + "' is not an http(s) URL");
        }
        if (u.getHost() == null) throw ApiError.badRequest(field + ": '" + shown(s) + "' has no host name");
        String host = Domains.normalise(u.getHost());
        if (host == null || !site.owns(host)) {
            throw ApiError.badRequest(field + ": host '" + u.getHost() + "' is not " + site.domain()
                    + (site.aliases().isEmpty() ? "" : " or one of its aliases " + site.aliases())
                    + "; a post's landing URL must be on the site");
        }
        String path = u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath();
        return new Post.Target(s, path);
    }

    /** An ISO instant (2026-11-20T09:00:00Z, or with an offset), or a day or local time in the site's time zone. */
    static long publishedAt(String raw, Site site) {
        String s = raw.strip();
        // Spreadsheets write "2026-11-20 09:00": read it as the ISO form it means.
        if (s.length() > 10 && s.charAt(10) == ' ') s = s.substring(0, 10) + "T" + s.substring(11).strip();
        ZoneId zone = ZoneId.of(site.timezone());
        Instant t = null;
        try {
            t = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                t = LocalDate.parse(s).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException notADay) {
                try {
                    t = LocalDateTime.parse(s).atZone(zone).toInstant();
                } catch (DateTimeParseException notALocalTime) {
                    // refused below
                }
            }
        }
        if (t == null) {
            throw ApiError.badRequest("published_at: '" + shown(raw) + "' is not an instant like 2026-11-20T09:00:00Z"
                    + " or a day like 2026-11-20");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ApiError.badRequest("published_at: '" + shown(raw) + "' is out of range");
        }
        return t.toEpochMilli();
    }

    /** Optional text on one line: line breaks and tabs become spaces, blank means none, no other control characters. */
    static String text(String field, String raw, int max) {
        if (raw == null || raw.isBlank()) return null;
        String s = raw.replaceAll("[\\t\\r\\n]+", " ").strip();
        if (s.length() > max) throw ApiError.badRequest(field + ": longer than " + max + " characters");
        if (s.chars().anyMatch(Character::isISOControl)) throw ApiError.badRequest(field + ": contains control characters");
        return s;
    }

    private static String slug(String raw) {
        if (raw == null || raw.isBlank()) return null;
        String s = raw.strip();
        if (!Slugs.isValidCustom(s)) {
            throw ApiError.badRequest("slug: '" + shown(s) + "' must be 3 to 64 characters of a-z, 0-9 and '-'");
        }
        return s;
    }

    private static List<String> targets(JsonNode body) {
        if (body.has("target") && body.has("targets")) throw ApiError.badRequest("targets: send either target or targets, not both");
        if (!body.has("targets")) {
            String t = JsonBody.text(body, "target");
            return t == null ? List.of() : List.of(t);
        }
        JsonNode arr = body.get("targets");
        if (arr.isNull()) return List.of();
        if (!arr.isArray()) throw ApiError.badRequest("targets: must be an array of URLs");
        List<String> out = new ArrayList<>();
        for (JsonNode n : arr) {
            if (!n.isTextual()) throw ApiError.badRequest("targets: must be an array of URLs");
            out.add(n.textValue());
        }
        return out;
    }

    private static void onlyFields(JsonNode body, Set<String> allowed) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (allowed.contains(f)) continue;
            if (allowed == PATCH_FIELDS && CREATE_FIELDS.contains(f)) {
                throw ApiError.badRequest(f + ": cannot be changed; delete the post and add it again");
            }
            throw ApiError.badRequest(f + ": unknown field; send " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    private Post find(Context ctx) {
        long id = id(ctx);
        return posts.byId(id).orElseThrow(() -> ApiError.notFound("id: no post " + id));
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("id: '" + shown(raw) + "' is not a post id (a whole number)");
        }
    }

    private static String shown(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    // ---------------------------------------------------------------- views

    Map<String, Object> view(Post p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("site", p.site());
        m.put("url", p.url());
        m.put("network", p.network());
        m.put("network_post_id", p.networkPostId());
        m.put("title", p.title());
        m.put("published_at", Instant.ofEpochMilli(p.publishedAt()).toString());
        m.put("campaign", p.campaign());
        m.put("slug", p.slug());
        m.put("tracked_url", trackedUrl(p));
        m.put("targets", p.targets().stream().map(Post.Target::url).toList());
        if (PostRef.OTHER.equals(p.network())) m.put("warning", OTHER_WARNING);
        return m;
    }

    Map<String, Object> detailView(Post p) {
        return detailView(p, AttributionModel.DEFAULT);
    }

    Map<String, Object> detailView(Post p, AttributionModel model) {
        Map<String, Object> m = view(p);
        m.put("clicks", posts.clicks(p.id()));
        m.put("visitors", posts.visitors(p.id()));
        Map<String, Long> byMatch = posts.visitorsByMatch(p.id());
        m.put("visitors_exact", byMatch.getOrDefault("exact", 0L));
        m.put("visitors_inferred", byMatch.getOrDefault("inferred", 0L));
        ConversionCredit.Credit credit = conversions == null ? ConversionCredit.Credit.NONE : conversions.of(p, model);
        m.put("attribution", model.key());
        // Credit is fractional under multi-touch models: 1.5 conversions is a real answer.
        m.put("conversions", credit.exact().add(credit.inferred()).stripTrailingZeros());
        m.put("conversions_exact", credit.exact().stripTrailingZeros());
        m.put("conversions_inferred", credit.inferred().stripTrailingZeros());
        if (engagement != null) m.putAll(engagement.of(p, credit.exact().add(credit.inferred())));
        return m;
    }
}
