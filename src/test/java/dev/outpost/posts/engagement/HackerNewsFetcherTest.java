package dev.outpost.posts.engagement;

import static dev.outpost.posts.engagement.FakeNetwork.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HackerNewsFetcherTest {
    static final String ITEM = "/v0/item/42424242.json";

    private FakeNetwork firebase;
    private HackerNewsFetcher fetcher;

    @BeforeEach
    void start() {
        firebase = new FakeNetwork();
        fetcher = new HackerNewsFetcher(new FetchClient(FetchClientTest.settings()), URI.create(firebase.base()));
    }

    @AfterEach
    void stop() {
        firebase.shutdown();
    }

    private static dev.outpost.domain.Post story() {
        return TestPosts.post("Hacker News", "42424242", "https://news.ycombinator.com/item?id=42424242");
    }

    @Test
    void readsAllDescendantsAsCommentsAndTheScoreAsLikesWithNoShares() throws Exception {
        firebase.on(ITEM, json(Fixtures.HN_STORY));
        assertThat(fetcher.fetch(story())).isEqualTo(new Counts(71L, null, 256L));
    }

    @Test
    void anUnknownItemIsAPlainNullAndGone() {
        firebase.on(ITEM, json("null"));
        assertThatThrownBy(() -> fetcher.fetch(story()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE));
    }

    @Test
    void aDeletedItemIsGone() {
        firebase.on(ITEM, json(Fixtures.HN_DELETED));
        assertThatThrownBy(() -> fetcher.fetch(story()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE))
                .hasMessageContaining("deleted");
    }

    @Test
    void aServerErrorIsRetriedThenReported() {
        firebase.on(ITEM, json(500, "{\"error\":\"internal\"}"));
        assertThatThrownBy(() -> fetcher.fetch(story()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.RETRY))
                .hasMessageContaining("answered 500 (3 tries)");
        assertThat(firebase.hits(ITEM)).hasSize(3);
    }
}
