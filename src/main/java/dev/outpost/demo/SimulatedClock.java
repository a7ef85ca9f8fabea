package dev.outpost.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The generator's clock: set to each event's time before the event enters the pipeline, so the real
 * {@code Ingest} stamps it (and hashes its visitor with that day's salt) in the past. One thread sets and reads it.
 */
final class SimulatedClock extends Clock {
    private long millis;

    SimulatedClock(long startMillis) {
        this.millis = startMillis;
    }

    void set(long epochMillis) {
        this.millis = epochMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** A still picture of this moment in another zone: enough for "today" questions asked along the way. */
    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
