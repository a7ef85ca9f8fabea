package dev.outpost.posts.engagement;

import dev.outpost.config.EngagementConfig;
import static dev.outpost.posts.engagement.FakeNetwork.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.domain.Post;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class YouTubeFetcherTest {
    static final String VIDEO = "/youtube/v3/videos?part=statistics&id=dQw4w9WgXcQ&key=owner-key";

    private FakeNetwork google;
    private YouTubeFetcher fetcher;

    @BeforeEach
    void start() {
        google = new FakeNetwork();
        fetcher = new YouTubeFetcher(new FetchClient(FetchClientTest.settings()), URI.create(google.base()), "owner-key");
    }

    @AfterEach
    void stop() {
        google.shutdown();
    }

    private static Post video() {
        return TestPosts.post("YouTube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    }

    @Test
    void readsCommentsAndLikesWithTheOwnersKey() throws Exception {
        google.on(VIDEO, json(Fixtures.YOUTUBE_VIDEO));
        assertThat(fetcher.fetch(video())).isEqualTo(new Counts(64L, null, 812L));
    }

    @Test
    void hiddenCountsAreUnknownNotZero() throws Exception {
        google.on(VIDEO, json(Fixtures.YOUTUBE_QUIET_VIDEO));
        assertThat(fetcher.fetch(video())).isEqualTo(new Counts(null, null, null));
    }

    @Test
    void aVideoNoLongerListedIsGone() {
        google.on(VIDEO, json(Fixtures.YOUTUBE_NONE));
        assertThatThrownBy(() -> fetcher.fetch(video()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE));
    }

    @Test
    void anExhaustedQuotaSaysSoWithoutShowingTheKey() {
        google.on(VIDEO, json(403, Fixtures.YOUTUBE_QUOTA));
        assertThatThrownBy(() -> fetcher.fetch(video()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.RETRY))
                .hasMessage(google.host() + " answered 403 (quotaExceeded)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("owner-key"));
    }

    @Test
    void isSkippedWhenTheOwnerGaveNoKey() {
        var client = new FetchClient(FetchClientTest.settings());
        assertThat(Fetchers.standard(EngagementConfig.fromEnv(Map.of()), client)).doesNotContainKey("YouTube")
                .containsOnlyKeys("Mastodon", "Bluesky", "Reddit", "Hacker News", "Lemmy");
        assertThat(Fetchers.standard(EngagementConfig.fromEnv(Map.of("OUTPOST_YOUTUBE_API_KEY", "k")), client))
                .containsKey("YouTube");
    }
}
