package dev.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngagementConfigTest {

    @Test
    void defaultsToThePublicApisOnAScheduleWithPrivateAddressesRefused() {
        EngagementConfig c = EngagementConfig.fromEnv(Map.of());
        assertThat(c.schedule()).isTrue();
        assertThat(c.tick()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.allowPrivate()).isFalse();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.hostSpacing()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.blueskyAppView()).isEqualTo(URI.create("https://public.api.bsky.app"));
        assertThat(c.reddit()).isEqualTo(URI.create("https://www.reddit.com"));
        assertThat(c.hackerNews()).isEqualTo(URI.create("https://hacker-news.firebaseio.com"));
        assertThat(c.youTube()).isEqualTo(URI.create("https://www.googleapis.com"));
        assertThat(c.youTubeApiKey()).isNull();
        assertThat(c.userAgent()).isEqualTo(EngagementConfig.DEFAULT_USER_AGENT);
    }

    @Test
    void readsEveryVariable() {
        EngagementConfig c = EngagementConfig.fromEnv(Map.ofEntries(
                Map.entry("OUTPOST_ENGAGEMENT_SCHEDULE", "off"), Map.entry("OUTPOST_ENGAGEMENT_TICK_SECONDS", "5"),
                Map.entry("OUTPOST_FETCH_ALLOW_PRIVATE", "true"), Map.entry("OUTPOST_FETCH_TIMEOUT_SECONDS", "3"),
                Map.entry("OUTPOST_FETCH_HOST_SPACING_MS", "0"), Map.entry("OUTPOST_FETCH_USER_AGENT", "me:outpost:1 (by /u/me)"),
                Map.entry("OUTPOST_BLUESKY_APPVIEW_URL", "http://appview.lan:2584/"),
                Map.entry("OUTPOST_REDDIT_URL", "https://proxy.example/reddit"), Map.entry("OUTPOST_HN_URL", "http://hn.lan"),
                Map.entry("OUTPOST_YOUTUBE_URL", "http://yt.lan"), Map.entry("OUTPOST_YOUTUBE_API_KEY", "AIzaSecret")));
        assertThat(c.schedule()).isFalse();
        assertThat(c.tick()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.allowPrivate()).isTrue();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.hostSpacing()).isZero();
        assertThat(c.userAgent()).isEqualTo("me:outpost:1 (by /u/me)");
        assertThat(c.blueskyAppView()).isEqualTo(URI.create("http://appview.lan:2584"));
        assertThat(c.reddit()).isEqualTo(URI.create("https://proxy.example/reddit"));
        assertThat(c.youTubeApiKey()).isEqualTo("AIzaSecret");
        assertThat(c.toString()).doesNotContain("AIzaSecret");
    }

    @Test
    void refusesBadValuesNamingTheVariable() {
        assertThatThrownBy(() -> EngagementConfig.fromEnv(Map.of("OUTPOST_FETCH_ALLOW_PRIVATE", "maybe")))
                .hasMessageStartingWith("OUTPOST_FETCH_ALLOW_PRIVATE must be true or false");
        assertThatThrownBy(() -> EngagementConfig.fromEnv(Map.of("OUTPOST_FETCH_TIMEOUT_SECONDS", "0")))
                .hasMessageStartingWith("OUTPOST_FETCH_TIMEOUT_SECONDS must be a whole number from 1");
        assertThatThrownBy(() -> EngagementConfig.fromEnv(Map.of("OUTPOST_REDDIT_URL", "ftp://reddit.com")))
                .hasMessageStartingWith("OUTPOST_REDDIT_URL must be an http(s) URL");
        assertThatThrownBy(() -> EngagementConfig.fromEnv(Map.of("OUTPOST_HN_URL", "https://hn.example/?x=1")))
                .hasMessageStartingWith("OUTPOST_HN_URL must be an http(s) URL");
        assertThatThrownBy(() -> EngagementConfig.fromEnv(Map.of("OUTPOST_FETCH_USER_AGENT", "two\nlines")))
                .hasMessageStartingWith("OUTPOST_FETCH_USER_AGENT must be printable ASCII");
    }
}
