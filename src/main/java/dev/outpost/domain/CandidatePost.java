package dev.outpost.domain;

import java.util.Set;

/**
 * A registered post as {@link PostMatcher} needs it.
 *
 * @param id            the post's id in Outpost
 * @param slug          the post's slug, used by tracked links ({@code ?op_post=slug}) and UTM tags; may be null
 * @param network       canonical network name ("Reddit", "X" ...), as {@link PostUrls#detect} gives it
 * @param networkPostId the post's id on the network, as {@link PostUrls#detect} gives it; null when unknown
 * @param url           the post's URL on the network; may be null
 * @param landingPaths  normalised paths (no query) on the owner's site the post links to; null means none
 * @param publishedAt   when the post went out, epoch milliseconds
 */
public record CandidatePost(long id, String slug, String network, String networkPostId, String url,
                            Set<String> landingPaths, long publishedAt) {

    public CandidatePost {
        landingPaths = landingPaths == null ? Set.of() : landingPaths;
    }
}
