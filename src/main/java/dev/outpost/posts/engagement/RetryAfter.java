package dev.outpost.posts.engagement;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads {@code Retry-After} (RFC 9110): delay-seconds or an HTTP date. */
final class RetryAfter {
    private RetryAfter() {}

    /** How long the server asks us to wait; null when the header is absent or unreadable. Never negative. */
    static Duration parse(String raw, Instant now) {
        if (raw == null || raw.isBlank()) return null;
        String s = raw.strip();
        if (s.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(s));
            } catch (NumberFormatException tooLong) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * When a rate-limit window reopens, from {@code X-RateLimit-Reset}: Reddit sends seconds from now, Mastodon an
     * ISO 8601 instant. Null when unreadable.
     */
    static Instant reset(String raw, Instant now) {
        if (raw == null || raw.isBlank()) return null;
        String s = raw.strip();
        try {
            double seconds = Double.parseDouble(s);
            // Epoch seconds (GitHub style) are far beyond any window length; anything under a day is "from now".
            if (seconds > 86_400) return Instant.ofEpochSecond((long) seconds);
            return now.plusMillis((long) (Math.max(0, seconds) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
