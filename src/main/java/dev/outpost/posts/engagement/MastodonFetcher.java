package dev.outpost.posts.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.attribution.PostUrls;
import dev.outpost.domain.Post;
import java.net.URI;

/**
 * Mastodon (and servers speaking its API: GoToSocial, Akkoma ...): {@code GET /api/v1/statuses/{id}} on the
 * post's own instance, public statuses need no token. The status id in a URL is local to the instance in that URL.
 */
final class MastodonFetcher extends NetworkFetcher {
    MastodonFetcher(FetchClient client) {
        super(PostUrls.MASTODON, client, null);
    }

    @Override
    public Counts fetch(Post post) throws FetchException, InterruptedException {
        String id = id(post, "\\d{1,25}", "status id");
        URI base = base(post);
        JsonNode status = client.json(URI.create(base + "/api/v1/statuses/" + id));
        String host = base.getHost();
        if (!status.isObject()) throw FetchException.retry(host + ": malformed answer, not a status");
        return new Counts(Json.count(status, "replies_count", host), Json.count(status, "reblogs_count", host),
                Json.count(status, "favourites_count", host));
    }
}
