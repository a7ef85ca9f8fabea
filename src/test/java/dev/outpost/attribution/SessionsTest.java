package dev.outpost.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionsTest {

    private static final long LAST = 1_700_000_000_000L;

    @ParameterizedTest(name = "{0} ms after the last event -> continues: {1}")
    @CsvSource({
            "0,        true",   // same millisecond
            "-60000,   true",   // a minute earlier: beacons arrive out of order
            "1,        true",
            "1799999,  true",   // 29:59.999
            "1800000,  false",  // exactly 30 minutes: a new visit
            "1800001,  false",
            "86400000, false"   // next day
    })
    void continuesAVisitOnlyWhileTheGapIsUnderThirtyMinutes(long offset, boolean continues) {
        assertThat(Sessions.continues(LAST, LAST + offset)).isEqualTo(continues);
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({
            "-9223372036854775808, 9223372036854775807, false",
            "9223372036854775807, -9223372036854775808, true"
    })
    void survivesGapsTooLargeForALong(long lastTs, long ts, boolean continues) {
        assertThat(Sessions.continues(lastTs, ts)).isEqualTo(continues);
    }
}
