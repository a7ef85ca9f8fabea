package dev.outpost.posts.engagement;

import dev.outpost.config.EngagementConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The networks whose counts can be fetched, by name, all through one client. */
final class Fetchers {
    private Fetchers() {}

    /**
     * Mastodon, Bluesky, Reddit, Hacker News, Lemmy, and YouTube when the owner gave a key. Every other network
     * (X, LinkedIn, Facebook, Instagram, Threads, TikTok ...) has no open API for counts: the owner enters them.
     */
    static Map<String, Fetcher> standard(EngagementConfig config, FetchClient client) {
        Map<String, Fetcher> out = new LinkedHashMap<>();
        add(out, new MastodonFetcher(client));
        add(out, new BlueskyFetcher(client, config.blueskyAppView()));
        add(out, new RedditFetcher(client, config.reddit()));
        add(out, new HackerNewsFetcher(client, config.hackerNews()));
        add(out, new LemmyFetcher(client));
        if (config.youTubeApiKey() != null) add(out, new YouTubeFetcher(client, config.youTube(), config.youTubeApiKey()));
        return out;
    }

    private static void add(Map<String, Fetcher> out, Fetcher f) {
        out.put(f.network(), f);
    }
}
