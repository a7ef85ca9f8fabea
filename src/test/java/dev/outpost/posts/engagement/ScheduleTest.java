package dev.outpost.posts.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    static final Schedule S = Schedule.STANDARD;
    static final long PUBLISHED = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void fetchesHourlyForTheFirstTwoDays() {
        assertThat(S.afterSuccess(PUBLISHED, PUBLISHED + 5 * 60_000)).isEqualTo(PUBLISHED + 5 * 60_000 + HOUR);
        assertThat(S.afterSuccess(PUBLISHED, PUBLISHED + 2 * DAY - 1)).isEqualTo(PUBLISHED + 2 * DAY - 1 + HOUR);
    }

    @Test
    void thenDaily() {
        assertThat(S.afterSuccess(PUBLISHED, PUBLISHED + 2 * DAY)).isEqualTo(PUBLISHED + 3 * DAY);
        assertThat(S.afterSuccess(PUBLISHED, PUBLISHED + 10 * DAY + HOUR)).isEqualTo(PUBLISHED + 11 * DAY + HOUR);
    }

    @Test
    void takesALastReadingOnTheThirtiethDayAndThenStops() {
        assertThat(S.afterSuccess(PUBLISHED, PUBLISHED + 29 * DAY + 12 * HOUR)).isEqualTo(PUBLISHED + 30 * DAY);
        assertThat(S.afterSuccess(PUBLISHED, PUBLISHED + 30 * DAY)).isNull();
        assertThat(S.afterSuccess(PUBLISHED, PUBLISHED + 400 * DAY)).isNull();
    }

    @Test
    void aScheduledPostNotYetPublishedIsTreatedAsNew() {
        assertThat(S.afterSuccess(PUBLISHED, PUBLISHED - DAY)).isEqualTo(PUBLISHED - DAY + HOUR);
    }

    @Test
    void retriesAfterFiveMinutesDoublingUpToADayWithAFifthOfJitter() {
        long now = PUBLISHED + HOUR;
        assertThat(S.afterFailure(PUBLISHED, now, 1, true, null, 0.5)).isEqualTo(now + 5 * 60_000);
        assertThat(S.afterFailure(PUBLISHED, now, 2, true, null, 0.5)).isEqualTo(now + 10 * 60_000);
        assertThat(S.afterFailure(PUBLISHED, now, 4, true, null, 0.5)).isEqualTo(now + 40 * 60_000);
        assertThat(S.afterFailure(PUBLISHED, now, 30, true, null, 0.5)).isEqualTo(now + DAY);
        assertThat(S.afterFailure(PUBLISHED, now, 1, true, null, 0.0)).isEqualTo(now + 4 * 60_000);
        assertThat(S.afterFailure(PUBLISHED, now, 1, true, null, 0.999_999)).isBetween(now + 6 * 60_000 - 1, now + 6 * 60_000);
    }

    @Test
    void neverRetriesBeforeTheHostSaidItWasReady() {
        long now = PUBLISHED + HOUR;
        assertThat(S.afterFailure(PUBLISHED, now, 1, true, now + 2 * HOUR, 0.5)).isEqualTo(now + 2 * HOUR);
    }

    @Test
    void stopsRetryingAfterThirtyDaysExceptForAFewTriesAtAFirstReading() {
        long late = PUBLISHED + 40 * DAY;
        assertThat(S.afterFailure(PUBLISHED, late, 1, true, null, 0.5)).isNull();
        assertThat(S.afterFailure(PUBLISHED, late, 1, false, null, 0.5)).isEqualTo(late + 5 * 60_000);
        assertThat(S.afterFailure(PUBLISHED, late, 2, false, null, 0.5)).isNotNull();
        assertThat(S.afterFailure(PUBLISHED, late, 3, false, null, 0.5)).isNull();
    }
}
