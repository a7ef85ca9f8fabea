package dev.outpost.report.query;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a query can group and filter by. Visit dimensions are the visit's entry attributes (its
 * source, post, landing page, the entry event's browser); event dimensions are per pageview
 * (page) or per conversion (goal); time dimensions are buckets in the site's time zone.
 */
public enum Dimension {
    CHANNEL("visit:channel", Kind.VISIT, "channel"),
    NETWORK("visit:network", Kind.VISIT, "network"),
    SOURCE("visit:source", Kind.VISIT, "source"),
    POST("visit:post", Kind.VISIT, "post"),
    POST_MATCH("visit:post_match", Kind.VISIT, "post_match"),
    UTM_SOURCE("visit:utm_source", Kind.VISIT, "utm_source"),
    UTM_MEDIUM("visit:utm_medium", Kind.VISIT, "utm_medium"),
    UTM_CAMPAIGN("visit:utm_campaign", Kind.VISIT, "utm_campaign"),
    UTM_CONTENT("visit:utm_content", Kind.VISIT, "utm_content"),
    UTM_TERM("visit:utm_term", Kind.VISIT, "utm_term"),
    ENTRY_PAGE("visit:entry_page", Kind.VISIT, "entry_page"),
    BROWSER("visit:browser", Kind.VISIT, "browser"),
    OS("visit:os", Kind.VISIT, "os"),
    DEVICE("visit:device", Kind.VISIT, "device"),
    PAGE("event:page", Kind.PAGE, null),
    GOAL("event:goal", Kind.GOAL, null),
    HOUR("time:hour", Kind.TIME, null),
    DAY("time:day", Kind.TIME, null),
    WEEK("time:week", Kind.TIME, null),
    MONTH("time:month", Kind.TIME, null);

    public enum Kind { VISIT, PAGE, GOAL, TIME }

    /** How a missing value (a visit without a network, say) is shown and filtered for. */
    public static final String NONE = "(none)";

    private final String key;
    private final Kind kind;
    private final String column;

    Dimension(String key, Kind kind, String column) {
        this.key = key;
        this.kind = kind;
        this.column = column;
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The {@code QueryStore} column key of a visit dimension; null for the others. */
    public String column() {
        return column;
    }

    public static Dimension byKey(String key) {
        for (Dimension d : values()) if (d.key.equals(key)) return d;
        return null;
    }

    public static String known() {
        return Arrays.stream(values()).map(Dimension::key).collect(Collectors.joining(", "));
    }
}
