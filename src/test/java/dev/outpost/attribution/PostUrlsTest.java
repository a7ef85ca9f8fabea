package dev.outpost.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Table-driven: URL of a post | expected network | expected post id (empty cell = null). */
class PostUrlsTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # X / Twitter
            https://twitter.com/jack/status/20                                                  | X           | 20
            https://x.com/elonmusk/status/1519480761749016577?s=20                              | X           | 1519480761749016577
            https://mobile.twitter.com/nasa/status/1600000000000000000                          | X           | 1600000000000000000
            https://www.x.com/i/web/status/1700000000000000001                                  | X           | 1700000000000000001
            https://x.com/i/status/1700000000000000002                                          | X           | 1700000000000000002
            https://twitter.com/someone/status/1234567890123456789/photo/1                      | X           | 1234567890123456789
            https://x.com/someone/status/1234567890123456789/analytics                          | X           | 1234567890123456789
            https://twitter.com/#!/someone/status/123456789                                     | X           | 123456789
            https://twitter.com/someone/statuses/987654321                                      | X           | 987654321
            https://x.com/someone                                                               | X           |
            https://t.co/AbCdEf123                                                              | X           |
            # Reddit
            https://www.reddit.com/r/selfhosted/comments/1abc2de/my_analytics_setup/             | Reddit      | 1abc2de
            https://old.reddit.com/r/java/comments/xyz789/title_here/                            | Reddit      | xyz789
            https://np.reddit.com/r/java/comments/XYZ789/title/kx1y2z3/                          | Reddit      | xyz789
            https://redd.it/1abc2de                                                             | Reddit      | 1abc2de
            https://www.reddit.com/comments/1abc2de                                             | Reddit      | 1abc2de
            https://www.reddit.com/user/jane/comments/1q2w3e/my_post/                            | Reddit      | 1q2w3e
            https://www.reddit.com/r/selfhosted/s/AbC123xYz9                                    | Reddit      | AbC123xYz9
            https://www.reddit.com/gallery/1abc2de                                              | Reddit      | 1abc2de
            https://www.reddit.com/r/selfhosted/                                                | Reddit      |
            # Hacker News
            https://news.ycombinator.com/item?id=38500000                                       | Hacker News | 38500000
            https://news.ycombinator.com/item?id=38500000&p=2                                   | Hacker News | 38500000
            https://news.ycombinator.com/item?id=abc                                            | Hacker News |
            https://news.ycombinator.com/news                                                   | Hacker News |
            # Mastodon, on listed and unlisted instances
            https://mastodon.social/@Gargron/109320000000000000                                 | Mastodon    | 109320000000000000
            https://hachyderm.io/@jane@fosstodon.org/111222333444555666                         | Mastodon    | 111222333444555666
            https://mastodon.social/users/Gargron/statuses/109320000000000000                   | Mastodon    | 109320000000000000
            https://social.example.net/@alice/112233445566778899                                | Mastodon    | 112233445566778899
            https://toot.example.org/users/alice/statuses/112233445566778899                    | Mastodon    | 112233445566778899
            https://social.example.net/@alice@mastodon.social/112233445566778899                | Mastodon    | 112233445566778899
            https://mastodon.social/web/statuses/105000000000000000                             | Mastodon    | 105000000000000000
            https://mastodon.social/@Gargron                                                    | Mastodon    |
            https://social.example.net/@alice                                                   | Other       |
            https://blog.example.net/@alice/my-post-title                                       | Other       |
            # Bluesky
            https://bsky.app/profile/jay.bsky.team/post/3k44deefqdk2g                            | Bluesky     | jay.bsky.team/3k44deefqdk2g
            https://bsky.app/profile/Jane.Example.COM/post/3kabcdefghi2x                         | Bluesky     | jane.example.com/3kabcdefghi2x
            https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3k44deefqdk2g         | Bluesky     | did:plc:z72i7hdynmk6r22z27h6tvur/3k44deefqdk2g
            https://bsky.app/profile/jay.bsky.team                                               | Bluesky     |
            # LinkedIn
            https://www.linkedin.com/feed/update/urn:li:activity:7160000000000000000/             | LinkedIn    | urn:li:activity:7160000000000000000
            https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7160000000000000000        | LinkedIn    | urn:li:activity:7160000000000000000
            https://www.linkedin.com/feed/update/urn:li:share:7150000000000000000/                | LinkedIn    | urn:li:share:7150000000000000000
            https://www.linkedin.com/feed/update/urn:li:ugcPost:7140000000000000000/              | LinkedIn    | urn:li:ugcPost:7140000000000000000
            https://www.linkedin.com/embed/feed/update/urn:li:share:7150000000000000000           | LinkedIn    | urn:li:share:7150000000000000000
            https://www.linkedin.com/posts/jane-doe_launch-day-activity-7160000000000000000-AbCd   | LinkedIn    | urn:li:activity:7160000000000000000
            https://www.linkedin.com/posts/acme_we-are-hiring-ugcPost-7140000000000000000-x1Yz/   | LinkedIn    | urn:li:ugcPost:7140000000000000000
            https://www.linkedin.com/in/jane-doe/                                                | LinkedIn    |
            # YouTube
            https://www.youtube.com/watch?v=dQw4w9WgXcQ                                          | YouTube     | dQw4w9WgXcQ
            https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123                         | YouTube     | dQw4w9WgXcQ
            https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ                            | YouTube     | dQw4w9WgXcQ
            https://m.youtube.com/watch?v=dQw4w9WgXcQ                                            | YouTube     | dQw4w9WgXcQ
            https://music.youtube.com/watch?v=dQw4w9WgXcQ&si=abc                                 | YouTube     | dQw4w9WgXcQ
            https://youtu.be/dQw4w9WgXcQ?t=42                                                    | YouTube     | dQw4w9WgXcQ
            https://www.youtube.com/shorts/aBcDeFgHiJk                                           | YouTube     | aBcDeFgHiJk
            https://www.youtube.com/embed/dQw4w9WgXcQ?start=10                                   | YouTube     | dQw4w9WgXcQ
            https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ                                   | YouTube     | dQw4w9WgXcQ
            https://www.youtube.com/live/jfKfPfyJRdk?feature=shared                              | YouTube     | jfKfPfyJRdk
            https://www.youtube.com/watch?v=tooShort                                             | YouTube     |
            https://www.youtube.com/@somechannel                                                 | YouTube     |
            # Facebook
            https://www.facebook.com/acmecorp/posts/1234567890123456                             | Facebook    | 1234567890123456
            https://www.facebook.com/acmecorp/posts/pfbid02AbCdEfGhIjKlMnOpQrStUvWxYz123l         | Facebook    | pfbid02AbCdEfGhIjKlMnOpQrStUvWxYz123l
            https://www.facebook.com/permalink.php?story_fbid=1234567890&id=100012345678          | Facebook    | 1234567890
            https://m.facebook.com/story.php?story_fbid=pfbid0XyZ&id=100012345678                 | Facebook    | pfbid0XyZ
            https://www.facebook.com/watch?v=987654321012345                                     | Facebook    | 987654321012345
            https://www.facebook.com/watch/?v=987654321012345                                    | Facebook    | 987654321012345
            https://www.facebook.com/reel/1122334455667788                                       | Facebook    | 1122334455667788
            https://fb.watch/nQ3xYz_AbC/                                                         | Facebook    | nQ3xYz_AbC
            https://www.facebook.com/share/p/1AbCdEfGh2/                                         | Facebook    | 1AbCdEfGh2
            https://www.facebook.com/groups/selfhosters/posts/5566778899/                        | Facebook    | 5566778899
            https://www.facebook.com/acmecorp/videos/launch-day/445566778899/                    | Facebook    | 445566778899
            https://www.facebook.com/acmecorp                                                    | Facebook    |
            # Instagram
            https://www.instagram.com/p/C1a2B3c4D5e/                                              | Instagram   | C1a2B3c4D5e
            https://www.instagram.com/reel/C9x8Y7z6W5v/?igsh=abc123                               | Instagram   | C9x8Y7z6W5v
            https://www.instagram.com/tv/B_aBcDeFgHi                                              | Instagram   | B_aBcDeFgHi
            https://www.instagram.com/janedoe/p/C1a2B3c4D5e/                                      | Instagram   | C1a2B3c4D5e
            https://www.instagram.com/janedoe/                                                    | Instagram   |
            # Threads
            https://www.threads.net/@zuck/post/CuP48CiS5sx                                        | Threads     | CuP48CiS5sx
            https://www.threads.com/@zuck/post/CuP48CiS5sx?xmt=abc                                | Threads     | CuP48CiS5sx
            # TikTok
            https://www.tiktok.com/@scout2015/video/6718335390845095173                            | TikTok      | 6718335390845095173
            https://www.tiktok.com/@scout2015/photo/7300000000000000000                            | TikTok      | 7300000000000000000
            https://vm.tiktok.com/ZMeAbCdEf/                                                       | TikTok      | ZMeAbCdEf
            https://www.tiktok.com/t/ZTRabc123/                                                    | TikTok      | ZTRabc123
            https://m.tiktok.com/v/6718335390845095173.html                                        | TikTok      | 6718335390845095173
            # Pinterest
            https://www.pinterest.com/pin/99360735500167749/                                       | Pinterest   | 99360735500167749
            https://www.pinterest.de/pin/99360735500167749/                                        | Pinterest   | 99360735500167749
            https://de.pinterest.com/pin/99360735500167749/                                        | Pinterest   | 99360735500167749
            https://www.pinterest.co.uk/pin/99360735500167749/                                     | Pinterest   | 99360735500167749
            https://pin.it/4AbCdEf                                                                 | Pinterest   | 4AbCdEf
            # Medium
            https://medium.com/@jane/why-we-self-host-our-analytics-3f2a1b4c5d6e                   | Medium      | 3f2a1b4c5d6e
            https://jane.medium.com/why-we-self-host-our-analytics-3f2a1b4c5d6e?source=rss         | Medium      | 3f2a1b4c5d6e
            https://medium.com/better-programming/java-records-in-practice-a1b2c3d4e5f6            | Medium      | a1b2c3d4e5f6
            https://medium.com/p/3f2a1b4c5d6e                                                      | Medium      | 3f2a1b4c5d6e
            https://medium.com/@jane                                                               | Medium      |
            # Substack
            https://janedoe.substack.com/p/why-i-left-big-tech                                     | Substack    | why-i-left-big-tech
            https://janedoe.substack.com/p/why-i-left-big-tech?utm_source=x&r=abc                  | Substack    | why-i-left-big-tech
            https://open.substack.com/pub/janedoe/p/why-i-left-big-tech                            | Substack    | why-i-left-big-tech
            https://janedoe.substack.com/                                                          | Substack    |
            # Lemmy: known instances only
            https://lemmy.world/post/12345678                                                      | Lemmy       | 12345678
            https://lemmy.ml/post/987654                                                           | Lemmy       | 987654
            https://sh.itjust.works/post/555                                                       | Lemmy       | 555
            https://beehaw.org/post/4242                                                           | Lemmy       | 4242
            https://programming.dev/post/77777                                                     | Lemmy       | 77777
            https://lemm.ee/post/31415                                                             | Lemmy       | 31415
            https://feddit.de/post/271828                                                          | Lemmy       | 271828
            https://lemmy.world/comment/999                                                        | Lemmy       |
            https://blog.example.com/post/123                                                      | Other       |
            # Neither a network nor a post
            https://example.com/blog/hello-world                                                   | Other       |
            https://www.google.com/search?q=outpost                                                | Other       |
            http://192.168.1.10:8080/@alice/123456                                                 | Mastodon    | 123456
            # Known networks without a post parser keep their name
            https://www.tumblr.com/staff/123456789/hello                                           | Tumblr      |
            """)
    void detectsTheNetworkAndThePostIdFromAPostUrl(String url, String network, String postId) {
        assertThat(PostUrls.detect(url)).isEqualTo(new PostRef(network, postId));
    }

    @Test
    void acceptsUppercaseSchemeAndHostAndSurroundingSpace() {
        assertThat(PostUrls.detect("  HTTPS://WWW.Reddit.COM/r/java/comments/abc123/x/ "))
                .isEqualTo(new PostRef("Reddit", "abc123"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "reddit.com/r/java/comments/abc123/", "ftp://x.com/a/status/1",
            "javascript:alert(1)", "mailto:a@b.c", "https:x.com/a/status/1", "https://", "https:///status/1",
            "https://exa mple.com/p/1", "https://x.com:80a/a/status/1", "https://bad..host/p", "https://a/b\tc",
            "https://[zz::1]/x"})
    void rejectsAMalformedOrNonHttpUrlNamingTheParameter(String url) {
        assertThatThrownBy(() -> PostUrls.detect(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("url: ");
    }

    @Test
    void quotesTheOffendingUrlInTheMessage() {
        assertThatThrownBy(() -> PostUrls.detect("ftp://files.example.com/a"))
                .hasMessage("url: not an http(s) URL: ftp://files.example.com/a");
    }
}
