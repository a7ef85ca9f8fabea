package dev.outpost.posts.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.attribution.PostUrls;
import dev.outpost.domain.Post;
import java.net.URI;

/**
 * Hacker News: the Firebase item API, {@code /v0/item/{id}.json}. Comments are all of a story's descendants, not
 * only the direct replies; likes are the score. Hacker News has no shares.
 */
final class HackerNewsFetcher extends NetworkFetcher {
    HackerNewsFetcher(FetchClient client, URI base) {
        super(PostUrls.HACKER_NEWS, client, base);
    }

    @Override
    public Counts fetch(Post post) throws FetchException, InterruptedException {
        String id = id(post, "\\d{1,25}", "item id");
        URI base = base(post);
        JsonNode item = client.json(URI.create(base + "/v0/item/" + id + ".json"));
        String host = base.getHost();
        // Firebase answers an unknown id with a plain null, and keeps a stub of a deleted item.
        if (item.isNull()) throw FetchException.gone(host + ": no such item");
        if (!item.isObject()) throw FetchException.retry(host + ": malformed answer, not an item");
        if (item.path("deleted").asBoolean(false)) throw FetchException.gone(host + ": the item was deleted");
        return new Counts(Json.optionalCount(item, "descendants", host), null, Json.optionalCount(item, "score", host));
    }
}
