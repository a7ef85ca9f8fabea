package dev.outpost.posts.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.attribution.PostUrls;
import dev.outpost.domain.Post;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Reddit: the thread's public JSON, {@code /comments/{id}.json}, asking for one comment only (the counts are on
 * the post; the tree can run to megabytes). Shares are crossposts, likes the score. Reddit refuses generic
 * User-Agents, so the client sends a descriptive one ({@code OUTPOST_FETCH_USER_AGENT}).
 */
final class RedditFetcher extends NetworkFetcher {
    private static final Pattern THREAD_ID = Pattern.compile("[a-z0-9]{1,13}");
    /** "/r/sub/s/CODE": a share link, whose thread is only known after a redirect to www.reddit.com. */
    private static final Pattern SHARE_LINK = Pattern.compile("^https?://[^/]+/(r|u|user)/[^/]+/s/", Pattern.CASE_INSENSITIVE);

    RedditFetcher(FetchClient client, URI base) {
        super(PostUrls.REDDIT, client, base);
    }

    @Override
    public Counts fetch(Post post) throws FetchException, InterruptedException {
        String id = post.networkPostId();
        if (id == null || SHARE_LINK.matcher(post.url()).find() || !THREAD_ID.matcher(id).matches()) {
            throw FetchException.stop("url: a Reddit share link or no thread id; register the thread's own URL"
                    + " (.../comments/ID/...) to fetch its counts");
        }
        URI base = base(post);
        JsonNode answer = client.json(URI.create(base + "/comments/" + id + ".json?limit=1&depth=1&raw_json=1"));
        String host = base.getHost();
        // [ {post listing}, {comment listing} ]; the post is the first child of the first listing.
        JsonNode data = answer.path(0).path("data").path("children").path(0).path("data");
        if (!data.isObject()) throw FetchException.retry(host + ": malformed answer, no thread in it");
        return new Counts(Json.count(data, "num_comments", host), Json.optionalCount(data, "num_crossposts", host),
                Json.count(data, "score", host));
    }
}
