package dev.outpost.posts.engagement;

import dev.outpost.domain.Post;
import java.net.URI;

/**
 * What every fetcher shares: its network's name, the client, and where the counts come from, either one API
 * host for the whole network (Hacker News, Reddit, YouTube, Bluesky's AppView) or, with no fixed base, the post's
 * own instance (Mastodon, Lemmy), whose ids are local to it.
 */
abstract class NetworkFetcher implements Fetcher {
    private final String network;
    final FetchClient client;
    private final URI base;

    /** @param base the network's API root, or null when each post's own instance answers for it */
    NetworkFetcher(String network, FetchClient client, URI base) {
        this.network = network;
        this.client = client;
        this.base = base;
    }

    @Override
    public final String network() {
        return network;
    }

    @Override
    public final String host(Post post) throws FetchException {
        return base(post).getHost();
    }

    /** The API root the post's counts are read from. */
    final URI base(Post post) throws FetchException {
        return base != null ? base : Instance.of(post);
    }

    /** The post's id on the network when it has the form the API takes; else the post cannot be fetched at all. */
    final String id(Post post, String pattern, String what) throws FetchException {
        String id = post.networkPostId();
        if (id == null || !id.matches(pattern)) throw FetchException.stop("url: no " + network + " " + what + " in the post's URL");
        return id;
    }
}
