package dev.outpost.posts.engagement;

/**
 * One reading of a post's counts. Null means the network does not tell (Hacker News has no shares, a YouTube
 * video may hide its likes), which is not the same as zero.
 *
 * @param comments replies, comments
 * @param shares   reposts, boosts, quotes, crossposts: people passing the post on
 * @param likes    likes, favourites, score: shown, but a vanity number next to the other two. A score (Lemmy's,
 *                 upvotes minus downvotes) can be below zero; the network's figure is kept as it is
 */
public record Counts(Long comments, Long shares, Long likes) {
    /**
     * Comments plus shares: the engagement that shows people cared enough to answer or pass the post on. Likes stay
     * out on purpose (a like costs nothing). Null when the network tells neither.
     */
    public Long engagements() {
        if (comments == null && shares == null) return null;
        return (comments == null ? 0 : comments) + (shares == null ? 0 : shares);
    }
}
