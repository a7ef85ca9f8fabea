package dev.outpost.posts.engagement;

import static dev.outpost.posts.engagement.FakeNetwork.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.domain.Post;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LemmyFetcherTest {
    static final String POST = "/api/v3/post?id=123456";

    private FakeNetwork instance;
    private LemmyFetcher fetcher;

    @BeforeEach
    void start() {
        instance = new FakeNetwork();
        fetcher = new LemmyFetcher(new FetchClient(FetchClientTest.settings()));
    }

    @AfterEach
    void stop() {
        instance.shutdown();
    }

    private Post post() {
        return TestPosts.post("Lemmy", "123456", instance.base() + "/post/123456");
    }

    @Test
    void readsCommentsCrosspostsAndScoreFromThePostsOwnInstance() throws Exception {
        instance.on(POST, json(Fixtures.LEMMY_POST));
        assertThat(fetcher.fetch(post())).isEqualTo(new Counts(19L, 1L, 148L));
        assertThat(fetcher.host(post())).isEqualTo(instance.host());
    }

    @Test
    void couldntFindPostIsGoneWhetherAnsweredWith400Or404() {
        instance.on(POST, json(400, Fixtures.LEMMY_NOT_FOUND));
        assertThatThrownBy(() -> fetcher.fetch(post()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE));
        instance.on(POST, json(404, Fixtures.LEMMY_NOT_FOUND));
        assertThatThrownBy(() -> fetcher.fetch(post()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE));
    }

    @Test
    void aPostDeletedByItsAuthorIsGone() {
        instance.on(POST, json(Fixtures.LEMMY_POST.replace("\"deleted\":false,\"nsfw\"", "\"deleted\":true,\"nsfw\"")));
        assertThatThrownBy(() -> fetcher.fetch(post()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE));
    }

    @Test
    void anAnswerWithoutCountsIsMalformed() {
        instance.on(POST, json("{\"post_view\":{\"post\":{\"id\":123456}}}"));
        assertThatThrownBy(() -> fetcher.fetch(post())).isInstanceOf(FetchException.class).hasMessageContaining("no counts");
    }
}
