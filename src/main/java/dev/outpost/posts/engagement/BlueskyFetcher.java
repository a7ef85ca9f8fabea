package dev.outpost.posts.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.attribution.PostUrls;
import dev.outpost.domain.Post;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Bluesky through the public AppView (no account needed): the handle in the post's URL is resolved to the
 * account's DID ({@code com.atproto.identity.resolveHandle}), then {@code app.bsky.feed.getPosts} reads the post
 * by its AT URI. Shares are reposts plus quotes.
 */
final class BlueskyFetcher extends NetworkFetcher {
    private final URI appView;

    BlueskyFetcher(FetchClient client, URI appView) {
        super(PostUrls.BLUESKY, client, appView);
        this.appView = appView;
    }

    @Override
    public Counts fetch(Post post) throws FetchException, InterruptedException {
        String id = post.networkPostId();
        int slash = id == null ? -1 : id.lastIndexOf('/');
        if (slash <= 0 || slash == id.length() - 1) throw FetchException.stop("url: no Bluesky handle and post key in the post's URL");
        String actor = id.substring(0, slash);
        String rkey = id.substring(slash + 1);
        String did = actor.startsWith("did:") ? actor : resolve(actor);
        String atUri = "at://" + did + "/app.bsky.feed.post/" + rkey;
        JsonNode answer = client.json(xrpc("app.bsky.feed.getPosts", "uris", atUri));
        String host = appView.getHost();
        JsonNode posts = answer.get("posts");
        if (posts == null || !posts.isArray()) throw FetchException.retry(host + ": malformed answer, no posts list");
        // A deleted post is not an error to getPosts: it is simply missing from the list.
        if (posts.isEmpty()) throw FetchException.gone(host + ": the post no longer exists");
        JsonNode p = posts.get(0);
        long reposts = Json.count(p, "repostCount", host);
        Long quotes = Json.optionalCount(p, "quoteCount", host);
        return new Counts(Json.count(p, "replyCount", host), reposts + (quotes == null ? 0 : quotes),
                Json.count(p, "likeCount", host));
    }

    /** The DID behind a handle. Handles change hands and get renamed, so a failure is worth retrying, not "gone". */
    private String resolve(String handle) throws FetchException, InterruptedException {
        URI uri = xrpc("com.atproto.identity.resolveHandle", "handle", handle);
        FetchClient.Response r = client.get(uri);
        if (r.status() == 400 || r.status() == 404) {
            throw FetchException.retry(appView.getHost() + ": the handle " + handle + " does not resolve (renamed?)");
        }
        JsonNode did = FetchClient.json(uri, r).get("did");
        if (did == null || !did.isTextual() || !did.textValue().startsWith("did:")) {
            throw FetchException.retry(appView.getHost() + ": malformed answer, no did for " + handle);
        }
        return did.textValue();
    }

    private URI xrpc(String method, String param, String value) {
        return URI.create(appView + "/xrpc/" + method + "?" + param + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
