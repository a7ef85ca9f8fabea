package dev.outpost.attribution;

/**
 * Which registered post a visit is credited to.
 *
 * @param postId the post's id, null for {@link #NONE}
 * @param rule   {@link #EXACT} when the visit named the post (tracked link, UTM tag, referrer), {@link #INFERRED}
 *               when only timing and landing path point at it; null for {@link #NONE}
 */
public record PostMatch(Long postId, String rule) {

    public static final String EXACT = "exact";
    public static final String INFERRED = "inferred";

    /** No post: the credit goes to the network alone. */
    public static final PostMatch NONE = new PostMatch(null, null);
}
