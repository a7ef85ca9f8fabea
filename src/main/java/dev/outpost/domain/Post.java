package dev.outpost.domain;

import java.util.List;

/**
 * A post the owner published on an outpost (a social network), the landing URLs on the owner's
 * site it links to, and its tracked link's slug. {@code site} is the site's domain.
 */
public record Post(long id, long siteId, String site, String network, String networkPostId, String url, String title,
                   long publishedAt, String campaign, String slug, long createdAt, List<Target> targets) {
    public Post {
        targets = List.copyOf(targets);
    }

    /** A landing URL and its path (decoded, no query), the form visits are matched on. */
    public record Target(String url, String path) {}

    /** A checked post not yet stored; a null slug gets a random one. */
    public record Draft(long siteId, String network, String networkPostId, String url, String title, long publishedAt,
                        String campaign, String slug, List<Target> targets) {
        public Draft {
            targets = List.copyOf(targets);
        }
    }
}
