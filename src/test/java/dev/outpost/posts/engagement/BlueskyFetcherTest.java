package dev.outpost.posts.engagement;

import static dev.outpost.posts.engagement.FakeNetwork.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.domain.Post;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlueskyFetcherTest {
    static final String RESOLVE = "/xrpc/com.atproto.identity.resolveHandle?handle=jane.bsky.social";
    static final String GET_POSTS = getPosts(Fixtures.BLUESKY_DID, "3l6oveex3ii2l");

    private FakeNetwork appView;
    private BlueskyFetcher fetcher;

    static String getPosts(String did, String rkey) {
        return "/xrpc/app.bsky.feed.getPosts?uris="
                + URLEncoder.encode("at://" + did + "/app.bsky.feed.post/" + rkey, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void start() {
        appView = new FakeNetwork();
        fetcher = new BlueskyFetcher(new FetchClient(FetchClientTest.settings()), URI.create(appView.base()));
    }

    @AfterEach
    void stop() {
        appView.shutdown();
    }

    private static Post post(String id) {
        return TestPosts.post("Bluesky", id, "https://bsky.app/profile/" + id.replace("/", "/post/"));
    }

    @Test
    void resolvesTheHandleThenReadsRepliesRepostsPlusQuotesAndLikes() throws Exception {
        appView.on(RESOLVE, json(Fixtures.BLUESKY_RESOLVED));
        appView.on(GET_POSTS, json(Fixtures.BLUESKY_POSTS));
        assertThat(fetcher.fetch(post("jane.bsky.social/3l6oveex3ii2l"))).isEqualTo(new Counts(4L, 11L, 51L));
        assertThat(appView.hits(RESOLVE)).hasSize(1);
        assertThat(appView.hits(GET_POSTS)).hasSize(1);
    }

    @Test
    void aUrlWithADidNeedsNoResolving() throws Exception {
        appView.on(GET_POSTS, json(Fixtures.BLUESKY_POSTS));
        assertThat(fetcher.fetch(post(Fixtures.BLUESKY_DID + "/3l6oveex3ii2l")).comments()).isEqualTo(4L);
        assertThat(appView.hitCount()).isEqualTo(1);
    }

    @Test
    void aPostMissingFromGetPostsIsGone() {
        appView.on(RESOLVE, json(Fixtures.BLUESKY_RESOLVED));
        appView.on(GET_POSTS, json(Fixtures.BLUESKY_NO_POSTS));
        assertThatThrownBy(() -> fetcher.fetch(post("jane.bsky.social/3l6oveex3ii2l")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE));
    }

    @Test
    void aHandleThatNoLongerResolvesIsAnErrorNotADeletion() {
        appView.on(RESOLVE, json(400, Fixtures.BLUESKY_UNRESOLVED));
        assertThatThrownBy(() -> fetcher.fetch(post("jane.bsky.social/3l6oveex3ii2l")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.RETRY))
                .hasMessageContaining("the handle jane.bsky.social does not resolve");
    }

    @Test
    void malformedJsonFromTheAppViewIsAnError() {
        appView.on(RESOLVE, json(Fixtures.BLUESKY_RESOLVED));
        appView.on(GET_POSTS, json("{\"posts\":[{\"replyCount\":"));
        assertThatThrownBy(() -> fetcher.fetch(post("jane.bsky.social/3l6oveex3ii2l")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.RETRY))
                .hasMessageContaining("malformed JSON");
    }
}
