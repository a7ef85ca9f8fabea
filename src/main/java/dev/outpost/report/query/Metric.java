package dev.outpost.report.query;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a query can count, by its public name. */
public enum Metric {
    VISITORS("visitors"),
    VISITS("visits"),
    PAGEVIEWS("pageviews"),
    CONVERSIONS("conversions"),
    REVENUE("revenue"),
    CONVERSION_RATE("conversion_rate"),
    BOUNCE_RATE("bounce_rate"),
    VISIT_DURATION("visit_duration"),
    /** Visitors of the range credited with a conversion through one of their visits in the range (and the row). */
    CONVERTING_VISITORS("converting_visitors");

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** True for metrics that need conversions credited by the attribution model. */
    public boolean needsConversions() {
        return this == CONVERSIONS || this == REVENUE || this == CONVERSION_RATE || this == CONVERTING_VISITORS;
    }

    /** Rates change by points, not by a percentage of themselves. */
    public boolean isRate() {
        return this == CONVERSION_RATE || this == BOUNCE_RATE;
    }

    public static Metric byKey(String key) {
        for (Metric m : values()) if (m.key.equals(key)) return m;
        return null;
    }

    /** Every metric a query may ask for: these, then the {@link PostMetric}s computed after the engine. */
    public static String known() {
        return Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", ")) + ", " + PostMetric.known();
    }
}
