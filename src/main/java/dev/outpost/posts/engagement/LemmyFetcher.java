package dev.outpost.posts.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.attribution.PostUrls;
import dev.outpost.domain.Post;
import java.net.URI;

/**
 * Lemmy: {@code GET /api/v3/post?id=} on the post's own instance. Shares are the crossposts Lemmy lists with the
 * post, likes its score (up minus down votes, which can go below zero).
 */
final class LemmyFetcher extends NetworkFetcher {
    LemmyFetcher(FetchClient client) {
        super(PostUrls.LEMMY, client, null);
    }

    @Override
    public Counts fetch(Post post) throws FetchException, InterruptedException {
        String id = id(post, "\\d{1,25}", "post id");
        URI base = base(post);
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
