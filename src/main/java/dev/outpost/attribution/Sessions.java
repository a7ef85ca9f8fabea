package dev.outpost.attribution;

import java.time.Duration;

/** When consecutive events of one visitor belong to the same visit. */
public final class Sessions {

    /** The usual analytics inactivity timeout (GA, Matomo, Plausible all use 30 minutes). */
    public static final Duration GAP = Duration.ofMinutes(30);

    private static final long GAP_MILLIS = GAP.toMillis();

    private Sessions() {
    }

    /**
     * True when an event at {@code ts} continues a visit whose previous event was at {@code lastTs}: the gap is
     * under 30 minutes. Equal and out-of-order timestamps continue too, because beacons from one page can arrive
     * in any order and a clock that steps back must not split a visit.
     */
    public static boolean continues(long lastTs, long ts) {
        if (ts <= lastTs) {
            return true;
        }
        long gap = ts - lastTs;
        return gap > 0 && gap < GAP_MILLIS; // gap <= 0 here only on overflow, i.e. an enormous gap
    }
}
