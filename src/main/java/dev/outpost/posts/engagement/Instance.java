package dev.outpost.posts.engagement;

import dev.outpost.domain.Post;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The instance a Mastodon or Lemmy post lives on: scheme, host and port of the post's own URL. Fediverse posts
 * are fetched from there and nowhere else; user info, path and query of the URL are dropped.
 */
final class Instance {
    private Instance() {}

    static URI of(Post post) throws FetchException {
        try {
            URI u = new URI(post.url());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("https") && !scheme.equals("http")) || u.getHost() == null) {
                throw new URISyntaxException(post.url(), "no http(s) host");
            }
            return new URI(scheme, null, u.getHost(), u.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw FetchException.stop("url: the instance cannot be read from the post's URL");
        }
    }
}
