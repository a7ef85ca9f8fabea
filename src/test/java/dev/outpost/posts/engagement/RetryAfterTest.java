package dev.outpost.posts.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateAsTheTimeLeftUntilIt() {
        assertThat(RetryAfter.parse("Fri, 20 Nov 2026 09:05:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(5));
        assertThat(RetryAfter.parse("Fri, 20 Nov 2026 08:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isNull();
    }

    @Test
    void readsRateLimitResetsAsSecondsFromNowOrAnInstant() {
        assertThat(RetryAfter.reset("42.0", NOW)).isEqualTo(NOW.plusSeconds(42)); // Reddit
        assertThat(RetryAfter.reset("2026-11-20T09:05:00.000Z", NOW)).isEqualTo(NOW.plusSeconds(300)); // Mastodon
        assertThat(RetryAfter.reset("1763629500", NOW)).isEqualTo(Instant.ofEpochSecond(1763629500)); // epoch seconds
        assertThat(RetryAfter.reset("whenever", NOW)).isNull();
    }
}
