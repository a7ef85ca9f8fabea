package dev.outpost.posts.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.domain.Post;
import dev.outpost.store.PostStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.JsonBody;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/posts/{id}/engagement}: read a post's engagement with its history of readings, refresh it from the
 * network now, or enter the counts by hand (networks without an open API, or a figure the owner knows better).
 */
public final class EngagementApi {
    static final long MAX_COUNT = dev.outpost.posts.PostCsv.MAX_COUNT;
    static final int MAX_HISTORY = 1_000;
    private static final List<String> FIELDS = List.of("comments", "shares", "likes");

    private final PostStore posts;
    private final Engagement engagement;

    public EngagementApi(PostStore posts, Engagement engagement) {
        this.posts = posts;
        this.engagement = engagement;
    }

    /** {@code GET /api/v1/posts/{id}/engagement}: the current figures and every reading, newest first. */
    public void get(Context ctx) {
        Post post = find(ctx);
        List<Map<String, Object>> readings = new ArrayList<>();
        for (var s : engagement.history(post, MAX_HISTORY)) readings.add(Engagement.snapshotView(s));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("post", post.id());
        m.put("engagement", engagement.view(post));
        m.put("snapshots", readings);
        ctx.json(m);
    }

    /**
     * {@code POST /api/v1/posts/{id}/engagement/refresh}: fetches now and answers the new figures (200). The network
     * failing is 502 with the error and the figures as they stand; a host asking us to wait is 429 with Retry-After;
     * a post that cannot be fetched (no open API, a share link, a refused address) is 422.
     */
    public void refresh(Context ctx) {
        Post post = find(ctx);
        Refreshed r = refresh(post);
        if (r.error() == null) {
            ctx.json(engagement.view(post));
            return;
        }
        if (r.retryAt() != null) {
            long seconds = Math.max(1, Duration.between(Instant.now(), r.retryAt()).toSeconds());
            ctx.header("Retry-After", String.valueOf(seconds));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", r.error());
        m.put("engagement", engagement.view(post));
        ctx.status(r.status()).json(m);
    }

    /** How a fetch went: {@code error} is null when it worked; else its status and, when the host asks us to wait, until when. */
    public record Refreshed(int status, String error, Instant retryAt) {}

    /**
     * Fetches the post's figures now: the API's refresh and the posts page's button both come here. A post that
     * cannot be fetched is an {@link ApiError} (422).
     */
    public Refreshed refresh(Post post) {
        Readings.Outcome o;
        try {
            o = engagement.refresh(post);
        } catch (Engagement.NotFetchable e) {
            throw new ApiError(422, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "server: shutting down; try again");
        }
        if (o.ok()) return new Refreshed(200, null, null);
        FetchException f = o.failure();
        int status = switch (f.kind) {
            case STOP -> 422;
            case DEFER -> 429;
            case GONE, RETRY -> 502;
        };
        return new Refreshed(status, "fetch: " + f.getMessage(), f.kind == FetchException.Kind.DEFER ? f.retryAt : null);
    }

    /** {@code PUT /api/v1/posts/{id}/engagement} with {@code {"comments":12,"shares":3,"likes":40}}: a reading by hand. */
    public void put(Context ctx) {
        Post post = find(ctx);
        JsonNode body = JsonBody.object(ctx.body());
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw ApiError.badRequest(f + ": unknown field; send " + String.join(", ", FIELDS));
        }
        ctx.json(enter(post, new Counts(count(body, "comments"), count(body, "shares"), count(body, "likes"))));
    }

    /**
     * Stores counts entered by hand and answers the post's engagement as it now stands: the API's PUT and the post
     * page's form both come here. At least one count must be known.
     */
    public Map<String, Object> enter(Post post, Counts c) {
        if (c.comments() == null && c.shares() == null && c.likes() == null) {
            throw ApiError.badRequest("body: send at least one of comments, shares, likes");
        }
        engagement.enter(post, c);
        return engagement.view(post);
    }

    /**
     * A count typed into a form: blank means "not known", anything else must be a whole number from 0, with the
     * same limit as the API's.
     */
    public static Long count(String field, String raw) {
        if (raw == null || raw.isBlank()) return null;
        String s = raw.strip().replace(",", "").replace("_", "");
        if (!s.matches("-?[0-9]+")) {
            throw ApiError.badRequest(field + ": must be a whole number of 0 or more, not '"
                    + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'");
        }
        if (s.startsWith("-")) throw ApiError.badRequest(field + ": must be 0 or more, not " + s);
        java.math.BigInteger n = new java.math.BigInteger(s);
        if (n.compareTo(java.math.BigInteger.valueOf(MAX_COUNT)) > 0) throw ApiError.badRequest(field + ": at most " + MAX_COUNT);
        return n.longValueExact();
    }

    /** A count: absent or null means "not known", anything else must be a whole number from 0. */
    static Long count(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber()) {
            throw ApiError.badRequest(field + ": must be a whole number of 0 or more, not " + shown(n));
        }
        if (n.canConvertToLong() && n.longValue() < 0 || !n.canConvertToLong() && n.bigIntegerValue().signum() < 0) {
            throw ApiError.badRequest(field + ": must be 0 or more, not " + n.asText());
        }
        if (!n.canConvertToLong() || n.longValue() > MAX_COUNT) {
            throw ApiError.badRequest(field + ": at most " + MAX_COUNT);
        }
        return n.longValue();
    }

    private static String shown(JsonNode n) {
        String s = n.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private Post find(Context ctx) {
        String raw = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("id: '" + (raw.length() > 120 ? raw.substring(0, 120) + "..." : raw)
                    + "' is not a post id (a whole number)");
        }
        return posts.byId(id).orElseThrow(() -> ApiError.notFound("id: no post " + id));
    }
}
