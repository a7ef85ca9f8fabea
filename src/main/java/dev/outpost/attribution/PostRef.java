package dev.outpost.attribution;

/**
 * A post on a social network, as read from its URL by {@link PostUrls#detect}.
 *
 * @param network canonical network name as in the sources table ("X", "Reddit", "Hacker News", "Mastodon" ...),
 *                or {@link #OTHER} for a host that is no known social network
 * @param postId  the post's id on that network in the form documented on {@link PostUrls}; null when the URL
 *                names no post (a profile, a home page, a link shortener)
 */
public record PostRef(String network, String postId) {

    /** The network of a URL on a host that belongs to no known social network. */
    public static final String OTHER = "Other";
}
