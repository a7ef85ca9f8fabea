package dev.outpost.posts.engagement;

import dev.outpost.domain.Post;
import java.time.Instant;
import java.util.List;

/** Posts as the registry hands them to fetchers, without a database. */
final class TestPosts {
    private TestPosts() {}

    static Post post(String network, String networkPostId, String url) {
        long published = Instant.parse("2026-11-20T09:00:00Z").toEpochMilli();
        return new Post(1, 1, "blog.example", network, networkPostId, url, null, published, null, "slug123", published,
                List.of(new Post.Target("https://blog.example/launch", "/launch")));
    }
}
