package dev.outpost.posts.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.posts.Post;
import java.net.URI;

/**
 * Lemmy: {@code GET /api/v3/post?id=} on the post's own instance. Shares are the crossposts Lemmy lists with the
 * post, likes its score (up minus down votes, which can go below zero).
 */
final class LemmyFetcher implements Fetcher {
    private final FetchClient client;

    LemmyFetcher(FetchClient client) {
        this.client = client;
    }

    @Override
    public String network() {
        return "Lemmy";
    }

    @Override
    public String host(Post post) throws FetchException {
        return Instance.of(post).getHost();
    }

    @Override
    public Counts fetch(Post post) throws FetchException, InterruptedException {
        String id = post.networkPostId();
        if (id == null || !id.matches("\\d{1,25}")) throw FetchException.stop("url: no Lemmy post id in the post's URL");
        URI base = Instance.of(post);
        String host = base.getHost();
        URI uri = URI.create(base + "/api/v3/post?id=" + id);
        FetchClient.Response r = client.get(uri);
        // Lemmy 0.19 answers a missing post with 400 or 404 and {"error":"couldnt_find_post"}.
        if (r.status() == 400 && r.body().contains("couldnt_find_post")) throw FetchException.gone(host + ": no such post");
        JsonNode answer = FetchClient.json(uri, r);
        JsonNode view = Json.object(answer, "post_view", host);
        JsonNode post0 = view.path("post");
        if (post0.path("deleted").asBoolean(false) || post0.path("removed").asBoolean(false)) {
            throw FetchException.gone(host + ": the post was deleted or removed");
        }
        JsonNode counts = Json.object(view, "counts", host);
        JsonNode crossPosts = answer.get("cross_posts");
        Long shares = crossPosts != null && crossPosts.isArray() ? (long) crossPosts.size() : null;
        return new Counts(Json.count(counts, "comments", host), shares, Json.count(counts, "score", host));
    }
}
