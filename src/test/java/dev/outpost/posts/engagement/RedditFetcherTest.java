package dev.outpost.posts.engagement;

import static dev.outpost.posts.engagement.FakeNetwork.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.domain.Post;
import java.net.URI;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedditFetcherTest {
    static final String THREAD = "/comments/1gq2w3e.json?limit=1&depth=1&raw_json=1";

    private FakeNetwork reddit;
    private RedditFetcher fetcher;

    @BeforeEach
    void start() {
        reddit = new FakeNetwork();
        fetcher = new RedditFetcher(new FetchClient(FetchClientTest.settings()), URI.create(reddit.base()));
    }

    @AfterEach
    void stop() {
        reddit.shutdown();
    }

    private static Post thread() {
        return TestPosts.post("Reddit", "1gq2w3e", "https://www.reddit.com/r/selfhosted/comments/1gq2w3e/i_built/");
    }

    @Test
    void readsCommentsCrosspostsAndScoreWithADescriptiveUserAgent() throws Exception {
        reddit.on(THREAD, json(Fixtures.REDDIT_THREAD));
        assertThat(fetcher.fetch(thread())).isEqualTo(new Counts(87L, 3L, 342L));
        assertThat(reddit.hits(THREAD)).singleElement()
                .satisfies(h -> assertThat(h.userAgent()).isEqualTo(FetchClientTest.AGENT));
    }

    @Test
    void followsRedditsRedirectToTheCanonicalThreadOnTheSameHost() throws Exception {
        String canonical = "/r/selfhosted/comments/1gq2w3e/i_built/.json?limit=1&depth=1&raw_json=1";
        reddit.on(THREAD, new MockResponse.Builder().code(301).setHeader("Location", canonical).build());
        reddit.on(canonical, json(Fixtures.REDDIT_THREAD));
        assertThat(fetcher.fetch(thread()).comments()).isEqualTo(87L);
    }

    @Test
    void aShareLinkCannotBeFetchedAndSaysWhatToRegisterInstead() {
        Post share = TestPosts.post("Reddit", "AbCdEf1234", "https://www.reddit.com/r/selfhosted/s/AbCdEf1234");
        assertThatThrownBy(() -> fetcher.fetch(share))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.STOP))
                .hasMessageContaining("register the thread's own URL");
        assertThat(reddit.hitCount()).isZero();
    }

    @Test
    void aThreadThatDoesNotExistIsGone() {
        reddit.on(THREAD, json(404, Fixtures.REDDIT_NOT_FOUND));
        assertThatThrownBy(() -> fetcher.fetch(thread()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.GONE));
    }

    @Test
    void anHtmlBlockPageIsMalformedNotCounts() {
        reddit.on(THREAD, new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<!doctype html><title>Blocked</title>").build());
        assertThatThrownBy(() -> fetcher.fetch(thread())).isInstanceOf(FetchException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void anAnswerWithoutAThreadIsMalformed() {
        reddit.on(THREAD, json("[{\"kind\":\"Listing\",\"data\":{\"children\":[]}}]"));
        assertThatThrownBy(() -> fetcher.fetch(thread())).isInstanceOf(FetchException.class).hasMessageContaining("no thread");
    }
}
