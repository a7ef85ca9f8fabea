package dev.outpost.attribution;

import dev.outpost.domain.CandidatePost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostMatcherTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long T0 = 1_700_000_000_000L; // 2023-11-14, an arbitrary fixed instant
    private static final PostMatcher MATCHER = new PostMatcher(Duration.ofDays(14));

    // Three posts about the same landing page on different networks, plus one about another page.
    private static final CandidatePost REDDIT = new CandidatePost(11, "reddit-launch", "Reddit", "1abc2de",
            "https://www.reddit.com/r/selfhosted/comments/1abc2de/outpost_launch/", Set.of("/launch"), T0);
    private static final CandidatePost HN = new CandidatePost(12, "hn-launch", "Hacker News", "38500000",
            "https://news.ycombinator.com/item?id=38500000", Set.of("/launch"), T0);
    private static final CandidatePost X_POST = new CandidatePost(13, "x-launch", "X", "1700000000000000001",
            "https://x.com/outpost/status/1700000000000000001", Set.of("/launch", "/pricing"), T0);
    private static final CandidatePost LINKEDIN = new CandidatePost(14, "li-pricing", "LinkedIn",
            "urn:li:activity:7160000000000000000",
            "https://www.linkedin.com/feed/update/urn:li:activity:7160000000000000000/", Set.of("/pricing"), T0);
    private static final List<CandidatePost> ALL = List.of(REDDIT, HN, X_POST, LINKEDIN);

    private static VisitEntry visit(long ts, String network, String path, Map<String, String> params, String ref) {
        return new VisitEntry(ts, network, path, params, ref);
    }

    private static CandidatePost post(long id, String network, String path, long publishedAt) {
        return new CandidatePost(id, "post-" + id, network, null, null, Set.of(path), publishedAt);
    }

    private static PostMatch exact(long id) {
        return new PostMatch(id, PostMatch.EXACT);
    }

    private static PostMatch inferred(long id) {
        return new PostMatch(id, PostMatch.INFERRED);
    }

    @Nested
    class Exact {

        @Test
        void matchesTheTrackedLinkParameterToThePostsSlug() {
            var v = visit(T0 + DAY, "Reddit", "/launch", Map.of("op_post", "hn-launch"), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(exact(12));
        }

        @Test
        void trustsTheTrackedLinkEvenWhenTheVisitCameFromAnotherNetworkOrBeforePublication() {
            // the link was copied from the HN post into a Reddit comment, and the post's time was recorded late
            var v = visit(T0 - DAY, "Reddit", "/elsewhere", Map.of("op_post", "hn-launch"), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(exact(12));
        }

        @ParameterizedTest(name = "{0}={1} -> post {2}")
        @CsvSource(delimiter = '|', textBlock = """
                utm_content | 13           | 13
                utm_id      | 14           | 14
                utm_content | x-launch     | 13
                utm_content | X-Launch     | 13
                utm_id      | li-pricing   | 14
                UTM_Content | reddit-launch| 11
                utm_content | ' 12 '       | 12
                """)
        void matchesUtmTagsThatNameThePostByIdOrSlug(String param, String value, long expected) {
            var v = visit(T0 + DAY, null, "/somewhere", Map.of(param, value), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(exact(expected));
        }

        @Test
        void ignoresUtmTagsThatNameNoPost() {
            var v = visit(T0 + DAY, null, "/launch", Map.of("utm_content", "sidebar", "utm_id", "999"), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(PostMatch.NONE);
        }

        @Test
        void prefersAnIdTagOverASlugThatLooksLikeAnId() {
            var numericSlug = new CandidatePost(20, "13", "Reddit", null, null, Set.of(), T0);
            var v = visit(T0 + DAY, null, "/x", Map.of("utm_content", "13"), null);

            assertThat(MATCHER.match(v, List.of(numericSlug, X_POST))).isEqualTo(exact(13));
        }

        @Test
        void prefersTheTrackedLinkOverAUtmTagNamingAnotherPost() {
            var v = visit(T0 + DAY, null, "/x", Map.of("utm_content", "x-launch", "op_post", "hn-launch"), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(exact(12));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                https://www.reddit.com/r/selfhosted/comments/1abc2de/outpost_launch/           | 11
                https://old.reddit.com/r/selfhosted/comments/1abc2de/outpost_launch/kx9y8z7/   | 11
                https://www.reddit.com/r/SelfHosted/comments/1ABC2DE/                          | 11
                https://out.reddit.com/t3_1abc2de?url=https%3A%2F%2Fmyblog.dev%2Flaunch        | 11
                https://news.ycombinator.com/item?id=38500000                                  | 12
                https://news.ycombinator.com/reply?id=38500777&goto=item%3Fid%3D38500000        | 12
                https://twitter.com/outpost/status/1700000000000000001                         | 13
                https://www.linkedin.com/posts/outpost_pricing-activity-7160000000000000000-AbCd | 14
                """)
        void matchesAReferrerThatPointsAtThePost(String referrer, long expected) {
            var v = visit(T0 + DAY, "Reddit", "/elsewhere", Map.of(), referrer);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(exact(expected));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                https://www.reddit.com/
                https://www.reddit.com/r/selfhosted/comments/9zzzzz/another_thread/
                https://news.ycombinator.com/item?id=385000001
                https://news.ycombinator.com/item?id=138500000
                https://example.com/item?id=38500000
                https://blog.example.com/r/selfhosted/comments/1abc2de/outpost_launch/
                not a url
                """)
        void doesNotMatchAReferrerThatOnlyResemblesThePost(String referrer) {
            var v = visit(T0 + DAY, null, "/elsewhere", Map.of(), referrer);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(PostMatch.NONE);
        }

        @Test
        void matchesAReferrerByPathOnAnUnknownHostWhenTheHostIsThePosts() {
            var forum = new CandidatePost(30, "forum", PostRef.OTHER, null,
                    "https://forum.example.org/t/outpost-released/4711", Set.of("/launch"), T0);
            var v = visit(T0 + DAY, null, "/launch", Map.of(), "https://forum.example.org/t/outpost-released/4711/12");

            assertThat(MATCHER.match(v, List.of(forum))).isEqualTo(exact(30));
        }

        @Test
        void beatsAnInferenceForAnotherPost() {
            // Inference alone would pick the Reddit post (the only Reddit post linking /launch).
            var v = visit(T0 + DAY, "Reddit", "/launch", Map.of("utm_content", "x-launch"), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(exact(13));
        }

        @Test
        void resolvesADuplicateSlugToThePostLiveAtTheVisitThenTheMostRecentThenTheLowestId() {
            var older = new CandidatePost(41, "dup", "X", null, null, Set.of(), T0);
            var newer = new CandidatePost(42, "dup", "X", null, null, Set.of(), T0 + 2 * DAY);
            var newerTwin = new CandidatePost(43, "dup", "X", null, null, Set.of(), T0 + 2 * DAY);
            var future = new CandidatePost(40, "dup", "X", null, null, Set.of(), T0 + 9 * DAY);
            var v = visit(T0 + 3 * DAY, null, "/x", Map.of("op_post", "dup"), null);

            assertThat(MATCHER.match(v, List.of(future, newerTwin, older, newer))).isEqualTo(exact(42));
        }
    }

    @Nested
    class Inferred {

        @Test
        void creditsTheOnlyPostOnTheVisitsNetworkLinkingToTheLandingPath() {
            var v = visit(T0 + 3 * DAY, "Reddit", "/launch", Map.of(), "https://www.reddit.com/");

            assertThat(MATCHER.match(v, ALL)).isEqualTo(inferred(11));
        }

        @ParameterizedTest(name = "landing {0}")
        @CsvSource({"/launch/", "launch", "/launch?ref=abc", "/launch#top"})
        void comparesLandingPathsIgnoringTrailingSlashQueryAndFragment(String path) {
            var v = visit(T0 + DAY, "Hacker News", path, Map.of(), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(inferred(12));
        }

        @Test
        void treatsLandingPathsAsCaseSensitive() {
            var v = visit(T0 + DAY, "Hacker News", "/Launch", Map.of(), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(PostMatch.NONE);
        }

        @Test
        void neverInfersAPostOnAnotherNetwork() {
            var v = visit(T0 + DAY, "Mastodon", "/launch", Map.of(), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(PostMatch.NONE);
        }

        @Test
        void neverInfersWithoutANetwork() {
            var v = visit(T0 + DAY, null, "/launch", Map.of(), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(PostMatch.NONE);
        }

        @Test
        void neverInfersAPostLinkingToAnotherPage() {
            var v = visit(T0 + DAY, "LinkedIn", "/launch", Map.of(), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(PostMatch.NONE);
        }

        @ParameterizedTest(name = "visit at publication {0} ms -> {1}")
        @CsvSource({
                "-1,          false", // published a millisecond after the visit: never
                "0,           true",  // the same millisecond counts as at or before
                "1209600000,  true",  // exactly 14 days later: the window is inclusive
                "1209600001,  false"  // one millisecond past the window
        })
        void honoursPublicationTimeAndTheWindowBoundary(long offset, boolean matches) {
            var v = visit(T0 + offset, "X", "/pricing", Map.of(), null);

            assertThat(MATCHER.match(v, ALL)).isEqualTo(matches ? inferred(13) : PostMatch.NONE);
        }

        @Test
        void usesTheConfiguredWindow() {
            var v = visit(T0 + 3 * DAY, "X", "/pricing", Map.of(), null);

            assertThat(new PostMatcher(Duration.ofDays(2)).match(v, ALL)).isEqualTo(PostMatch.NONE);
            assertThat(new PostMatcher(Duration.ofDays(3)).match(v, ALL)).isEqualTo(inferred(13));
            assertThat(new PostMatcher().match(v, ALL)).isEqualTo(inferred(13));
        }

        @Test
        void givesUpWhenTwoPostsOnTheNetworkLinkTheLandingAndAreBothInsideTheWindow() {
            var a = post(1, "X", "/launch", T0);
            var b = post(2, "X", "/launch", T0 + 10 * DAY);
            var v = visit(T0 + 12 * DAY, "X", "/launch", Map.of(), null);

            assertThat(MATCHER.match(v, List.of(a, b))).isEqualTo(PostMatch.NONE);
        }

        @Test
        void givesUpOnATieInPublicationTime() {
            var a = post(1, "X", "/launch", T0);
            var b = post(2, "X", "/launch", T0);
            var v = visit(T0 + DAY, "X", "/launch", Map.of(), null);

            assertThat(MATCHER.match(v, List.of(a, b))).isEqualTo(PostMatch.NONE);
        }

        @Test
        void givesUpWhenTheOlderPostsWindowIsStillOpenAtTheVisitEvenByItsLastMillisecond() {
            var a = post(1, "X", "/launch", T0);
            var b = post(2, "X", "/launch", T0 + 14 * DAY);
            var v = visit(T0 + 14 * DAY, "X", "/launch", Map.of(), null);

            assertThat(MATCHER.match(v, List.of(a, b))).isEqualTo(PostMatch.NONE);
        }

        @Test
        void creditsTheNewerPostOnceTheOlderPostsWindowHasClosed() {
            var a = post(1, "X", "/launch", T0);
            var b = post(2, "X", "/launch", T0 + 20 * DAY);
            var v = visit(T0 + 21 * DAY, "X", "/launch", Map.of(), null);

            assertThat(MATCHER.match(v, List.of(a, b))).isEqualTo(inferred(2));
        }

        @Test
        void creditsTheNewerPostWhenTheOlderWindowClosedBeforeTheVisitThoughItOverlappedThePublication() {
            // The older post's window (day 0-14) overlaps the newer post's publication (day 10), but at the
            // visit (day 20) only the newer one is still within its window: it is the single candidate.
            var a = post(1, "X", "/launch", T0);
            var b = post(2, "X", "/launch", T0 + 10 * DAY);
            var v = visit(T0 + 20 * DAY, "X", "/launch", Map.of(), null);

            assertThat(MATCHER.match(v, List.of(a, b))).isEqualTo(inferred(2));
        }

        @Test
        void ignoresAPostPublishedAfterTheVisitWhenCountingCandidates() {
            var a = post(1, "X", "/launch", T0);
            var later = post(2, "X", "/launch", T0 + 5 * DAY);
            var v = visit(T0 + 4 * DAY, "X", "/launch", Map.of(), null);

            assertThat(MATCHER.match(v, List.of(a, later))).isEqualTo(inferred(1));
        }

        @Test
        void ignoresOtherNetworksPostsWhenCountingCandidates() {
            var x = post(1, "X", "/launch", T0);
            var reddit = post(2, "Reddit", "/launch", T0);
            var v = visit(T0 + DAY, "X", "/launch", Map.of(), null);

            assertThat(MATCHER.match(v, List.of(x, reddit))).isEqualTo(inferred(1));
        }
    }

    @Test
    void matchesNothingWithoutPosts() {
        var v = visit(T0, "X", "/launch", Map.of("op_post", "x-launch"), null);

        assertThat(MATCHER.match(v, List.of())).isEqualTo(PostMatch.NONE);
        assertThat(MATCHER.match(v, null)).isEqualTo(PostMatch.NONE);
    }

    @Test
    void toleratesMissingParamsPathAndLandingPaths() {
        var bare = new CandidatePost(1, null, "X", null, null, null, T0);
        var v = new VisitEntry(T0, "X", null, null, null);

        assertThat(MATCHER.match(v, List.of(bare))).isEqualTo(PostMatch.NONE);
    }

    @Test
    void readsTheTrackedParameterWhateverOtherParametersTheLandingCarries() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("fbclid", "IwAR0abc");
        params.put("op_post", "li-pricing");
        params.put("empty", null);

        assertThat(MATCHER.match(visit(T0, "Facebook", "/pricing", params, null), ALL)).isEqualTo(exact(14));
    }

    @Test
    void refusesANegativeWindow() {
        assertThatThrownBy(() -> new PostMatcher(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inferenceWindow");
    }

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            abc123 | /r/x/comments/abc123/title | true
            abc123 | /r/x/comments/abc1234/     | false
            abc123 | /r/x/comments/xabc123/     | false
            abc123 | abc123                     | true
            abc123 | slug-abc123                | true
            123    | item?id=123&x=1            | true
            123    | item?id=1234               | false
            123    | item?id=0123               | false
            """)
    void findsIdsOnlyAsWholeTokens(String needle, String haystack, boolean expected) {
        assertThat(PostMatcher.containsToken(haystack, needle)).isEqualTo(expected);
    }
}
