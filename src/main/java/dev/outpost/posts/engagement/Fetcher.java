package dev.outpost.posts.engagement;

import dev.outpost.domain.Post;

/** Reads one network's counts for a post from its public API, through the shared {@link FetchClient}. */
public interface Fetcher {
    /** The network, named as post detection names it ("Mastodon", "Hacker News" ...). */
    String network();

    /**
     * The host the post's counts come from. Posts on one host share its rate limits and its outages: when it
     * fails, the scheduler leaves its other posts for later rather than failing each of them in turn.
     */
    String host(Post post) throws FetchException;

    Counts fetch(Post post) throws FetchException, InterruptedException;
}
