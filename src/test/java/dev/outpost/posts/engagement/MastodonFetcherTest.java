package dev.outpost.posts.engagement;

import static dev.outpost.posts.engagement.FakeNetwork.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.domain.Post;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MastodonFetcherTest {
    static final String STATUS = "/api/v1/statuses/113501234567890123";

    private FakeNetwork instance;
    private MastodonFetcher fetcher;

    @BeforeEach
    void start() {
        instance = new FakeNetwork();
        fetcher = new MastodonFetcher(new FetchClient(FetchClientTest.settings()));
    }

    @AfterEach
    void stop() {
        instance.shutdown();
    }

    private Post post() {
        // Any host can be a Mastodon instance: the post's own URL says which one to ask.
        return TestPosts.post("Mastodon", "113501234567890123", instance.base() + "/@jane/113501234567890123");
    }

    @Test
    void readsRepliesBoostsAndFavouritesFromThePostsOwnInstance() throws Exception {
        instance.on(STATUS, json(Fixtures.MASTODON_STATUS));
        assertThat(fetcher.fetch(post())).isEqualTo(new Counts(7L, 23L, 112L));
        assertThat(fetcher.host(post())).isEqualTo(instance.host());
        assertThat(instance.hits(STATUS)).hasSize(1);
    }

    @Test
    void ignoresUserInfoAndPathInThePostUrlWhenFindingTheInstance() throws Exception {
        instance.on(STATUS, json(Fixtures.MASTODON_STATUS));
        Post p = TestPosts.post("Mastodon", "113501234567890123",
                "http://user:pw@" + instance.host() + ":" + instance.port() + "/web/@jane/113501234567890123?x=1");
        assertThat(fetcher.fetch(p).likes()).isEqualTo(112L);
    }

    @Test
    void aDeletedStatusIsGone() {
        instance.on(STATUS, json(404, Fixtures.MASTODON_NOT_FOUND));
        assertThatThrownBy(() -> fetcher.fetch(post()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE));
    }

    @Test
    void anInstanceThatWantsATokenIsAnErrorWorthRetryingLater() {
        instance.on(STATUS, json(401, "{\"error\":\"This API requires an authenticated user\"}"));
        assertThatThrownBy(() -> fetcher.fetch(post()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.RETRY))
                .hasMessage(instance.host() + " answered 401");
    }

    @Test
    void aStatusWithoutCountsIsMalformed() {
        instance.on(STATUS, json("{\"id\":\"113501234567890123\",\"replies_count\":\"many\"}"));
        assertThatThrownBy(() -> fetcher.fetch(post()))
                .isInstanceOf(FetchException.class).hasMessageContaining("malformed answer");
    }
}
